import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { ContributionRef, ContributionType, FlagReason } from "./contributions";

// The moderation queue's reading queries (issue 9): one grouped query per page, then batch loads keyed by the page's
// items, never a query per item.

export interface FlagQueueFilter {
  consultationId: string | null;
  reason: FlagReason | null;
  state: "open" | "decided";
}

/** Reporters' notes shown per item; the rest are counted. */
export const NOTES_SHOWN = 5;

/**
 * The reported items as groups of their reports (one row per item). Open: the items' open reports. Decided: the
 * items' decided reports (an item may also have open ones again). A reason filter keeps items with at least one such
 * report and still counts all of them.
 */
function flagGroups(db: Queryable, filter: FlagQueueFilter) {
  const open = filter.state === "open";
  const counted = open ? sql`f.decided_at is null` : sql`f.decided_at is not null`;
  let query = db
    .selectFrom("flags as f")
    .groupBy(["f.contribution_type", "f.contribution_id", "f.consultation_id"])
    .having(sql<boolean>`count(*) filter (where ${counted}) > 0`);
  if (open) query = query.where("f.decided_at", "is", null);
  if (filter.consultationId) query = query.where("f.consultation_id", "=", filter.consultationId);
  if (filter.reason) query = query.having(sql<boolean>`bool_or(f.reason = ${filter.reason} and ${counted})`);
  return { query, counted };
}

export interface FlagGroupRow {
  type: ContributionType;
  id: string;
  consultationId: string;
  reports: number;
  openReports: number;
  firstReportedAt: Date;
  decidedAt: Date | null;
  decisionId: string | null;
  /** The number of items the whole filtered queue has (the same on every row). */
  total: number;
}

/**
 * One page of reported items: open ones by number of reports (desc), then by their oldest report; decided ones
 * newest decision first. Only counts and dates here (a hash aggregate), with the queue's size as a window count;
 * reasons and notes come for the page's items alone (flagDetails).
 */
export async function flagQueuePage(db: Queryable, filter: FlagQueueFilter, limit: number, offset: number): Promise<FlagGroupRow[]> {
  const { query, counted } = flagGroups(db, filter);
  const rows = await query
    .select([
      "f.contribution_type as type",
      "f.contribution_id as id",
      "f.consultation_id as consultationId",
      sql<number>`(count(*) filter (where ${counted}))::int`.as("reports"),
      sql<number>`(count(*) filter (where f.decided_at is null))::int`.as("openReports"),
      sql<Date>`min(f.created_at) filter (where ${counted})`.as("firstReportedAt"),
      sql<Date | null>`max(f.decided_at)`.as("decidedAt"),
      sql<string | null>`max(f.decision_id)::text`.as("decisionId"),
      sql<number>`(count(*) over ())::int`.as("total"),
    ])
    .$call((q) =>
      filter.state === "open"
        ? q.orderBy(sql`count(*)`, "desc").orderBy(sql`min(f.created_at)`, "asc")
        : q.orderBy(sql`max(f.decided_at)`, "desc"),
    )
    .orderBy("f.contribution_type")
    .orderBy("f.contribution_id")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ ...r, id: String(r.id), consultationId: String(r.consultationId) }));
}

export interface FlagDetails {
  reasons: FlagReason[];
  notes: string[];
  noteCount: number;
}

/** The reasons and the reporters' notes (first NOTES_SHOWN, oldest first) of the page's items, of the view's state. */
export async function flagDetails(db: Queryable, refs: ContributionRef[], state: "open" | "decided"): Promise<Map<string, FlagDetails>> {
  if (!refs.length) return new Map();
  const rows = await db
    .selectFrom("flags as f")
    .select([
      "f.contribution_type as type",
      "f.contribution_id as id",
      sql<FlagReason[]>`array_agg(f.reason)`.as("reasons"),
      sql<string[] | null>`(array_agg(f.note order by f.created_at, f.id) filter (where f.note <> ''))[1:${sql.lit(NOTES_SHOWN)}]`.as(
        "notes",
      ),
      sql<number>`(count(*) filter (where f.note <> ''))::int`.as("noteCount"),
    ])
    .where((eb) => eb.or(refs.map((r) => eb.and([eb("f.contribution_type", "=", r.type), eb("f.contribution_id", "=", r.id)]))))
    .where("f.decided_at", state === "open" ? "is" : "is not", null)
    .groupBy(["f.contribution_type", "f.contribution_id"])
    .execute();
  return new Map(rows.map((r) => [`${r.type}:${r.id}`, { reasons: r.reasons, notes: r.notes ?? [], noteCount: r.noteCount }]));
}

export async function countFlagQueue(db: Queryable, filter: FlagQueueFilter): Promise<number> {
  const { query } = flagGroups(db, filter);
  const row = await db
    .selectFrom(query.select(sql<number>`1`.as("one")).as("g"))
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The decisions (audit log entries) that closed reports, by id. */
export async function findDecisions(db: Queryable, ids: string[]) {
  if (!ids.length) return new Map<string, DecisionRow>();
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .select(["a.id", "a.action", "a.rule", "a.reason", "a.created_at as at", "u.display_name as actorName"])
    .where("a.id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [String(r.id), { ...r, id: String(r.id) }]));
}
export interface DecisionRow {
  id: string;
  action: string;
  rule: string | null;
  reason: string | null;
  at: Date;
  actorName: string | null;
}

/** Per author: how many distinct items a person (not auto-hide) hid, from the audit log. */
export async function hiddenItemCounts(db: Queryable, authorIds: string[]): Promise<Map<string, number>> {
  if (!authorIds.length) return new Map();
  const rows = await db
    .selectFrom("audit_log")
    .select(["subject_id as authorId", sql<number>`count(distinct target_type || ':' || target_id)::int`.as("n")])
    .where("action", "=", "hide")
    .where("actor_id", "is not", null)
    .where("subject_id", "in", authorIds)
    .groupBy("subject_id")
    .execute();
  return new Map(rows.map((r) => [String(r.authorId), r.n]));
}

/** Up to this many characters of an item's text are read (the page shows about 600). */
const TEXT_READ = 800;

/** The longer words of each item for the queue (a proposal's description, a comment, a photo's description). */
export async function itemTexts(db: Queryable, refs: ContributionRef[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const proposalIds = [...new Set(refs.filter((r) => r.type !== "comment").map((r) => r.id))];
  const commentIds = [...new Set(refs.filter((r) => r.type === "comment").map((r) => r.id))];
  if (proposalIds.length) {
    const rows = await db
      .selectFrom("proposals")
      .select(["id", sql<string>`left(body_md, ${sql.lit(TEXT_READ)})`.as("body"), "photo_alt as photoAlt"])
      .where("id", "in", proposalIds)
      .execute();
    for (const r of rows) {
      found.set(`proposal:${r.id}`, r.body);
      found.set(`photo:${r.id}`, r.photoAlt ?? "");
    }
  }
  if (commentIds.length) {
    const rows = await db
      .selectFrom("comments")
      .select(["id", sql<string>`left(body_md, ${sql.lit(TEXT_READ)})`.as("body")])
      .where("id", "in", commentIds)
      .execute();
    for (const r of rows) found.set(`comment:${r.id}`, r.body);
  }
  return found;
}

function reviewItems(db: Queryable, consultationId: string | null) {
  let proposals = db
    .selectFrom("proposals as p")
    .select([sql<ContributionType>`'proposal'`.as("type"), "p.id", "p.created_at as createdAt"])
    .where("p.hidden_kind", "=", "review");
  if (consultationId) proposals = proposals.where("p.consultation_id", "=", consultationId);
  let comments = db
    .selectFrom("comments as c")
    .leftJoin("proposals as p", "p.id", "c.proposal_id")
    .leftJoin("document_sections as s", "s.id", "c.section_id")
    .leftJoin("documents as d", "d.id", "s.document_id")
    .select([sql<ContributionType>`'comment'`.as("type"), "c.id", "c.created_at as createdAt"])
    .where("c.hidden_kind", "=", "review")
    .where("c.deleted_at", "is", null);
  if (consultationId) comments = comments.where(sql<string>`coalesce(p.consultation_id, d.consultation_id)`, "=", consultationId);
  return proposals.unionAll(comments);
}

/** One page of proposals and comments waiting for approval, oldest first. */
export async function reviewQueuePage(db: Queryable, consultationId: string | null, limit: number, offset: number) {
  const rows = await db
    .selectFrom(reviewItems(db, consultationId).as("r"))
    .selectAll()
    .orderBy("r.createdAt", "asc")
    .orderBy("r.type")
    .orderBy("r.id")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ type: r.type, id: String(r.id), createdAt: r.createdAt }));
}

export async function countReviewQueue(db: Queryable, consultationId: string | null): Promise<number> {
  const row = await db
    .selectFrom(reviewItems(db, consultationId).as("r"))
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function countOpenObjections(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom("objections")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("decided_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Every consultation, for the filters' select (newest first). */
export async function consultationOptions(db: Queryable) {
  const rows = await db.selectFrom("consultations").select(["id", "title"]).orderBy("opens_at", "desc").orderBy("id", "desc").execute();
  return rows.map((r) => ({ id: String(r.id), title: r.title }));
}

/** The staff (moderators, admins) who appear in the audit log as actors, by name. */
export async function auditActors(db: Queryable) {
  const rows = await db
    .selectFrom("users as u")
    .select(["u.id", "u.display_name as name"])
    .where("u.role", "in", ["moderator", "admin"])
    .where((eb) => eb.exists(eb.selectFrom("audit_log as a").select("a.id").whereRef("a.actor_id", "=", "u.id")))
    .orderBy("u.display_name")
    .orderBy("u.id")
    .execute();
  return rows.map((r) => ({ id: String(r.id), name: r.name }));
}

/** The distinct actions in the audit log, read from its (action, created_at) index one step per action. */
export async function auditActions(db: Queryable): Promise<string[]> {
  const result = await sql<{ action: string }>`
    with recursive a(action) as (
      (select action from audit_log order by action limit 1)
      union all
      select (select l.action from audit_log l where l.action > a.action order by l.action limit 1) from a where a.action is not null
    )
    select action from a where action is not null`.execute(db);
  return result.rows.map((r) => r.action);
}

function unanswered(db: Queryable, consultationId: string | null) {
  let query = db
    .selectFrom("proposals as p")
    .where("p.hidden_at", "is", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("proposal_answers as a").select("a.id").whereRef("a.proposal_id", "=", "p.id"))));
  if (consultationId) query = query.where("p.consultation_id", "=", consultationId);
  return query;
}

/** Visible proposals without an official answer, oldest first. */
export async function unansweredPage(db: Queryable, consultationId: string | null, limit: number, offset: number) {
  const rows = await unanswered(db, consultationId)
    .innerJoin("consultations as c", "c.id", "p.consultation_id")
    .select(["p.id", "p.title", "p.created_at as createdAt", "c.id as consultationId", "c.title as consultationTitle"])
    .orderBy("p.created_at", "asc")
    .orderBy("p.id", "asc")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ ...r, id: String(r.id), consultationId: String(r.consultationId) }));
}

export async function countUnanswered(db: Queryable, consultationId: string | null): Promise<number> {
  const row = await unanswered(db, consultationId)
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}
