import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "~/entry.server";

// What reaches the server log: faults, not refusals (a POST to a page without an action is a 405 anyone can send).
// What Remix throws for a refusal it makes itself (405, 404): an error response as isRouteErrorResponse knows it.
const errorResponse = (status: number) => ({ status, statusText: "", internal: true, data: null });

describe("the server log", () => {
  afterEach(() => vi.restoreAllMocks());
  const args = (aborted = false) => {
    const controller = new AbortController();
    if (aborted) controller.abort();
    return { request: new Request("http://localhost/", { signal: controller.signal }), params: {}, context: {} as never };
  };

  it("keeps 4xx refusals and requests the client gave up out of the log, and logs every fault", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    handleError(errorResponse(405), args());
    handleError(errorResponse(404), args());
    handleError(new Error("gone"), args(true));
    expect(log).not.toHaveBeenCalled();
    handleError(new Error("database down"), args());
    handleError(errorResponse(500), args());
    expect(log).toHaveBeenCalledTimes(2);
  });
});
