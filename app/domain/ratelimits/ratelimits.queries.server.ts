import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

/**
 * Waits for and takes the lock of one (bucket, key) until the transaction ends (a transaction-scoped advisory lock,
 * on PostgreSQL and PGlite alike), so that counting and recording an event cannot interleave with another request's.
 * The two-key form keeps these locks apart from other areas' one-key advisory locks.
 */
export async function lockKey(db: Queryable, bucket: string, keyHash: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`rate_limit:${bucket}`}), hashtext(${keyHash}))`.execute(db);
}

/**
 * The whole seconds until the key is below its limit again, or null if it is below now: the `max`-th newest event in
 * the window is the one that must leave it (with it gone, max − 1 remain), so the wait is until it is `windowSeconds`
 * old. Measured with the database's clock, the one that stamped the events.
 */
export async function secondsUntilBelowLimit(db: Queryable, bucket: string, keyHash: string, max: number, windowSeconds: number) {
  const row = await db
    .selectFrom("rate_limit_events")
    .select(sql<number>`ceil(extract(epoch from created_at + make_interval(secs => ${windowSeconds}) - now()))::int`.as("seconds"))
    .where("bucket", "=", bucket)
    .where("key_hash", "=", keyHash)
    .where("created_at", ">", sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .orderBy("created_at", "desc")
    .offset(max - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? row.seconds : null;
}

export function insertEvent(db: Queryable, bucket: string, keyHash: string) {
  return db.insertInto("rate_limit_events").values({ bucket, key_hash: keyHash }).execute();
}

export function deleteEvents(db: Queryable, bucket: string, keyHash: string) {
  return db.deleteFrom("rate_limit_events").where("bucket", "=", bucket).where("key_hash", "=", keyHash).execute();
}

/** Events of one bucket older than `seconds`, or of every bucket not in a list (limits that no longer exist). */
export function deleteEventsOlderThan(db: Queryable, bucket: { name: string } | { notIn: string[] }, seconds: number) {
  return db
    .deleteFrom("rate_limit_events")
    .where((eb) => ("name" in bucket ? eb("bucket", "=", bucket.name) : eb("bucket", "not in", bucket.notIn)))
    .where("created_at", "<=", sql<Date>`now() - make_interval(secs => ${seconds})`)
    .executeTakeFirst();
}
