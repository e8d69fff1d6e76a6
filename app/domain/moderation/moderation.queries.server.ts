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

/** The audit log's filters: who (a person's id, or "automatic" for automatic decisions), what, in which consultation. */
export interface AuditFilter {
  actor?: string | "automatic" | null;
  action?: string | null;
  consultationId?: string | null;
}

/**
 * The audit log, newest first, filtered. Names only staff as actors (a resident's report shows as a person without
 * name, an automatic decision without actor) and never the person an entry is about.
 */
export async function listAuditEntries(db: Queryable, limit: number, offset: number, filter: AuditFilter = {}) {
  let query = db.selectFrom("audit_log as a");
  if (filter.actor === "automatic") query = query.where("a.actor_id", "is", null);
  else if (filter.actor) query = query.where("a.actor_id", "=", filter.actor);
  if (filter.action) query = query.where("a.action", "=", filter.action);
  if (filter.consultationId) query = query.where("a.consultation_id", "=", filter.consultationId);
  const rows = await query
    .leftJoin("users as u", "u.id", "a.actor_id")
    .leftJoin("consultations as c", "c.id", "a.consultation_id")
    .select([
      "a.id",
      "a.action",
      "a.target_type as targetType",
      "a.target_id as targetId",
      "a.reason",
      "a.rule",
      "a.created_at as createdAt",
      sql<string | null>`case when u.role in ('moderator', 'admin') then u.display_name end`.as("actorName"),
      sql<
        "staff" | "person" | "automatic"
      >`case when a.actor_id is null then 'automatic' when u.role in ('moderator', 'admin') then 'staff' else 'person' end`.as("actorKind"),
      "a.consultation_id as consultationId",
      "c.title as consultationTitle",
    ])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  const { count } = await query.select(sql<number>`count(*)::int`.as("count")).executeTakeFirstOrThrow();
  return {
    rows: rows.map((r) => ({
      ...r,
      id: String(r.id),
      targetId: String(r.targetId),
      consultationId: r.consultationId === null ? null : String(r.consultationId),
    })),
    total: count,
  };
}
