import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Database } from "../../../db/schema";
import type { Queryable } from "~/lib/db.server";
import type { ConsultationInput } from "./consultations.schema";
import type { ConsultationQuery, ListPhase } from "./consultations.urls";
import type { ConsultationSnapshot, RevisionField } from "./consultations.revisions";

function baseSelect(db: Queryable) {
  return db
    .selectFrom("consultations as c")
    .leftJoin("result_reports as r", "r.consultation_id", "c.id")
    .select([
      "c.id",
      "c.title",
      "c.summary",
      "c.body_md as bodyMd",
      "c.opens_at as opensAt",
      "c.closes_at as closesAt",
      "c.center_lat as centerLat",
      "c.center_lng as centerLng",
      "c.zoom",
      "c.area",
      "c.plain_summary as plainSummary",
      "c.contact_name as contactName",
      "c.contact_office as contactOffice",
      "c.contact_email as contactEmail",
      "c.contact_phone as contactPhone",
      "c.input_use_md as inputUse",
      "c.auto_hide_threshold as autoHideThreshold",
      "c.premoderated",
      "c.created_by as createdBy",
      "c.published_at as publishedAt",
      "c.updated_at as updatedAt",
      "r.published_at as resultPublishedAt",
    ]);
}

export type ConsultationRow = Awaited<ReturnType<typeof findConsultation>> & {};

export function findConsultation(db: Queryable, id: string) {
  return baseSelect(db).where("c.id", "=", id).executeTakeFirst();
}

type ListEb = ExpressionBuilder<Database & { c: Database["consultations"]; r: Database["result_reports"] }, "c" | "r">;

/** The SQL twin of phaseOf(): which consultations are in a phase at `now`. */
function inPhase(eb: ListEb, phase: ListPhase, now: Date): Expression<SqlBool> {
  const published = eb("c.published_at", "is not", null);
  const noResult = eb("r.published_at", "is", null);
  switch (phase) {
    case "draft":
      return eb("c.published_at", "is", null);
    case "scheduled":
      return eb.and([published, noResult, eb("c.opens_at", ">", now)]);
    case "open":
      return eb.and([published, noResult, eb("c.opens_at", "<=", now), eb("c.closes_at", ">", now)]);
    case "closed":
      return eb.and([published, noResult, eb("c.closes_at", "<=", now)]);
    case "published":
      return eb.and([published, eb("r.published_at", "is not", null)]);
  }
}

export interface ListOptions extends ConsultationQuery {
  includeDrafts: boolean;
  limit: number;
  offset: number;
  /** The moment the phases are computed for (the same one the caller's phaseOf uses). */
  now: Date;
}

/**
 * Drafts (for admins) first, then open, then scheduled, then closed and published; within each, the one closing
 * last first. The phase is computed in SQL against `now`, so sorting and filtering page correctly.
 */
export async function listConsultations(db: Queryable, opts: ListOptions) {
  const filtered = <Q extends { where: (f: (eb: ListEb) => Expression<SqlBool>) => Q }>(query: Q): Q => {
    let q = query;
    if (!opts.includeDrafts) q = q.where((eb) => eb("c.published_at", "is not", null));
    if (opts.phase) q = q.where((eb) => inPhase(eb, opts.phase!, opts.now));
    if (opts.search) q = q.where(() => sql<SqlBool>`c.search @@ websearch_to_tsquery('german', ${opts.search})`);
    return q;
  };
  const now = opts.now.toISOString();
  const rankSql = sql<number>`case
      when c.published_at is null then 0
      when r.published_at is not null then 3
      when c.opens_at > ${now}::timestamptz then 2
      when c.closes_at > ${now}::timestamptz then 1
      else 3 end`;
  const rows = await filtered(baseSelect(db))
    .orderBy(rankSql)
    .orderBy("c.closes_at", "desc")
    .orderBy("c.id", "desc")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  const countQuery = filtered(
    db
      .selectFrom("consultations as c")
      .leftJoin("result_reports as r", "r.consultation_id", "c.id")
      .select(sql<number>`count(*)::int`.as("count")),
  );
  const { count } = await countQuery.executeTakeFirstOrThrow();
  return { rows, total: count };
}

/** Newly published consultations for the feed, newest first. */
export function latestPublishedConsultations(db: Queryable, limit: number) {
  return db
    .selectFrom("consultations as c")
    .select([
      "c.id",
      "c.title",
      "c.summary",
      "c.published_at as publishedAt",
      (eb) =>
        eb
          .selectFrom("consultation_revisions as v")
          .select((e) => e.fn.max("v.created_at").as("at"))
          .whereRef("v.consultation_id", "=", "c.id")
          .as("revisedAt"),
    ])
    .where("c.published_at", "is not", null)
    .orderBy("c.published_at", "desc")
    .orderBy("c.id", "desc")
    .limit(limit)
    .execute();
}

/** Published result reports for the feed, newest first. */
export function latestPublishedResults(db: Queryable, limit: number) {
  return db
    .selectFrom("result_reports as r")
    .innerJoin("consultations as c", "c.id", "r.consultation_id")
    .select(["c.id", "c.title", "r.summary_md as summaryMd", "r.published_at as publishedAt", "r.updated_at as updatedAt"])
    .where("r.published_at", "is not", null)
    .where("c.published_at", "is not", null)
    .orderBy("r.published_at", "desc")
    .orderBy("r.id", "desc")
    .limit(limit)
    .execute();
}

/** Takes the consultation's row lock, so that concurrent edits number their revisions one after the other. */
export async function lockConsultation(db: Queryable, id: string) {
  const row = await db.selectFrom("consultations").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
  return !!row;
}

export async function lastRevisionNumber(db: Queryable, consultationId: string): Promise<number> {
  const row = await db
    .selectFrom("consultation_revisions")
    .select(sql<number>`coalesce(max(number), 0)::int`.as("n"))
    .where("consultation_id", "=", consultationId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export function insertRevision(
  db: Queryable,
  revision: {
    consultationId: string;
    number: number;
    snapshot: ConsultationSnapshot;
    changedFields: RevisionField[];
    authorId: string;
    createdAt?: Date;
  },
) {
  return db
    .insertInto("consultation_revisions")
    .values({
      consultation_id: revision.consultationId,
      number: revision.number,
      snapshot: JSON.stringify(revision.snapshot),
      changed_fields: JSON.stringify(revision.changedFields),
      author_id: revision.authorId,
      ...(revision.createdAt ? { created_at: revision.createdAt } : {}),
    })
    .execute();
}

/** A consultation's revisions without their snapshots, newest first. */
export async function listRevisions(db: Queryable, consultationId: string, limit: number) {
  const rows = await db
    .selectFrom("consultation_revisions")
    .select(["number", "created_at as createdAt", "changed_fields as changedFields"])
    .where("consultation_id", "=", consultationId)
    .orderBy("number", "desc")
    .limit(limit)
    .execute();
  return rows;
}

function columns(input: ConsultationInput) {
  return {
    title: input.title,
    summary: input.summary,
    body_md: input.body,
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    center_lat: input.centerLat,
    center_lng: input.centerLng,
    zoom: input.zoom,
    area: input.area ? JSON.stringify(input.area) : null,
    plain_summary: input.plainSummary,
    contact_name: input.contactName,
    contact_office: input.contactOffice,
    contact_email: input.contactEmail,
    contact_phone: input.contactPhone,
    input_use_md: input.inputUse,
  };
}

export function insertConsultation(db: Queryable, input: ConsultationInput, createdBy: string) {
  return db
    .insertInto("consultations")
    .values({ ...columns(input), created_by: createdBy })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

export function updateConsultation(db: Queryable, id: string, input: ConsultationInput) {
  return db
    .updateTable("consultations")
    .set({
      ...columns(input),
      // Closing moved into the future again: followers are told once more when the new end comes.
      closing_notice_sent_at: sql`case when ${input.closesAt}::timestamptz > now() then null else closing_notice_sent_at end`,
      updated_at: sql`now()`,
    })
    .where("id", "=", id)
    .executeTakeFirst();
}

export function setPublished(db: Queryable, id: string) {
  return db
    .updateTable("consultations")
    .set({ published_at: sql`coalesce(published_at, now())` })
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listCategories(db: Queryable, consultationId: string) {
  return db
    .selectFrom("categories")
    .select(["id", "name", "color"])
    .where("consultation_id", "=", consultationId)
    .orderBy("name")
    .execute();
}

export async function categoryExists(db: Queryable, consultationId: string, categoryId: string) {
  const row = await db
    .selectFrom("categories")
    .select("id")
    .where("consultation_id", "=", consultationId)
    .where("id", "=", categoryId)
    .executeTakeFirst();
  return !!row;
}

export function insertCategory(db: Queryable, consultationId: string, name: string, color: string) {
  return db
    .insertInto("categories")
    .values({ consultation_id: consultationId, name, color })
    .onConflict((oc) => oc.columns(["consultation_id", "name"]).doNothing())
    .returning("id")
    .executeTakeFirst();
}

export function deleteCategory(db: Queryable, consultationId: string, categoryId: string) {
  return db.deleteFrom("categories").where("consultation_id", "=", consultationId).where("id", "=", categoryId).executeTakeFirst();
}
