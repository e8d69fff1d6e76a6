import crypto from "node:crypto";

export function createNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The headers every answer carries. Scripts run only with this request's nonce; tiles may come from the tile server. */
export function securityHeaders(options: { nonce: string; tileUrl: string; secure: boolean }): Record<string, string> {
  const tileOrigin = originOf(options.tileUrl.replace(/[{}]/g, ""));
  const img = ["'self'", "data:", ...(tileOrigin ? [tileOrigin] : [])].join(" ");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}'`,
    "style-src 'self'",
    `img-src ${img}`,
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self)",
    ...(options.secure ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// A state change must come from our own pages. Browsers send Sec-Fetch-Site (modern ones) and Origin on POST. Where
// Origin is missing (older browsers, some privacy settings), the Referer stands in for it, as OWASP's CSRF guidance
// says: a Referer from another origin is refused. A request with none of the three is not a browser form of another
// site (curl, tests) and passes.
export function isCrossOriginWrite(
  method: string,
  headers: { get(name: string): string | null | undefined },
  ownOrigins: string[],
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers.get("sec-fetch-site");
  // "none" means the person started the request themselves (typed the address, a bookmark, a form resubmitted from the
  // browser's history or reload): browsers never send it for a request that a page of another site causes, so no other
  // site can forge a POST that carries it. The Origin check below still applies to such a request.
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = headers.get("origin");
  // "null" is an opaque origin (sandboxed frames, data: pages, some redirects): never ours.
  if (origin) return origin === "null" || !ownOrigins.includes(origin);
  const referer = headers.get("referer");
  if (referer) {
    const refererOrigin = originOf(referer);
    return refererOrigin === null || refererOrigin === "null" || !ownOrigins.includes(refererOrigin);
  }
  return false;
}

/** The largest request body: a 25 MB document upload with its form fields. Only an upload form takes more than the small limit. */
export const MAX_REQUEST_BYTES = 26 * 1024 * 1024;
/**
 * The largest body of any other request, anonymous ones included: every form without a file fits. The largest is a
 * text document (200,000 characters with title and description); sent urlencoded, a character takes up to 9 bytes
 * (a 3-byte UTF-8 character, percent-encoded), so 1.8 MB in the worst case.
 */
export const SMALL_BODY_BYTES = 2 * 1024 * 1024;
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

// Every write is a form: its size is declared up front (Node then reads exactly that much, so no upload can grow
// past the limit while it streams) and its type is one the routes can read. Refused before any route runs.
export function bodyRefusal(method: string, headers: { get(name: string): string | null | undefined }): { status: 411 | 413 | 415 } | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const type = (headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type)) return { status: 415 };
  // A compressed body (Content-Encoding: gzip, …) is not decoded here; the form parsers would read garbage.
  const encoding = (headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "") return { status: 415 };
  const length = headers.get("content-length");
  // Without Content-Length a body is either empty (HTTP/1.1) or chunked, whose size nobody knows beforehand.
  if (length === null || length === undefined) return headers.get("transfer-encoding") ? { status: 411 } : null;
  if (!/^\d+$/.test(length)) return { status: 411 };
  if (Number(length) > MAX_REQUEST_BYTES) return { status: 413 };
  return null;
}
