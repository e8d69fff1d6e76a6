import type { DB, Queryable } from "~/lib/db.server";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "~/lib/password.server";
import { verificationMail } from "~/i18n/mails";
import { enqueueMail } from "../mail/mail.server";
import * as limits from "../ratelimits/ratelimits.server";
import type { CurrentUser, Role } from "./accounts.policy";
import type { LoginInput, RegistrationInput } from "./accounts.schema";
import * as q from "./accounts.queries.server";

export const SESSION_IDLE_SECONDS = 7 * 24 * 3600;
export const SESSION_ABSOLUTE_SECONDS = 30 * 24 * 3600;
const VERIFICATION_SECONDS = 48 * 3600;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const TOUCH_AFTER_SECONDS = 60;

export type RateLimited = { ok: false; reason: "rate_limited"; retryAfter: number };

// Registers a resident and puts the verification mail into the outbox in the same transaction.
// Results: ok (also when the address is taken: the answer must not reveal who is registered) | rate_limited.
export async function register(
  db: DB,
  input: RegistrationInput,
  meta: { clientIp: string; publicUrl: string },
): Promise<{ ok: true } | RateLimited> {
  const wait = await limits.retryAfter(db, "registrationIp", meta.clientIp);
  if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait };
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (tx) => {
    await limits.recordEvent(tx, "registrationIp", meta.clientIp);
    const created = await q.insertUser(tx, { ...input, passwordHash, role: "resident", verified: false });
    if (!created) return; // address already registered: say nothing different
    await sendVerification(tx, created.id, input.email, input.displayName, meta.publicUrl);
  });
  return { ok: true };
}

async function sendVerification(tx: Queryable, userId: string, email: string, name: string, publicUrl: string) {
  const token = randomToken();
  await q.insertEmailVerification(tx, userId, hashToken(token), new Date(Date.now() + VERIFICATION_SECONDS * 1000));
  const mail = verificationMail(name, `${publicUrl}/bestaetigen?token=${encodeURIComponent(token)}`);
  await enqueueMail(tx, { to: email, ...mail });
}

// Sends a new verification link to a signed-in person whose address is not yet confirmed.
// Results: ok | already_verified | rate_limited.
export async function resendVerification(
  db: DB,
  user: CurrentUser,
  meta: { publicUrl: string },
): Promise<{ ok: true } | { ok: false; reason: "already_verified" } | RateLimited> {
  if (user.verified) return { ok: false, reason: "already_verified" };
  const wait = await limits.retryAfter(db, "contributionUser", user.id);
  if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait };
  await db.transaction().execute(async (tx) => {
    await limits.recordEvent(tx, "contributionUser", user.id);
    await sendVerification(tx, user.id, user.email, user.displayName, meta.publicUrl);
  });
  return { ok: true };
}

// Confirms an e-mail address with the token from the link. A token works once and for 48 hours.
// Results: ok | token_invalid.
export async function verifyEmail(db: DB, token: string): Promise<{ ok: true } | { ok: false; reason: "token_invalid" }> {
  return db.transaction().execute(async (tx) => {
    const used = await q.consumeEmailVerification(tx, hashToken(token));
    if (!used) return { ok: false, reason: "token_invalid" } as const;
    await q.markEmailVerified(tx, used.user_id);
    return { ok: true } as const;
  });
}

// Checks e-mail and password and opens a new session (a new id at every login).
// Failed attempts count per account and per IP; a successful login clears the account's count.
// Results: ok with the session token | invalid_credentials | rate_limited.
export async function login(
  db: DB,
  input: LoginInput,
  meta: { clientIp: string },
): Promise<{ ok: true; token: string; user: CurrentUser } | { ok: false; reason: "invalid_credentials" } | RateLimited> {
  const wait = Math.max(await limits.retryAfter(db, "loginAccount", input.email), await limits.retryAfter(db, "loginIp", meta.clientIp));
  if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait };

  const user = await q.findUserByEmail(db, input.email);
  const valid = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !valid) {
    await db.transaction().execute(async (tx) => {
      await limits.recordEvent(tx, "loginAccount", input.email);
      await limits.recordEvent(tx, "loginIp", meta.clientIp);
    });
    return { ok: false, reason: "invalid_credentials" };
  }
  const token = randomToken();
  await db.transaction().execute(async (tx) => {
    await limits.clearEvents(tx, "loginAccount", input.email);
    await q.insertSession(tx, user.id, hashToken(token), new Date(Date.now() + SESSION_ABSOLUTE_SECONDS * 1000));
  });
  return {
    ok: true,
    token,
    user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role, verified: !!user.email_verified_at },
  };
}

/** Ends the session of this token. */
export async function logout(db: DB, token: string): Promise<void> {
  await q.deleteSession(db, hashToken(token));
}

/** The person behind a session token, or null when the session is unknown, idle too long or expired. */
export async function userForSession(db: DB, token: string): Promise<CurrentUser | null> {
  const row = await q.findSessionUser(db, hashToken(token), SESSION_IDLE_SECONDS);
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_AFTER_SECONDS * 1000) await q.touchSession(db, row.sessionId);
  return { id: row.id, email: row.email, displayName: row.displayName, role: row.role, verified: !!row.verifiedAt };
}

/** Removes expired and idle sessions and old rate-limit events; run periodically. */
export async function cleanUpAccounts(db: DB): Promise<{ sessions: number }> {
  const result = await q.deleteExpiredSessions(db, SESSION_IDLE_SECONDS);
  await limits.deleteOldEvents(db);
  return { sessions: Number(result.numDeletedRows) };
}

// Creates an account with a role, already verified (for staff accounts made by the command line and the demo).
// If the address exists, its role is set instead. Results: created | updated.
export async function createOrUpdateAccount(
  db: DB,
  input: { email: string; displayName: string; password: string; role: Role },
): Promise<{ ok: true; outcome: "created" | "updated"; id: string }> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const created = await q.insertUser(tx, { email, displayName: input.displayName, passwordHash, role: input.role, verified: true });
    if (created) return { ok: true, outcome: "created", id: created.id } as const;
    const updated = await q.updateUserRole(tx, email, input.role);
    return { ok: true, outcome: "updated", id: updated!.id } as const;
  });
}
