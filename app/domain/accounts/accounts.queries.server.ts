import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { Role } from "./accounts.policy";

export function findUserByEmail(db: Queryable, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
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
