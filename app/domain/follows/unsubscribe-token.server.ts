import crypto from "node:crypto";
import { env } from "~/lib/env.server";
import type { UnsubscribeScope } from "./follows.policy";

// Unsubscribe links carry a stateless signed token: "<user id>.<scope>.<HMAC>", the scope being "p<id>" (a proposal),
// "c<id>" (a consultation) or "r" (reply mails). The HMAC key is derived from SESSION_SECRET for this purpose only,
// so a token is never the same as any other keyed hash the app makes. Nothing is stored; the links do not expire
// (mail programs keep them). Changing SESSION_SECRET makes old links invalid; the page then points to "Mein Konto".

const TOKEN = /^([1-9]\d{0,17})\.(r|[pc][1-9]\d{0,17})\.([A-Za-z0-9_-]{43})$/;

function key(): Buffer {
  return crypto.createHmac("sha256", env().SESSION_SECRET).update("ratschlag/unsubscribe-link/v1").digest();
}

function mac(payload: string): string {
  return crypto.createHmac("sha256", key()).update(payload).digest("base64url");
}

function scopeCode(scope: UnsubscribeScope): string {
  if (scope.kind === "replies") return "r";
  return `${scope.kind === "proposal" ? "p" : "c"}${scope.id}`;
}

export function signUnsubscribeToken(userId: string, scope: UnsubscribeScope): string {
  const payload = `${userId}.${scopeCode(scope)}`;
  return `${payload}.${mac(payload)}`;
}

/** The person and scope of a token, or null for anything malformed or not signed by us. */
export function readUnsubscribeToken(token: unknown): { userId: string; scope: UnsubscribeScope } | null {
  if (typeof token !== "string" || token.length > 120) return null;
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, userId, code, signature] = match;
  const expected = Buffer.from(mac(`${userId}.${code}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const scope: UnsubscribeScope =
    code === "r" ? { kind: "replies" } : { kind: code[0] === "p" ? "proposal" : "consultation", id: code.slice(1) };
  return { userId, scope };
}

/** The absolute link for a mail: GET shows what will stop, POST (the button, or a mail program's one-click) stops it. */
export function unsubscribeUrl(userId: string, scope: UnsubscribeScope): string {
  return `${env().PUBLIC_URL}/abbestellen?t=${encodeURIComponent(signUnsubscribeToken(userId, scope))}`;
}
