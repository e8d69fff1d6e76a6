import { expect } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "~/lib/db.server";
import { de } from "~/i18n/de";

// Calls Remix loaders and actions directly, the way the server would: a Request, the route params and our
// load context. A loader or action may return or throw a Response (json(), redirect(), an error page);
// both come back as the Response, so tests assert status, headers and body alike.
// Anything else that is thrown (a database error, a TypeError) is not caught: it would be a 500, and the
// test fails with the real error.

export const ORIGIN = "http://localhost:3000";

type Params = Record<string, string | undefined>;
type RouteFunction = (args: { request: Request; params: Params; context: AppLoadContext }) => unknown;

export interface CallOptions {
  /** Route params, e.g. `{ id: "12" }`. */
  params?: Params;
  /** The Cookie header, e.g. from `sessionCookieFor`. */
  cookie?: string;
  /** Form fields of a POST (sent as application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  /** A multipart body instead (forms with files); takes the place of `form`. */
  multipart?: FormData;
  method?: string;
  headers?: Record<string, string>;
  clientIp?: string;
}

/** Runs one loader or action and returns its Response, thrown or returned. */
export async function callRoute(db: DB, fn: RouteFunction, path: string, options: CallOptions = {}): Promise<Response> {
  const method = options.method ?? (options.form ? "POST" : "GET");
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  const request = new Request(new URL(path, ORIGIN), {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : (options.multipart ?? new URLSearchParams(options.form ?? {})),
  });
  const context = { db, nonce: "test-nonce", clientIp: options.clientIp ?? "203.0.113.7" } as AppLoadContext;
  try {
    const result = await fn({ request, params: options.params ?? {}, context });
    if (result instanceof Response) return result;
    // A loader may return plain data; Remix would send it as JSON.
    return Response.json(result ?? null);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** `const r = routes(t)`; then `await r.get(loader, "/path", { params })`, `await r.post(action, "/path", { form })`. */
export function routes(handle: { readonly db: DB }) {
  return {
    get: (loader: RouteFunction, path: string, options: Omit<CallOptions, "form" | "method"> = {}) =>
      callRoute(handle.db, loader, path, { ...options, method: "GET" }),
    post: (action: RouteFunction, path: string, options: CallOptions = {}) =>
      callRoute(handle.db, action, path, { form: {}, ...options, method: options.method ?? "POST" }),
  };
}

/** The JSON body of a Response (read from a clone, so it can be read again). */
export async function bodyOf<T = any>(response: Response): Promise<T> {
  const text = await response.clone().text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected a JSON body, got (${response.status}): ${text.slice(0, 200)}`);
  }
}

/** A refused form: the status, a `formError` code that has German text, never a 5xx. */
export async function expectRefused(response: Response, status: number, reason: string) {
  const body = await bodyOf<{ formError?: string; fieldErrors: Record<string, string> }>(response);
  expect({ status: response.status, formError: body.formError }).toEqual({ status, formError: reason });
  expect(de.errors[reason], `German text for ${reason}`).toEqual(expect.any(String));
  return body;
}

/** A thrown error page (403, 404, …): the status and the reason the error boundary shows in German. */
export async function expectHttpError(response: Response, status: number, reason?: string) {
  const body = await bodyOf<{ reason?: string }>(response);
  expect({ status: response.status, reason: body.reason }).toEqual({ status, reason: reason ?? body.reason });
  if (body.reason) expect(de.errors[body.reason], `German text for ${body.reason}`).toEqual(expect.any(String));
  return body;
}

/** A redirect after a successful POST (or a GET that only sends elsewhere); returns the Location. */
export function expectRedirect(response: Response, location?: string | RegExp): string {
  expect([301, 302, 303, 307, 308], `status ${response.status} is a redirect`).toContain(response.status);
  const target = response.headers.get("Location") ?? "";
  if (typeof location === "string") expect(target).toBe(location);
  else if (location) expect(target).toMatch(location);
  return target;
}

/** A successful page load: 200 and its data. */
export async function expectOk<T = any>(response: Response): Promise<T> {
  if (response.status !== 200) {
    throw new Error(`expected 200, got ${response.status}: ${(await response.clone().text()).slice(0, 300)}`);
  }
  return bodyOf<T>(response);
}
