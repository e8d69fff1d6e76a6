import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/components/nonce";
import { withoutNulBytes } from "~/lib/html-stream.server";

const ABORT_DELAY = 5_000;

// Remix logs every error a loader or action throws, with its stack, by default, even a 405 for a POST to a page
// without an action: anyone could fill the log that way. Refusals (4xx) are answers, not faults; a request the
// client gave up is nobody's fault either. Everything else is logged.
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};

// A document's headers come from the routes' `headers` exports; without one, Remix keeps only Set-Cookie of what a
// loader or action answered. So the Retry-After of a refusal (refused(…, { retryAfter }), a 429 to a form posted
// without JavaScript) would be lost: it is carried over here, for every route at once.
function carryRetryAfter(remixContext: EntryContext, responseHeaders: Headers) {
  if (responseHeaders.has("Retry-After")) return;
  const { actionHeaders, loaderHeaders } = remixContext.staticHandlerContext;
  for (const headers of [...Object.values(actionHeaders ?? {}), ...Object.values(loaderHeaders ?? {})]) {
    const value = headers.get("Retry-After");
    if (value) {
      responseHeaders.set("Retry-After", value);
      return;
    }
  }
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.nonce;
  // Bots get the whole document at once; browsers get it as soon as the shell is ready.
  const readyEvent = isbot(request.headers.get("user-agent") || "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          // React 18 pads its output with NUL bytes where a multibyte character meets its 2048-byte chunk edge.
          const body = withoutNulBytes();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          carryRetryAfter(remixContext, responseHeaders);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
