import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { Role } from "./accounts.policy";

// The accounts' administration (issue 9): the list of accounts, one account with its record, and the suspension
// columns. The audit entries and mails are written through their own areas.

/** What the account list can be narrowed to. */
export type AccountState = "suspended" | "unverified" | "active";

export interface AccountFilter {
  /** Part of the display name or the e-mail address; empty for all. */
  search: string;
  role: Role | null;
  state: AccountState | null;
}

/** `%` and `_` typed into the search are meant as themselves, not as LIKE's wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filtered(db: Queryable, filter: AccountFilter) {
  let query = db.selectFrom("users as u");
  if (filter.search) {
    const pattern = likePattern(filter.search);
    query = query.where((eb) => eb.or([eb("u.display_name", "ilike", pattern), eb("u.email", "ilike", pattern)]));
  }
  if (filter.role) query = query.where("u.role", "=", filter.role);
  if (filter.state === "suspended") query = query.where("u.suspended_until", ">", sql<Date>`now()`);
  if (filter.state === "unverified") query = query.where("u.email_verified_at", "is", null);
  if (filter.state === "active") {
    query = query
      .where("u.email_verified_at", "is not", null)
      .where((eb) => eb.or([eb("u.suspended_until", "is", null), eb("u.suspended_until", "<=", sql<Date>`now()`)]));
  }
  return query;
}

/** A page of accounts, newest first, and how many match. */
export async function listAccounts(db: Queryable, filter: AccountFilter, limit: number, offset: number) {
  const rows = await filtered(db, filter)
    .select([
      "u.id",
      "u.display_name as displayName",
      "u.email",
      "u.role",
      "u.email_verified_at as verifiedAt",
      "u.suspended_until as suspendedUntil",
      "u.created_at as createdAt",
    ])
    .orderBy("u.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  const { count } = await filtered(db, filter)
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return { rows, total: count };
}

export function findAccount(db: Queryable, id: string) {
  return db
    .selectFrom("users")
    .select([
      "id",
      "display_name as displayName",
      "email",
      "role",
      "email_verified_at as verifiedAt",
      "suspended_until as suspendedUntil",
      "suspension_reason as suspensionReason",
      "created_at as createdAt",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The account's row, locked until the transaction ends, so two admins' changes follow one another. */
export function lockAccount(db: Queryable, id: string) {
  return db
    .selectFrom("users")
    .select(["id", "display_name as displayName", "email", "role", "suspended_until as suspendedUntil"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** Sets (until and reason) or clears (null) the suspension. */
export function setSuspension(db: Queryable, id: string, suspension: { until: Date; reason: string } | null) {
  return db
    .updateTable("users")
    .set({ suspended_until: suspension?.until ?? null, suspension_reason: suspension?.reason ?? null })
    .where("id", "=", id)
    .execute();
}

/** The audit entries about this person (suspensions, decisions about their contributions), newest first. */
export async function accountHistory(db: Queryable, userId: string, limit: number, offset: number) {
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as actor", "actor.id", "a.actor_id")
    .select([
      "a.id",
      "a.action",
      "a.target_type as targetType",
      "a.target_id as targetId",
      "a.reason",
      "a.rule",
      "a.created_at as createdAt",
      "actor.display_name as actorName",
    ])
    .where("a.subject_id", "=", userId)
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  const { count } = await db
    .selectFrom("audit_log")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("subject_id", "=", userId)
    .executeTakeFirstOrThrow();
  return { rows, total: count };
}
