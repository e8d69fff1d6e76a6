import { sql, type RawBuilder } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { LoginFailureStats, Role, WindowCount } from "./accounts.policy";

export function findUserByEmail(db: Queryable, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

export function findUserById(db: Queryable, id: string) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export function insertUser(
  db: Queryable,
  user: { email: string; displayName: string; passwordHash: string; role: Role; verified: boolean },
) {
  return db
    .insertInto("users")
    .values({
      email: user.email,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role,
      email_verified_at: user.verified ? new Date() : null,
    })
    .onConflict((oc) => oc.column("email").doNothing())
    .returning(["id"])
    .executeTakeFirst();
}

export function insertEmailVerification(db: Queryable, userId: string, tokenHash: string, expiresAt: Date) {
  return db.insertInto("email_verifications").values({ user_id: userId, token_hash: tokenHash, expires_at: expiresAt }).execute();
}

/** Marks an unused, unexpired verification token as used and returns its user, in one statement. */
export function consumeEmailVerification(db: Queryable, tokenHash: string) {
  return db
    .updateTable("email_verifications")
    .set({ used_at: sql`now()` })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning(["user_id"])
    .executeTakeFirst();
}

export function markEmailVerified(db: Queryable, userId: string) {
  return db
    .updateTable("users")
    .set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
    .where("id", "=", userId)
    .execute();
}

export function insertSession(db: Queryable, userId: string, tokenHash: string, expiresAt: Date) {
  return db.insertInto("sessions").values({ user_id: userId, token_hash: tokenHash, expires_at: expiresAt }).execute();
}

/** The session's user, if the session is neither past its absolute expiry nor idle too long. */
export function findSessionUser(db: Queryable, tokenHash: string, idleSeconds: number) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.last_seen_at as lastSeenAt",
      "users.id",
      "users.email",
      "users.display_name as displayName",
      "users.role",
      "users.email_verified_at as verifiedAt",
      "users.suspended_until as suspendedUntil",
      "users.suspension_reason as suspensionReason",
    ])
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.expires_at", ">", sql<Date>`now()`)
    .where("sessions.last_seen_at", ">", sql<Date>`now() - make_interval(secs => ${idleSeconds})`)
    .executeTakeFirst();
}

export function touchSession(db: Queryable, sessionId: string) {
  return db
    .updateTable("sessions")
    .set({ last_seen_at: sql`now()` })
    .where("id", "=", sessionId)
    .execute();
}

export function deleteSession(db: Queryable, tokenHash: string) {
  return db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

export function deleteExpiredSessions(db: Queryable, idleSeconds: number) {
  return db
    .deleteFrom("sessions")
    .where((eb) =>
      eb.or([eb("expires_at", "<=", sql<Date>`now()`), eb("last_seen_at", "<=", sql<Date>`now() - make_interval(secs => ${idleSeconds})`)]),
    )
    .executeTakeFirst();
}

/** Sets the role; the address counts as confirmed, since staff accounts are given by the administration. */
export function updateUserRole(db: Queryable, email: string, role: Role) {
  return db
    .updateTable("users")
    .set({ role, email_verified_at: sql`coalesce(email_verified_at, now())` })
    .where("email", "=", email)
    .returning(["id"])
    .executeTakeFirst();
}

// Login throttling and login links (decision 0013). Keys are keyed hashes of the typed address and the client address.
export interface LoginKeys {
  account: string;
  ip: string;
}
type Limit = { max: number; windowSeconds: number };

/**
 * Serialises everything that counts for these keys until the transaction ends (transaction-scoped advisory locks,
 * taken in a fixed order so two requests cannot wait for each other), so that parallel requests cannot all pass a limit.
 */
export async function lockLoginKeys(db: Queryable, keys: LoginKeys) {
  for (const key of [keys.account, keys.ip].sort()) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}

const within = (seconds: number) => sql<boolean>`created_at > now() - make_interval(secs => ${seconds})`;

/** Count and the `max`-th newest time of the rows matching `match` within the limit's window, as `<name>_count`, `<name>_expiring`. */
function windowColumns(name: string, match: RawBuilder<boolean>, limit: Limit) {
  const where = sql`${match} and ${within(limit.windowSeconds)}`;
  return sql`count(*) filter (where ${where})::int as ${sql.id(`${name}_count`)},
    (array_agg(created_at order by created_at desc) filter (where ${where}))[${limit.max}::int] as ${sql.id(`${name}_expiring`)}`;
}

type WindowRow = Record<string, Date | number | null>;
const windowCount = (row: WindowRow, name: string): WindowCount => ({
  count: row[`${name}_count`] as number,
  expiring: row[`${name}_expiring`] as Date | null,
});

/** The failed password checks that count for a login by these keys, and the database's clock. */
export async function loginFailureStats(
  db: Queryable,
  keys: LoginKeys,
  limits: { pair: Limit; account: Limit; ip: Limit },
): Promise<Omit<LoginFailureStats, "knownDevice">> {
  const sameAccount = sql<boolean>`account_hash = ${keys.account}`;
  const sameIp = sql<boolean>`ip_hash = ${keys.ip}`;
  const samePair = sql<boolean>`${sameAccount} and ${sameIp}`;
  const longest = Math.max(limits.pair.windowSeconds, limits.account.windowSeconds, limits.ip.windowSeconds);
  const { rows } = await sql<WindowRow & { now: Date; pair_newest: Date | null }>`
    select now() as now,
      max(created_at) filter (where ${samePair} and ${within(limits.pair.windowSeconds)}) as pair_newest,
      ${windowColumns("pair", samePair, limits.pair)},
      ${windowColumns("account", sameAccount, limits.account)},
      ${windowColumns("ip", sameIp, limits.ip)}
    from login_failures
    where (${sameAccount} or ${sameIp}) and ${within(longest)}`.execute(db);
  const row = rows[0];
  return {
    now: row.now,
    pair: { ...windowCount(row, "pair"), newest: row.pair_newest },
    account: windowCount(row, "account"),
    ip: windowCount(row, "ip"),
  };
}

/** A password check about to run counts as a failure until it succeeds (then the pair's failures are deleted). */
export function insertLoginFailure(db: Queryable, keys: LoginKeys) {
  return db.insertInto("login_failures").values({ account_hash: keys.account, ip_hash: keys.ip }).execute();
}

export function deletePairLoginFailures(db: Queryable, keys: LoginKeys) {
  return db.deleteFrom("login_failures").where("account_hash", "=", keys.account).where("ip_hash", "=", keys.ip).execute();
}

/** Requests for login links that count for these keys (per pair, per client, mails per address), and the database's clock. */
export async function loginLinkStats(db: Queryable, keys: LoginKeys, limits: { pair: Limit; ip: Limit; accountMails: Limit }) {
  const sameAccount = sql<boolean>`account_hash = ${keys.account}`;
  const sameIp = sql<boolean>`ip_hash = ${keys.ip}`;
  const longest = Math.max(limits.pair.windowSeconds, limits.ip.windowSeconds, limits.accountMails.windowSeconds);
  const { rows } = await sql<WindowRow & { now: Date }>`
    select now() as now,
      ${windowColumns("pair", sql<boolean>`${sameAccount} and ${sameIp}`, limits.pair)},
      ${windowColumns("ip", sameIp, limits.ip)},
      ${windowColumns("mails", sql<boolean>`${sameAccount} and token_hash is not null`, limits.accountMails)}
    from login_links
    where (${sameAccount} or ${sameIp}) and ${within(longest)}`.execute(db);
  const row = rows[0];
  return { now: row.now, pair: windowCount(row, "pair"), ip: windowCount(row, "ip"), accountMails: windowCount(row, "mails") };
}

export function insertLoginLink(
  db: Queryable,
  link: { keys: LoginKeys; userId: string | null; tokenHash: string | null; validSeconds: number },
) {
  return db
    .insertInto("login_links")
    .values({
      account_hash: link.keys.account,
      ip_hash: link.keys.ip,
      user_id: link.userId,
      token_hash: link.tokenHash,
      expires_at: sql<Date>`now() + make_interval(secs => ${link.validSeconds})`,
    })
    .execute();
}

/** Marks an unused, unexpired login link as used and returns its user, in one statement. */
export function consumeLoginLink(db: Queryable, tokenHash: string) {
  return db
    .updateTable("login_links")
    .set({ used_at: sql`now()` })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .where("user_id", "is not", null)
    .returning(["user_id"])
    .executeTakeFirst();
}

/** Once one link signed the person in, their other links sent earlier stop working. */
export function expireLoginLinksOfUser(db: Queryable, userId: string) {
  return db
    .updateTable("login_links")
    .set({ used_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
}

// Known devices (decision 0013): the keyed hash of the token in a browser's long-lived cookie, with its account.

export function insertKnownDevice(db: Queryable, userId: string, tokenHash: string) {
  return db.insertInto("known_devices").values({ user_id: userId, token_hash: tokenHash }).execute();
}

/** Whether this device token belongs to the account of this address (and has been used within `seconds`). */
export async function isKnownDeviceOf(db: Queryable, tokenHash: string, email: string, seconds: number): Promise<boolean> {
  const row = await db
    .selectFrom("known_devices")
    .innerJoin("users", "users.id", "known_devices.user_id")
    .select("known_devices.id")
    .where("known_devices.token_hash", "=", tokenHash)
    .where("users.email", "=", email)
    .where("known_devices.last_used_at", ">", sql<Date>`now() - make_interval(secs => ${seconds})`)
    .executeTakeFirst();
  return !!row;
}

/** Marks the device as used again by this user; false when the token is unknown, another user's, or too old. */
export async function touchKnownDevice(db: Queryable, tokenHash: string, userId: string, seconds: number): Promise<boolean> {
  const result = await db
    .updateTable("known_devices")
    .set({ last_used_at: sql`now()` })
    .where("token_hash", "=", tokenHash)
    .where("user_id", "=", userId)
    .where("last_used_at", ">", sql<Date>`now() - make_interval(secs => ${seconds})`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function deleteOldKnownDevices(db: Queryable, seconds: number) {
  return db
    .deleteFrom("known_devices")
    .where("last_used_at", "<=", sql<Date>`now() - make_interval(secs => ${seconds})`)
    .execute();
}

/** Removes failures and link requests that no limit counts any more (and links long expired). */
export async function deleteOldLoginRows(db: Queryable, seconds: number) {
  await db
    .deleteFrom("login_failures")
    .where("created_at", "<=", sql<Date>`now() - make_interval(secs => ${seconds})`)
    .execute();
  await db
    .deleteFrom("login_links")
    .where("created_at", "<=", sql<Date>`now() - make_interval(secs => ${seconds})`)
    .where("expires_at", "<=", sql<Date>`now()`)
    .execute();
}
