import type { AppLoadContext } from "@remix-run/node";
import { env } from "./env.server";
import { KNOWN_DEVICE_SECONDS, logout, SESSION_ABSOLUTE_SECONDS, userForSession } from "~/domain/accounts/accounts.server";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { httpError } from "./http.server";

// The session cookie carries only a random token; the database keeps its hash, so sessions can be revoked.
// Over https the cookie gets Secure and the __Host- prefix (no Domain, Path=/).
export function sessionCookieName() {
  return env().secure ? "__Host-ratschlag_session" : "ratschlag_session";
}

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("="); // tokens are base64url: nothing to decode
  }
  return null;
}

export function sessionToken(request: Request): string | null {
  const token = readCookie(request, sessionCookieName());
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

export function sessionCookie(token: string): string {
  const secure = env().secure ? "; Secure" : "";
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_ABSOLUTE_SECONDS}${secure}`;
}

// The known-device cookie (decision 0013, OWASP "device cookies"): a random token, set at every successful login and
// kept when the session ends; its keyed hash is stored with the account. A login attempt from a known device of the
// typed address is exempt from the per-address ceiling. Same attributes as the session cookie, but long-lived.
export function knownDeviceCookieName() {
  return env().secure ? "__Host-ratschlag_device" : "ratschlag_device";
}

export function knownDeviceToken(request: Request): string | null {
  const token = readCookie(request, knownDeviceCookieName());
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

export function knownDeviceCookie(token: string): string {
  const secure = env().secure ? "; Secure" : "";
  return `${knownDeviceCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${KNOWN_DEVICE_SECONDS}${secure}`;
}

/** The cookies of a successful login (password or link): a new session, and the device known from now on. */
export function loginCookies(login: { token: string; deviceToken: string }): Headers {
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(login.token));
  headers.append("Set-Cookie", knownDeviceCookie(login.deviceToken));
  return headers;
}

export function clearedSessionCookie(): string {
  const secure = env().secure ? "; Secure" : "";
  return `${sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

const cache = new WeakMap<Request, Promise<CurrentUser | null>>();

/** The signed-in person, or null. Looked up once per request. */
export function currentUser(request: Request, context: AppLoadContext): Promise<CurrentUser | null> {
  let user = cache.get(request);
  if (!user) {
    const token = sessionToken(request);
    user = token ? userForSession(context.db, token) : Promise.resolve(null);
    cache.set(request, user);
  }
  return user;
}

/** The signed-in person; otherwise a 401 answer that offers the login. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<CurrentUser> {
  const user = await currentUser(request, context);
  if (!user) throw httpError(401, "login_required");
  return user;
}

export async function endSession(request: Request, context: AppLoadContext) {
  const token = sessionToken(request);
  if (token) await logout(context.db, token);
}
