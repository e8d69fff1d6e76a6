import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

export type AuditTarget = "consultation" | "proposal" | "comment" | "photo" | "result_report" | "house_rules" | "user" | "objection";

export interface AuditEntry {
  /** Null for an automatic decision. */
  actorId: string | null;
  action: string;
  targetType: AuditTarget;
  targetId: string;
  reason?: string | null;
  consultationId?: string | null;
  /** The person the action is about (a contribution's author, a suspended account). */
  subjectId?: string | null;
  rule?: { key: string; text: string } | null;
}

/** Appends one entry; returns its id (a moderation decision is referred to by it). */
export async function insertAuditEntry(db: Queryable, entry: AuditEntry): Promise<string> {
  const row = await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      reason: entry.reason ?? null,
      consultation_id: entry.consultationId ?? null,
      subject_id: entry.subjectId ?? null,
      rule: entry.rule?.key ?? null,
      rule_text: entry.rule?.text ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export async function listAuditEntries(db: Queryable, limit: number, offset: number) {
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
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
