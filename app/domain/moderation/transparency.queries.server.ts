import { sql, type RawBuilder } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { FlagReason } from "./contributions";

// The public transparency figures (issue 9): counted from the audit log and the tables it refers to (flags,
// objections, proposals, comments, proposal_answers). Every query works on a scope: one consultation, several
// consultations side by side (one row each, for the platform page's list: no query per list item), or every
// published consultation together (the platform's totals). Rows carry `key`: the consultation's id, or "all".
// Medians are percentile_cont(0.5) over seconds; null when there is nothing to take the median of.

export type Scope =
  /** Every published consultation together, one row keyed "all". */
  | { kind: "platform" }
  /** These consultations, one row each keyed by the consultation's id. */
  | { kind: "consultations"; ids: string[] };

export const PLATFORM_KEY = "all";

/** The row key and the filter for a table's consultation column, and the grouping that goes with them. */
function scoped(scope: Scope, column: RawBuilder<unknown>) {
  if (scope.kind === "platform") {
    return {
      key: sql<string>`${PLATFORM_KEY}::text`,
      where: sql`${column} in (select id from consultations where published_at is not null)`,
      groupBy: sql``,
      grouped: false,
    };
  }
  return {
    key: sql<string>`${column}::text`,
    where: scope.ids.length ? sql`${column} in (${sql.join(scope.ids)})` : sql`false`,
    groupBy: sql`group by 1`,
    grouped: true,
  };
}

/** Without grouping an aggregate returns one row even over no rows; with it, none. Both read as "nothing yet". */
async function rows<T>(db: Queryable, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

/** The contributions received: proposals and comments (on proposals and on document sections), hidden or deleted
 * later included, not those still waiting for approval (pre-moderation). */
export function contributionCounts(db: Queryable, scope: Scope) {
  const x = scoped(scope, sql.ref("x.consultation_id"));
  return rows(
    db,
    sql<{ key: string; proposals: number; proposal_comments: number; section_comments: number }>`
      select ${x.key} as key,
        count(*) filter (where x.kind = 'proposal')::int as proposals,
        count(*) filter (where x.kind = 'proposal_comment')::int as proposal_comments,
        count(*) filter (where x.kind = 'section_comment')::int as section_comments
      from (
        select p.consultation_id, 'proposal' as kind from proposals p where p.hidden_kind is distinct from 'review'
        union all
        select p.consultation_id, 'proposal_comment' from comments c join proposals p on p.id = c.proposal_id
        where c.hidden_kind is distinct from 'review'
        union all
        select d.consultation_id, 'section_comment' from comments c
          join document_sections s on s.id = c.section_id
          join documents d on d.id = s.document_id
        where c.hidden_kind is distinct from 'review'
      ) x
      where ${x.where}
      ${x.groupBy}`,
  );
}

/** Reports per reason: received, still open, and how the decided ones ended (item hidden, or kept visible). */
export function flagsByReason(db: Queryable, scope: Scope) {
  const f = scoped(scope, sql.ref("f.consultation_id"));
  return rows(
    db,
    sql<{ key: string; reason: FlagReason; received: number; open: number; hidden: number; kept: number }>`
      select ${f.key} as key, f.reason,
        count(*)::int as received,
        count(*) filter (where f.decided_at is null)::int as open,
        count(*) filter (where f.decided_at is not null and f.decision = 'hidden')::int as hidden,
        count(*) filter (where f.decided_at is not null and f.decision is distinct from 'hidden')::int as kept
      from flags f
      where ${f.where}
      group by ${f.grouped ? sql`1, ` : sql``}f.reason`,
  );
}

/** The moderation decisions about contributions in the audit log, by kind. */
export function decisionCounts(db: Queryable, scope: Scope) {
  const a = scoped(scope, sql.ref("a.consultation_id"));
  return rows(
    db,
    sql<{ key: string; hidden: number; auto_hidden: number; dismissed: number; restored: number; approved: number }>`
      select ${a.key} as key,
        count(*) filter (where a.action = 'hide')::int as hidden,
        count(*) filter (where a.action = 'auto_hide')::int as auto_hidden,
        count(*) filter (where a.action = 'dismiss')::int as dismissed,
        count(*) filter (where a.action = 'restore')::int as restored,
        count(*) filter (where a.action = 'approve')::int as approved
      from audit_log a
      where ${a.where}
        and a.action in ('hide', 'auto_hide', 'dismiss', 'restore', 'approve')
        and a.target_type in ('proposal', 'comment', 'photo')
      ${a.groupBy}`,
  );
}

/** A person's hide decisions by the house rule they named, with the rule's words at the time (audit_log.rule_text);
 * a rule whose words changed in between is listed once per wording. */
export function hidesByRule(db: Queryable, scope: Scope) {
  const a = scoped(scope, sql.ref("a.consultation_id"));
  return rows(
    db,
    sql<{ key: string; rule: string | null; rule_text: string | null; count: number }>`
      select ${a.key} as key, a.rule, a.rule_text, count(*)::int as count
      from audit_log a
      where ${a.where} and a.action = 'hide' and a.target_type in ('proposal', 'comment', 'photo')
      group by ${a.grouped ? sql`1, ` : sql``}a.rule, a.rule_text`,
  );
}

/** Objections to decisions: received, upheld (stays hidden), restored, still open. */
export function objectionCounts(db: Queryable, scope: Scope) {
  const o = scoped(scope, sql.ref("o.consultation_id"));
  return rows(
    db,
    sql<{ key: string; received: number; upheld: number; restored: number; open: number }>`
      select ${o.key} as key,
        count(*)::int as received,
        count(*) filter (where o.outcome = 'upheld')::int as upheld,
        count(*) filter (where o.outcome = 'restored')::int as restored,
        count(*) filter (where o.decided_at is null)::int as open
      from objections o
      where ${o.where}
      ${o.groupBy}`,
  );
}

const seconds = (later: RawBuilder<unknown>, earlier: RawBuilder<unknown>) => sql`extract(epoch from (${later} - ${earlier}))::float8`;

/** How long reports waited for a decision: the median over the decided ones (flags.created_at → decided_at). */
export function flagDecisionTimes(db: Queryable, scope: Scope) {
  const f = scoped(scope, sql.ref("f.consultation_id"));
  return rows(
    db,
    sql<{ key: string; decided: number; median: number | null }>`
      select ${f.key} as key, count(*)::int as decided,
        percentile_cont(0.5) within group (order by ${seconds(sql.ref("f.decided_at"), sql.ref("f.created_at"))}) as median
      from flags f
      where ${f.where} and f.decided_at is not null
      ${f.groupBy}`,
  );
}

/** How long proposals waited for the administration's official answer: the median over the answered ones. */
export function answerTimes(db: Queryable, scope: Scope) {
  const p = scoped(scope, sql.ref("p.consultation_id"));
  return rows(
    db,
    sql<{ key: string; answered: number; median: number | null }>`
      select ${p.key} as key, count(*)::int as answered,
        percentile_cont(0.5) within group (order by ${seconds(sql.ref("a.created_at"), sql.ref("p.created_at"))}) as median
      from proposals p join proposal_answers a on a.proposal_id = p.id
      where ${p.where} and p.hidden_kind is distinct from 'review'
      ${p.groupBy}`,
  );
}

/** The visible proposals still without an official answer, and the median time they have waited until `now`. */
export function waitingForAnswer(db: Queryable, scope: Scope, now: Date) {
  const p = scoped(scope, sql.ref("p.consultation_id"));
  return rows(
    db,
    sql<{ key: string; waiting: number; median: number | null }>`
      select ${p.key} as key, count(*)::int as waiting,
        percentile_cont(0.5) within group (order by ${seconds(sql`${now.toISOString()}::timestamptz`, sql.ref("p.created_at"))}) as median
      from proposals p
      where ${p.where} and p.hidden_at is null
        and not exists (select 1 from proposal_answers a where a.proposal_id = p.id)
      ${p.groupBy}`,
  );
}
