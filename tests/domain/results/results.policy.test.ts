import { describe, expect, it } from "vitest";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import type { Phase } from "~/domain/consultations/consultations.policy";
import { canReadResults, reportWriteRefusal, reportWriterRefusal, resultsReadRefusal } from "~/domain/results/results.policy";

const person = (role: Role): CurrentUser => ({
  id: role,
  email: `${role}@example.org`,
  displayName: role,
  role,
  verified: true,
  suspendedUntil: null,
  suspensionReason: null,
});
const everyone: (CurrentUser | null)[] = [null, person("resident"), person("council"), person("moderator"), person("admin")];
const readers = (phase: Phase) => everyone.filter((u) => canReadResults(u, phase)).map((u) => u?.role ?? "guest");

describe("results.policy", () => {
  it("everyone reads a published report", () => {
    expect(readers("published")).toEqual(["guest", "resident", "council", "moderator", "admin"]);
  });

  it("after the end and before publication: council members and moderators (draft or live figures), nobody else", () => {
    expect(readers("closed")).toEqual(["council", "moderator", "admin"]);
    expect(resultsReadRefusal(person("resident"), "closed")).toBe("not_found");
  });

  it("before the end there is no result for anyone", () => {
    for (const phase of ["draft", "scheduled", "open"] as const) expect(readers(phase)).toEqual([]);
  });

  it("moderators write the report after the end, until it is published", () => {
    expect(everyone.filter((u) => reportWriterRefusal(u) === null).map((u) => u?.role)).toEqual(["moderator", "admin"]);
    expect(reportWriteRefusal(person("moderator"), "closed")).toBeNull();
    expect(reportWriteRefusal(person("moderator"), "open")).toBe("not_closed");
    expect(reportWriteRefusal(person("moderator"), "published")).toBe("already_published");
    expect(reportWriteRefusal(person("council"), "closed")).toBe("forbidden");
  });
});
