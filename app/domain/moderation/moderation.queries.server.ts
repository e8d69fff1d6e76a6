import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

export type AuditTarget = "consultation" | "proposal" | "comment" | "photo" | "result_report" | "house_rules";

export function insertAuditEntry(
  db: Queryable,
  entry: { actorId: string; action: string; targetType: AuditTarget; targetId: string; reason?: string | null },
) {
  return db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      reason: entry.reason ?? null,
    })
    .execute();
}

export async function listAuditEntries(db: Queryable, limit: number, offset: number) {
  const rows = await db
    .selectFrom("audit_log as a")
    .innerJoin("users as u", "u.id", "a.actor_id")
    .select([
      "a.id",
      "a.action",
      "a.target_type as targetType",
      "a.target_id as targetId",
      "a.reason",
      "a.created_at as createdAt",
      "u.display_name as actorName",
    ])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  const { count } = await db
    .selectFrom("audit_log")
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return { rows, total: count };
}

export function setHidden(db: Queryable, table: "proposals" | "comments", id: string, hide: { by: string; reason: string } | null) {
  const values = hide
    ? { hidden_at: sql<Date>`now()`, hidden_by: hide.by, hidden_reason: hide.reason }
    : { hidden_at: null, hidden_by: null, hidden_reason: null };
  if (table === "proposals") return db.updateTable("proposals").set(values).where("id", "=", id).executeTakeFirst();
  // A comment its author deleted has no text left to moderate.
  return db.updateTable("comments").set(values).where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
}
