import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { ContributionRef, ContributionType } from "./contributions";
import type { ObjectionOutcome } from "./objections.policy";

// The queries of objections (Widerspruch, issue 9). Decisions are audit-log entries; an objection points at one.

/** A hide or auto-hide decision (the only decisions one can object to), or undefined. */
export async function findHideDecisionById(db: Queryable, decisionId: string) {
  const row = await db
    .selectFrom("audit_log")
    .select([
      "id",
      "actor_id as actorId",
      "action",
      "target_type as targetType",
      "target_id as targetId",
      "reason",
      "rule",
      "rule_text as ruleText",
      "consultation_id as consultationId",
      "created_at as createdAt",
    ])
    .where("id", "=", decisionId)
    .where("action", "in", ["hide", "auto_hide"])
    .where("target_type", "in", ["proposal", "comment", "photo"])
    .executeTakeFirst();
  return row
    ? {
        ...row,
        id: String(row.id),
        actorId: row.actorId === null ? null : String(row.actorId),
        targetType: row.targetType as ContributionType,
      }
    : undefined;
}

/** The id of the item's newest hide or auto-hide decision: the one its hidden state comes from. */
export async function currentHideDecisionId(db: Queryable, ref: ContributionRef): Promise<string | null> {
  const row = await db
    .selectFrom("audit_log")
    .select("id")
    .where("target_type", "=", ref.type)
    .where("target_id", "=", ref.id)
    .where("action", "in", ["hide", "auto_hide"])
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? String(row.id) : null;
}

const objectionColumns = [
  "o.id",
  "o.decision_id as decisionId",
  "o.contribution_type as contributionType",
  "o.contribution_id as contributionId",
  "o.consultation_id as consultationId",
  "o.author_id as authorId",
  "o.body",
  "o.decided_against_by as decidedAgainstBy",
  "o.decided_at as decidedAt",
  "o.decided_by as decidedBy",
  "o.outcome",
  "o.outcome_reason as outcomeReason",
  "o.created_at as createdAt",
] as const;

export function findObjectionByDecision(db: Queryable, decisionId: string) {
  return db.selectFrom("objections as o").select(objectionColumns).where("o.decision_id", "=", decisionId).executeTakeFirst();
}

export function findObjection(db: Queryable, id: string) {
  return db.selectFrom("objections as o").select(objectionColumns).where("o.id", "=", id).executeTakeFirst();
}

/** Stores the objection; null when this decision already has one (a second attempt, also at the same moment). */
export async function insertObjection(
  db: Queryable,
  o: { decisionId: string; ref: ContributionRef; consultationId: string; authorId: string; body: string; decidedAgainstBy: string | null },
): Promise<string | null> {
  const row = await db
    .insertInto("objections")
    .values({
      decision_id: o.decisionId,
      contribution_type: o.ref.type,
      contribution_id: o.ref.id,
      consultation_id: o.consultationId,
      author_id: o.authorId,
      body: o.body,
      decided_against_by: o.decidedAgainstBy,
    })
    .onConflict((oc) => oc.column("decision_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row ? String(row.id) : null;
}

/**
 * Records the outcome, only while the objection is open: of two moderators deciding at once, the second finds it
 * decided (the row lock makes them take turns) and gets false.
 */
export async function markObjectionDecided(
  db: Queryable,
  id: string,
  d: { by: string; outcome: ObjectionOutcome; reason: string },
): Promise<boolean> {
  const row = await db
    .updateTable("objections")
    .set({ decided_at: sql<Date>`now()`, decided_by: d.by, outcome: d.outcome, outcome_reason: d.reason })
    .where("id", "=", id)
    .where("decided_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return !!row;
}

export type ObjectionState = "open" | "decided";

/**
 * One page of objections with their contested decision: open ones oldest first (the queue), decided ones newest
 * decision first. Two queries for the page, whatever its length.
 */
export async function listObjections(db: Queryable, state: ObjectionState, limit: number, offset: number) {
  let query = db
    .selectFrom("objections as o")
    .innerJoin("audit_log as a", "a.id", "o.decision_id")
    .select([
      ...objectionColumns,
      "a.action as decisionAction",
      "a.reason as decisionReason",
      "a.rule as decisionRule",
      "a.rule_text as decisionRuleText",
      "a.created_at as decisionAt",
    ])
    .where("o.decided_at", state === "open" ? "is" : "is not", null);
  query =
    state === "open"
      ? query.orderBy("o.created_at", "asc").orderBy("o.id", "asc")
      : query.orderBy("o.decided_at", "desc").orderBy("o.id", "desc");
  const rows = await query.limit(limit).offset(offset).execute();
  const { n } = await db
    .selectFrom("objections")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("decided_at", state === "open" ? "is" : "is not", null)
    .executeTakeFirstOrThrow();
  return { rows, total: n };
}
