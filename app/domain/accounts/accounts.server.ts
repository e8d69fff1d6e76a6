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
import { clientKey } from "./client-key.server";

export const SESSION_IDLE_SECONDS = 7 * 24 * 3600;
export const SESSION_ABSOLUTE_SECONDS = 30 * 24 * 3600;
const VERIFICATION_SECONDS = 48 * 3600;
/** A known device's cookie lives this long, and counts as known while it was used to sign in within this time. */
export const KNOWN_DEVICE_SECONDS = 180 * 24 * 3600;
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
  const wait = await limits.hit(db, "registrationIp", clientKey(meta.clientIp));
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

/**
 * The keys that login limits count by: the typed address (known or not) and the client address (an IPv6 client by its
 * /64, see clientKey), as keyed hashes.
 */
function loginKeys(email: string, clientIp: string): q.LoginKeys {
  return { account: hashToken(`login-account:${email}`), ip: hashToken(`login-ip:${clientKey(clientIp)}`) };
}

/** What a login request knows of the client: its address and the token of its known-device cookie, if it sent one. */
export type LoginMeta = { clientIp: string; deviceToken?: string | null };

/** Whether the request's known-device cookie belongs to the account of this address (decision 0013). */
async function isKnownDevice(tx: Queryable, deviceToken: string | null | undefined, email: string): Promise<boolean> {
  return deviceToken ? q.isKnownDeviceOf(tx, hashToken(deviceToken), email, KNOWN_DEVICE_SECONDS) : false;
}

/**
 * After a successful login: the device is known to this account from now on. Its token stays when the device was
 * already this account's; otherwise it gets a new one. Returns the token for the long-lived cookie.
 */
async function rememberDevice(tx: Queryable, userId: string, deviceToken: string | null | undefined): Promise<string> {
  if (deviceToken && (await q.touchKnownDevice(tx, hashToken(deviceToken), userId, KNOWN_DEVICE_SECONDS))) return deviceToken;
  const token = randomToken();
  await q.insertKnownDevice(tx, userId, hashToken(token));
  return token;
}

type UserRow = NonNullable<Awaited<ReturnType<typeof q.findUserByEmail>>>;
const currentUserOf = (user: UserRow): CurrentUser => ({
  id: user.id,
  email: user.email,
  displayName: user.display_name,
  role: user.role,
  verified: !!user.email_verified_at,
  suspendedUntil: user.suspended_until?.toISOString() ?? null,
  suspensionReason: user.suspension_reason,
});

async function openSession(tx: Queryable, userId: string): Promise<string> {
  const token = randomToken();
  await q.insertSession(tx, userId, hashToken(token), new Date(Date.now() + SESSION_ABSOLUTE_SECONDS * 1000));
  return token;
}

export type LoginSuccess = { ok: true; token: string; deviceToken: string; user: CurrentUser };

// Checks e-mail and password and opens a new session (a new id at every login). Throttled per (address, client) pair,
// with ceilings per address (not for a known device of the account) and per client (decision 0013); an unknown address
// costs the same work as a wrong password. A success marks the device as known (deviceToken, for its cookie).
// Results: ok with the session and device tokens | invalid_credentials | login_wait | login_locked (both with retryAfter).
export async function login(
  db: DB,
  input: LoginInput,
  meta: LoginMeta,
): Promise<LoginSuccess | { ok: false; reason: "invalid_credentials" } | ({ ok: false } & LoginThrottleRefusal)> {
  const keys = loginKeys(input.email, meta.clientIp);
  // Admission is decided and recorded under a lock, so parallel attempts cannot all pass; the attempt counts as a
  // failure until it succeeds. The slow password check runs after the transaction, holding no lock.
  const refusal = await db.transaction().execute(async (tx) => {
    await q.lockLoginKeys(tx, keys);
    const stats = await q.loginFailureStats(tx, keys, loginThrottle);
    const refusal = loginThrottleRefusal({ ...stats, knownDevice: await isKnownDevice(tx, meta.deviceToken, input.email) });
    if (!refusal) await q.insertLoginFailure(tx, keys);
    return refusal;
  });
  if (refusal) return { ok: false, ...refusal };

  const user = await q.findUserByEmail(db, input.email);
  if (!(await checkPassword(user?.password_hash ?? null, input.password)) || !user) return { ok: false, reason: "invalid_credentials" };
  const tokens = await db.transaction().execute(async (tx) => {
    await q.deletePairLoginFailures(tx, keys);
    return { token: await openSession(tx, user.id), deviceToken: await rememberDevice(tx, user.id, meta.deviceToken) };
  });
  return { ok: true, ...tokens, user: currentUserOf(user) };
}

// Sends a one-time login link, for an owner whose password login is locked (or who forgot the password).
// The answer is the same whether an account has the address or not; only an account gets a mail (through the outbox).
// Limited per (address, client) pair and per client. Per address only the mails are capped: beyond the cap the answer
// is the same and no mail goes out (a known device of the account still gets one), so nobody can refuse the owner.
// `next` is where the link's sign-in leads (a checked path on this site). Results: ok | rate_limited.
export async function requestLoginLink(
  db: DB,
  input: LoginLinkInput,
  meta: LoginMeta & { publicUrl: string; next?: string },
): Promise<{ ok: true } | RateLimited> {
  const keys = loginKeys(input.email, meta.clientIp);
  return db.transaction().execute(async (tx) => {
    await q.lockLoginKeys(tx, keys);
    const stats = await q.loginLinkStats(tx, keys, loginLinkLimits);
    const wait = Math.max(
      windowRetryAfter(stats.now, stats.pair, loginLinkLimits.pair),
      windowRetryAfter(stats.now, stats.ip, loginLinkLimits.ip),
    );
    if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait } as const;
    const capped =
      windowRetryAfter(stats.now, stats.accountMails, loginLinkLimits.accountMails) > 0 &&
      !(await isKnownDevice(tx, meta.deviceToken, input.email));
    const user = capped ? undefined : await q.findUserByEmail(tx, input.email);
    const token = user ? randomToken() : null;
    await q.insertLoginLink(tx, {
      keys,
      userId: user?.id ?? null,
      tokenHash: token && hashToken(token),
      validSeconds: loginLinkLimits.validSeconds,
    });
    if (user && token) {
      const next = meta.next && meta.next !== "/" ? `&weiter=${encodeURIComponent(meta.next)}` : "";
      const link = `${meta.publicUrl}/anmelden/link/einloesen?token=${encodeURIComponent(token)}${next}`;
      await enqueueMail(tx, { to: user.email, ...loginLinkMail(user.display_name, link, loginLinkLimits.validSeconds / 60) });
    }
    return { ok: true } as const;
  });
}

// Signs in with the token of a mailed login link: once, within 15 minutes, with a new session as a password login.
// The link proves the address, so it counts as confirmed; this client's failures for the address are forgotten, and
// the device is known from now on. Results: ok with the session and device tokens | login_link_invalid.
export async function loginWithLink(
  db: DB,
  linkToken: string,
  meta: LoginMeta,
): Promise<LoginSuccess | { ok: false; reason: "login_link_invalid" }> {
  return db.transaction().execute(async (tx) => {
    const used = await q.consumeLoginLink(tx, hashToken(linkToken));
    if (!used?.user_id) return { ok: false, reason: "login_link_invalid" } as const;
    await q.expireLoginLinksOfUser(tx, used.user_id);
    await q.markEmailVerified(tx, used.user_id);
    const user = await q.findUserById(tx, used.user_id);
    await q.deletePairLoginFailures(tx, loginKeys(user.email, meta.clientIp));
    const session = await openSession(tx, user.id);
    return {
      ok: true,
      token: session,
      deviceToken: await rememberDevice(tx, user.id, meta.deviceToken),
      user: currentUserOf(user),
    } as const;
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
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    verified: !!row.verifiedAt,
    suspendedUntil: row.suspendedUntil?.toISOString() ?? null,
    suspensionReason: row.suspensionReason,
  };
}

/** Removes expired and idle sessions, old rate-limit events, login failures and login links; run periodically. */
export async function cleanUpAccounts(db: DB): Promise<{ sessions: number }> {
  const result = await q.deleteExpiredSessions(db, SESSION_IDLE_SECONDS);
  await limits.deleteOldEvents(db);
  const longest = Math.max(
    ...[
      loginThrottle.pair,
      loginThrottle.account,
      loginThrottle.ip,
      loginLinkLimits.pair,
      loginLinkLimits.ip,
      loginLinkLimits.accountMails,
    ].map((l) => l.windowSeconds),
  );
  await q.deleteOldLoginRows(db, longest);
  await q.deleteOldKnownDevices(db, KNOWN_DEVICE_SECONDS);
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
