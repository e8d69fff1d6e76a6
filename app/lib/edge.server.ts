import path from "node:path";
import express from "express";
import compression from "compression";
import type { AppLoadContext } from "@remix-run/node";
import { writeReadableStreamToWritable } from "@remix-run/node";
import { cleanText, needsCleaning } from "./clean-text";
import { badRequestPage, bodyRefusedPage, crossOriginPage } from "./error-pages.server";
import { bodyRefusal, createNonce, isCrossOriginWrite, MAX_REQUEST_BYTES, securityHeaders } from "./security.server";

// The edge: everything between the socket and Remix. Security headers, the same-origin check, the body refusals,
// static files, and our own small Remix adapter (in place of @remix-run/express) that builds a CLEAN Request: control
// characters are removed from every query parameter and form field, and a form body that cannot be parsed is answered
// with 400 here, in one place (decision 0012). Remix recreates the Request for every loader and action, so the cleaning
// must happen before the Request exists; a Request subclass would not survive.

/** Remix's request handler (createRequestHandler of @remix-run/node), or a stand-in in tests. */
export type RemixRequestHandler = (request: Request, loadContext: AppLoadContext) => Promise<Response>;

export interface EdgeOptions {
  handleRequest: RemixRequestHandler;
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext;
  publicUrl: string;
  tileUrl: string;
  secure: boolean;
  /** The folder of static files (public/); none in tests. */
  publicDir?: string;
}

/** The whole HTTP application; server.ts only adds the database, the jobs and `listen`. */
export function createEdgeApp(options: EdgeOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(compression());
  app.use(guard(options));
  if (options.publicDir) {
    app.use("/build", express.static(path.join(options.publicDir, "build"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.publicDir, { maxAge: "1h" }));
  }
  app.all("*", remixHandler(options));
  return app;
}

const BODYLESS_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Headers for every answer, then the refusals that need nothing but the request line and headers. These are sent
// before the body is read, so they close the connection: a kept-alive connection with an unread body in it would
// break the next request sent on it (issue 8, item 20).
function guard(options: EdgeOptions): express.RequestHandler {
  const publicOrigin = new URL(options.publicUrl).origin;
  return (req, res, next) => {
    const nonce = createNonce();
    res.locals.nonce = nonce;
    res.set(securityHeaders({ nonce, tileUrl: options.tileUrl, secure: options.secure }));
    if (!isCleanPath(req.originalUrl)) {
      res.status(400).set("Connection", "close").type("html").send(badRequestPage("address_invalid"));
      return;
    }
    const ownOrigins = [publicOrigin, `${req.protocol}://${req.get("host")}`];
    if (isCrossOriginWrite(req.method, { get: (name) => req.get(name) }, ownOrigins)) {
      res.status(403).set("Connection", "close").type("html").send(crossOriginPage());
      return;
    }
    const refusedBody = bodyRefusal(req.method, { get: (name) => req.get(name) });
    if (refusedBody) {
      res.status(refusedBody.status).set("Connection", "close").type("html").send(bodyRefusedPage(refusedBody.status));
      return;
    }
    next();
  };
}

// The path is not cleaned but checked: its parameters are ids, and nobody types a path. A link with an invisible
// control character (or percent-encoding that is not UTF-8) is broken, and cleaning it would let several addresses show
// one page, or even make new ones ("/%00/x" would become "//x"). So such a path gets a 400 and reaches no route.
function isCleanPath(originalUrl: string): boolean {
  const pathname = originalUrl.split("?")[0];
  for (const segment of pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return false;
    }
    if (needsCleaning(decoded)) return false;
  }
  return true;
}

/** Removes control characters from every query parameter's name and value; the URL is rebuilt only if one changed. */
export function cleanQuery(url: URL): void {
  if (!url.search) return;
  const entries = [...url.searchParams];
  if (!entries.some(([name, value]) => needsCleaning(name) || needsCleaning(value))) return;
  url.search = new URLSearchParams(entries.map(([name, value]) => [cleanText(name), cleanText(value)])).toString();
}

type CleanBody = { ok: true; body: Uint8Array<ArrayBuffer>; contentType: string } | { ok: false };

/**
 * A form body parsed and written again with every text field (and file name) cleaned; the files' bytes stay as they
 * are. A body that does not parse (multipart without boundary, truncated, not multipart at all) gives `ok: false`.
 */
export async function cleanFormBody(contentType: string, bytes: Uint8Array<ArrayBuffer>): Promise<CleanBody> {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    // The same as the URL standard's form parser: UTF-8, invalid bytes become U+FFFD.
    const fields = new URLSearchParams(new TextDecoder().decode(bytes));
    const cleaned = new URLSearchParams([...fields].map(([name, value]) => [cleanText(name), cleanText(value)]));
    return { ok: true, body: new TextEncoder().encode(cleaned.toString()), contentType: "application/x-www-form-urlencoded;charset=UTF-8" };
  }
  if (type !== "multipart/form-data") return { ok: false };
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return { ok: false };
  }
  const cleaned = new FormData();
  for (const [name, value] of form) {
    if (typeof value === "string") cleaned.append(cleanText(name), cleanText(value));
    else cleaned.append(cleanText(name), new File([value], cleanText(value.name), { type: value.type, lastModified: value.lastModified }));
  }
  const written = new Response(cleaned);
  return { ok: true, body: new Uint8Array(await written.arrayBuffer()), contentType: written.headers.get("Content-Type")! };
}

/** The whole body, at most `limit` bytes; null if the client went away or sent more. */
async function readBody(req: express.Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) return null;
      chunks.push(chunk);
    }
  } catch {
    return null;
  }
  return Buffer.concat(chunks, size);
}

// The URL as the express adapter builds it: the host from X-Forwarded-Host (behind a trusted proxy) or Host.
function requestUrl(req: express.Request): URL | null {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [Number.parseInt(forwardedPort, 10), Number.parseInt(hostPort, 10)].find((p) => Number.isSafeInteger(p));
  try {
    return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  } catch {
    return null;
  }
}

function requestHeaders(req: express.Request, withoutBodyHeaders: boolean): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (withoutBodyHeaders && ["content-type", "content-length", "transfer-encoding", "content-encoding"].includes(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

type CleanRequest =
  { ok: true; request: Request } | { ok: false; reason: "request_malformed" | "address_invalid" } | { ok: false; reason: "gone" };

/** The Request Remix gets: query and form cleaned, the body read whole (which also drains it from the connection). */
export async function cleanRequest(req: express.Request, signal: AbortSignal): Promise<CleanRequest> {
  const url = requestUrl(req);
  if (!url) return { ok: false, reason: "address_invalid" };
  cleanQuery(url);
  if (BODYLESS_METHODS.has(req.method)) {
    return { ok: true, request: new Request(url.href, { method: req.method, headers: requestHeaders(req, false), signal }) };
  }
  const bytes = await readBody(req, MAX_REQUEST_BYTES);
  if (!bytes) return { ok: false, reason: "gone" };
  const form = await cleanFormBody(req.get("content-type") ?? "", bytes);
  if (!form.ok) return { ok: false, reason: "request_malformed" };
  const headers = requestHeaders(req, true);
  // The guard has checked the origin against PUBLIC_URL and the Host. Remix checks it once more, against Host alone,
  // and throws (a 500) where a proxy does not pass the public host on; one check, ours, is enough.
  headers.delete("origin");
  headers.set("Content-Type", form.contentType);
  headers.set("Content-Length", String(form.body.byteLength));
  return { ok: true, request: new Request(url.href, { method: req.method, headers, body: form.body, signal }) };
}

/** Status, status text, every header (Set-Cookie one by one) and the streamed body, as the express adapter sends them. */
export async function sendRemixResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.append(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.append("Set-Cookie", cookies);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** The Remix handler for express: a clean Request in, the Response out; aborted when the client goes away. */
export function remixHandler(options: Pick<EdgeOptions, "handleRequest" | "getLoadContext">): express.RequestHandler {
  return async (req, res, next) => {
    // Abort loaders and actions once no answer can be written any more (`close` without `finish`).
    let controller: AbortController | null = new AbortController();
    res.on("finish", () => (controller = null));
    res.on("close", () => controller?.abort());
    try {
      const cleaned = await cleanRequest(req, controller.signal);
      if (!cleaned.ok) {
        if (cleaned.reason === "gone") {
          // Nobody to answer: the client left, or sent more than it declared.
          if (!res.headersSent) res.status(400).set("Connection", "close").end();
          return;
        }
        res.status(400).type("html").send(badRequestPage(cleaned.reason));
        return;
      }
      const response = await options.handleRequest(cleaned.request, options.getLoadContext(req, res));
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}
