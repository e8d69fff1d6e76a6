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

export async function countRecentEvents(db: Queryable, bucket: string, keyHash: string, windowSeconds: number) {
  const row = await db
    .selectFrom("rate_limit_events")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("bucket", "=", bucket)
    .where("key_hash", "=", keyHash)
    .where("created_at", ">", sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .executeTakeFirstOrThrow();
  return row.count;
}

export function insertEvent(db: Queryable, bucket: string, keyHash: string) {
  return db.insertInto("rate_limit_events").values({ bucket, key_hash: keyHash }).execute();
}

export function deleteEvents(db: Queryable, bucket: string, keyHash: string) {
  return db.deleteFrom("rate_limit_events").where("bucket", "=", bucket).where("key_hash", "=", keyHash).execute();
}

export function deleteEventsOlderThan(db: Queryable, seconds: number) {
  return db
    .deleteFrom("rate_limit_events")
    .where("created_at", "<=", sql<Date>`now() - make_interval(secs => ${seconds})`)
    .executeTakeFirst();
}
