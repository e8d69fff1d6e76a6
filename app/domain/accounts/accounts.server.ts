import type { DB, Queryable } from "~/lib/db.server";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { checkPassword, hashPassword } from "~/lib/password.server";
import { loginLinkMail, verificationMail } from "~/i18n/mails";
import { enqueueMail } from "../mail/mail.server";
import * as limits from "../ratelimits/ratelimits.server";
import {
  loginLinkLimits,
  loginThrottle,
  loginThrottleRefusal,
  windowRetryAfter,
  type CurrentUser,
  type LoginThrottleRefusal,
  type Role,
} from "./accounts.policy";
import type { LoginInput, LoginLinkInput, RegistrationInput } from "./accounts.schema";
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
  // Counted (race-free) before the slow hashing, so a flood of registrations costs no Argon2 work once limited.
  const wait = await limits.hit(db, "registrationIp", meta.clientIp);
  if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait };
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (tx) => {
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
  const wait = await db.transaction().execute(async (tx) => {
    const wait = await limits.hit(tx, "contributionUser", user.id);
    if (!wait) await sendVerification(tx, user.id, user.email, user.displayName, meta.publicUrl);
    return wait;
  });
  return wait ? { ok: false, reason: "rate_limited", retryAfter: wait } : { ok: true };
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

/** The keys that login limits count by: the typed address (known or not) and the client address, as keyed hashes. */
function loginKeys(email: string, clientIp: string): q.LoginKeys {
  return { account: hashToken(`login-account:${email}`), ip: hashToken(`login-ip:${clientIp}`) };
}

type UserRow = NonNullable<Awaited<ReturnType<typeof q.findUserByEmail>>>;
const currentUserOf = (user: UserRow): CurrentUser => ({
  id: user.id,
  email: user.email,
  displayName: user.display_name,
  role: user.role,
  verified: !!user.email_verified_at,
});

async function openSession(tx: Queryable, userId: string): Promise<string> {
  const token = randomToken();
  await q.insertSession(tx, userId, hashToken(token), new Date(Date.now() + SESSION_ABSOLUTE_SECONDS * 1000));
  return token;
}

// Checks e-mail and password and opens a new session (a new id at every login). Throttled per (address, client) pair,
// with ceilings per address and per client (decision 0013); an unknown address costs the same work as a wrong password.
// Results: ok with the session token | invalid_credentials | login_wait | login_locked (both with retryAfter).
export async function login(
  db: DB,
  input: LoginInput,
  meta: { clientIp: string },
): Promise<
  { ok: true; token: string; user: CurrentUser } | { ok: false; reason: "invalid_credentials" } | ({ ok: false } & LoginThrottleRefusal)
> {
  const keys = loginKeys(input.email, meta.clientIp);
  // Admission is decided and recorded under a lock, so parallel attempts cannot all pass; the attempt counts as a
  // failure until it succeeds. The slow password check runs after the transaction, holding no lock.
  const refusal = await db.transaction().execute(async (tx) => {
    await q.lockLoginKeys(tx, keys);
    const refusal = loginThrottleRefusal(await q.loginFailureStats(tx, keys, loginThrottle));
    if (!refusal) await q.insertLoginFailure(tx, keys);
    return refusal;
  });
  if (refusal) return { ok: false, ...refusal };

  const user = await q.findUserByEmail(db, input.email);
  if (!(await checkPassword(user?.password_hash ?? null, input.password)) || !user) return { ok: false, reason: "invalid_credentials" };
  const token = await db.transaction().execute(async (tx) => {
    await q.deletePairLoginFailures(tx, keys);
    return openSession(tx, user.id);
  });
  return { ok: true, token, user: currentUserOf(user) };
}

// Sends a one-time login link, for an owner whose password login is locked (or who forgot the password).
// The answer is the same whether an account has the address or not; only an account gets a mail (through the outbox).
// Results: ok | rate_limited (per address and per client address).
export async function requestLoginLink(
  db: DB,
  input: LoginLinkInput,
  meta: { clientIp: string; publicUrl: string },
): Promise<{ ok: true } | RateLimited> {
  const keys = loginKeys(input.email, meta.clientIp);
  return db.transaction().execute(async (tx) => {
    await q.lockLoginKeys(tx, keys);
    const stats = await q.loginLinkStats(tx, keys, loginLinkLimits);
    const wait = Math.max(
      windowRetryAfter(stats.now, stats.account, loginLinkLimits.account),
      windowRetryAfter(stats.now, stats.ip, loginLinkLimits.ip),
    );
    if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait } as const;
    const user = await q.findUserByEmail(tx, input.email);
    const token = user ? randomToken() : null;
    await q.insertLoginLink(tx, {
      keys,
      userId: user?.id ?? null,
      tokenHash: token && hashToken(token),
      validSeconds: loginLinkLimits.validSeconds,
    });
    if (user && token) {
      const link = `${meta.publicUrl}/anmelden/link/einloesen?token=${encodeURIComponent(token)}`;
      await enqueueMail(tx, { to: user.email, ...loginLinkMail(user.display_name, link, loginLinkLimits.validSeconds / 60) });
    }
    return { ok: true } as const;
  });
}

// Signs in with the token of a mailed login link: once, within 15 minutes, with a new session as a password login.
// The link proves the address, so it counts as confirmed; this client's failures for the address are forgotten.
// Results: ok with the session token | login_link_invalid.
export async function loginWithLink(
  db: DB,
  linkToken: string,
  meta: { clientIp: string },
): Promise<{ ok: true; token: string; user: CurrentUser } | { ok: false; reason: "login_link_invalid" }> {
  return db.transaction().execute(async (tx) => {
    const used = await q.consumeLoginLink(tx, hashToken(linkToken));
    if (!used?.user_id) return { ok: false, reason: "login_link_invalid" } as const;
    await q.expireLoginLinksOfUser(tx, used.user_id);
    await q.markEmailVerified(tx, used.user_id);
    const user = await q.findUserById(tx, used.user_id);
    await q.deletePairLoginFailures(tx, loginKeys(user.email, meta.clientIp));
    return { ok: true, token: await openSession(tx, user.id), user: currentUserOf(user) } as const;
  });
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

/** Removes expired and idle sessions, old rate-limit events, login failures and login links; run periodically. */
export async function cleanUpAccounts(db: DB): Promise<{ sessions: number }> {
  const result = await q.deleteExpiredSessions(db, SESSION_IDLE_SECONDS);
  await limits.deleteOldEvents(db);
  const longest = Math.max(
    ...[loginThrottle.pair, loginThrottle.account, loginThrottle.ip, loginLinkLimits.account, loginLinkLimits.ip].map(
      (l) => l.windowSeconds,
    ),
  );
  await q.deleteOldLoginRows(db, longest);
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
