import path from "node:path";
import express from "express";
import compression from "compression";
import type { AppLoadContext } from "@remix-run/node";
import { writeReadableStreamToWritable } from "@remix-run/node";
import { cleanText, needsCleaning } from "./clean-text";
import { badRequestPage, bodyRefusedPage, crossOriginPage, signInToUploadPage } from "./error-pages.server";
import { bodyRefusal, createNonce, isCrossOriginWrite, MAX_REQUEST_BYTES, securityHeaders, SMALL_BODY_BYTES } from "./security.server";
import { currentUser } from "./session.server";

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
  /** Express's `trust proxy` (TRUST_PROXY): which proxies may tell the client's address, protocol and host. */
  trustProxy?: boolean | number | string;
}

/**
 * The forms that take a file, by path: only these may send more than SMALL_BODY_BYTES (up to MAX_REQUEST_BYTES), only
 * as multipart, and only with a valid session. A new upload form adds its path here.
 */
const UPLOAD_PATHS: RegExp[] = [
  /^\/beteiligungen\/\d+\/vorschlag\/?$/, // a new proposal with its photo
  /^\/vorschlaege\/\d+\/bearbeiten\/?$/, // a proposal's new photo
  /^\/verwaltung\/\d+\/dokumente\/?$/, // a document upload
  /^\/verwaltung\/(neu|\d+)\/?$/, // the consultation editor: the area as a GeoJSON file or pasted (up to 2 MB)
];

export function isUploadPath(pathname: string): boolean {
  return UPLOAD_PATHS.some((pattern) => pattern.test(pathname));
}

/** How many bodies larger than SMALL_BODY_BYTES are read and held at once; one more gets 503 (at most ~4 × 100 MB). */
export const MAX_LARGE_BODIES_IN_FLIGHT = 4;
/** The Retry-After of that 503, in seconds. */
const LARGE_BODY_RETRY_SECONDS = 10;

/** The whole HTTP application; server.ts only adds the database, the jobs and `listen`. */
export function createEdgeApp(options: EdgeOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? "loopback");
  app.use(compression());
  app.use(guard(app, options));
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
function guard(app: express.Express, options: EdgeOptions): express.RequestHandler {
  const publicOrigin = new URL(options.publicUrl).origin;
  // Per app (= per process); on app.locals so that tests can see it.
  const largeBodies = { inFlight: 0 };
  app.locals.largeBodies = largeBodies;
  return async (req, res, next) => {
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
    try {
      if (await refuseLargeBody(options, largeBodies, req, res)) return;
    } catch (error) {
      next(error);
      return;
    }
    next();
  };
}

// A body above SMALL_BODY_BYTES costs up to ~100 MB while it is read, parsed and written again (decision 0012), so it is
// taken only where a file is expected (413 elsewhere), only from a signed-in person (401: nobody anonymous can make
// the server hold 26 MB), and only MAX_LARGE_BODIES_IN_FLIGHT at once (503). All before the body is read. Returns
// true when it has answered; otherwise the body may be read up to `res.locals.bodyLimit`.
async function refuseLargeBody(
  options: EdgeOptions,
  largeBodies: { inFlight: number },
  req: express.Request,
  res: express.Response,
): Promise<boolean> {
  res.locals.bodyLimit = SMALL_BODY_BYTES;
  if (BODYLESS_METHODS.has(req.method)) return false;
  // bodyRefusal has checked the Content-Length (digits) or that there is no body.
  const declared = Number(req.get("content-length") ?? 0);
  if (declared <= SMALL_BODY_BYTES) return false;
  const refuse = (status: 401 | 413 | 503, page: string) => {
    res.status(status).set("Connection", "close").type("html").send(page);
    return true;
  };
  const type = (req.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "multipart/form-data" || !isUploadPath(req.path)) return refuse(413, bodyRefusedPage(413, "here"));
  if (!(await hasSession(options, req, res))) return refuse(401, signInToUploadPage());
  if (largeBodies.inFlight >= MAX_LARGE_BODIES_IN_FLIGHT) {
    res.set("Retry-After", String(LARGE_BODY_RETRY_SECONDS));
    return refuse(503, bodyRefusedPage(503));
  }
  // Held until the answer is sent or the client has gone: the route works on the parsed body until then.
  largeBodies.inFlight += 1;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    largeBodies.inFlight -= 1;
  };
  res.on("finish", release);
  res.on("close", release);
  res.locals.bodyLimit = MAX_REQUEST_BYTES;
  return false;
}

/** Whether the request carries a valid session, looked up as the routes do (the session functions, the database). */
async function hasSession(options: EdgeOptions, req: express.Request, res: express.Response): Promise<boolean> {
  const cookie = req.get("cookie");
  if (!cookie) return false;
  const request = new Request("http://edge.invalid/", { headers: { Cookie: cookie } });
  return (await currentUser(request, options.getLoadContext(req, res))) !== null;
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

// The URL as the express adapter builds it: the host from X-Forwarded-Host (behind a trusted proxy) or Host. The port
// is taken from X-Forwarded-Host only when the proxy is trusted, as express does with the host name (req.hostname).
function requestUrl(req: express.Request): URL | null {
  const trusted = (req.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean)(req.socket.remoteAddress, 0);
  const [, forwardedPort] = (trusted && req.get("X-Forwarded-Host")?.split(":")) || [];
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

/**
 * The Request Remix gets: query and form cleaned, the body read whole (which also drains it from the connection), at
 * most `bodyLimit` bytes (the guard's decision: SMALL_BODY_BYTES, or MAX_REQUEST_BYTES for an upload it has let in).
 */
export async function cleanRequest(req: express.Request, signal: AbortSignal, bodyLimit = SMALL_BODY_BYTES): Promise<CleanRequest> {
  const url = requestUrl(req);
  if (!url) return { ok: false, reason: "address_invalid" };
  cleanQuery(url);
  if (BODYLESS_METHODS.has(req.method)) {
    return { ok: true, request: new Request(url.href, { method: req.method, headers: requestHeaders(req, false), signal }) };
  }
  const bytes = await readBody(req, bodyLimit);
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
      const cleaned = await cleanRequest(req, controller.signal, (res.locals.bodyLimit as number | undefined) ?? SMALL_BODY_BYTES);
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
