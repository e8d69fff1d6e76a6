import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { ContributionRef } from "./contributions";

/** The audit log's actions that decide about a contribution; the newest one is the item's version for the queue. */
export const DECISION_ACTIONS = ["hide", "auto_hide", "restore", "dismiss", "approve", "objection_upheld", "objection_restored"] as const;
export type DecisionAuditAction = (typeof DECISION_ACTIONS)[number];

/** The id of the newest decision about the item, "0" when there is none: what a moderator saw when they chose. */
export async function latestDecisionId(db: Queryable, ref: ContributionRef): Promise<string> {
  const row = await db
    .selectFrom("audit_log")
    .select("id")
    .where("target_type", "=", ref.type)
    .where("target_id", "=", ref.id)
    .where("action", "in", DECISION_ACTIONS)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? String(row.id) : "0";
}

/** The newest decisions for many items at once (the queue), keyed "type:id". */
export async function latestDecisionIds(db: Queryable, refs: ContributionRef[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!refs.length) return found;
  const rows = await db
    .selectFrom("audit_log")
    .select(["target_type as type", "target_id as id", sql<string>`max(id)`.as("latest")])
    .where("action", "in", DECISION_ACTIONS)
    .where((eb) => eb.or(refs.map((r) => eb.and([eb("target_type", "=", r.type), eb("target_id", "=", r.id)]))))
    .groupBy(["target_type", "target_id"])
    .execute();
  for (const r of rows) found.set(`${r.type}:${r.id}`, String(r.latest));
  return found;
}

/** The decision that hid the item as it is now: the newest hide or auto_hide entry. */
export function findHideDecision(db: Queryable, ref: ContributionRef) {
  return db
    .selectFrom("audit_log")
    .select(["id", "actor_id as actorId", "action", "reason", "rule", "rule_text as ruleText", "created_at as createdAt"])
    .where("target_type", "=", ref.type)
    .where("target_id", "=", ref.id)
    .where("action", "in", ["hide", "auto_hide"])
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Closes the item's open reports with the decision; returns who reported, for the outcome mails. */
export function closeOpenFlags(db: Queryable, ref: ContributionRef, decision: { outcome: "hidden" | "dismissed"; decisionId: string }) {
  return db
    .updateTable("flags as f")
    .from("users as u")
    .set({ decided_at: sql`now()`, decision: decision.outcome, decision_id: decision.decisionId })
    .whereRef("u.id", "=", "f.reporter_id")
    .where("f.contribution_type", "=", ref.type)
    .where("f.contribution_id", "=", ref.id)
    .where("f.decided_at", "is", null)
    .returning(["u.email", "u.display_name as displayName"])
    .execute();
}

export async function countOpenFlags(db: Queryable, ref: ContributionRef): Promise<number> {
  const row = await db
    .selectFrom("flags")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("contribution_type", "=", ref.type)
    .where("contribution_id", "=", ref.id)
    .where("decided_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Distinct reporters of the item's open reports whose accounts count for auto-hide: confirmed, and older than a day
 * (accounts made to pile on — brigading — do not count).
 */
export async function countAutoHideReporters(db: Queryable, ref: ContributionRef): Promise<number> {
  const row = await db
    .selectFrom("flags as f")
    .innerJoin("users as u", "u.id", "f.reporter_id")
    .select(sql<number>`count(distinct f.reporter_id)::int`.as("n"))
    .where("f.contribution_type", "=", ref.type)
    .where("f.contribution_id", "=", ref.id)
    .where("f.decided_at", "is", null)
    .where("u.email_verified_at", "is not", null)
    .where("u.created_at", "<=", sql<Date>`now() - interval '1 day'`)
    .executeTakeFirstOrThrow();
  return row.n;
}

export function findAuthor(db: Queryable, userId: string) {
  return db.selectFrom("users").select(["id", "email", "display_name as displayName"]).where("id", "=", userId).executeTakeFirst();
}
