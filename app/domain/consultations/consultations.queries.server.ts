import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { ConsultationInput } from "./consultations.schema";

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
      "c.published_at as publishedAt",
      "c.updated_at as updatedAt",
      "r.published_at as resultPublishedAt",
    ]);
}

export type ConsultationRow = Awaited<ReturnType<typeof findConsultation>> & {};

export function findConsultation(db: Queryable, id: string) {
  return baseSelect(db).where("c.id", "=", id).executeTakeFirst();
}

/** Open first, then scheduled, then closed and published; drafts only when asked for. */
export async function listConsultations(db: Queryable, opts: { includeDrafts: boolean; limit: number; offset: number }) {
  let query = baseSelect(db);
  if (!opts.includeDrafts) query = query.where("c.published_at", "is not", null);
  const rankSql = sql<number>`case
      when c.published_at is null then 0
      when r.published_at is null and c.opens_at <= now() and c.closes_at > now() then 1
      when c.opens_at > now() then 2
      else 3 end`;
  const rows = await query
    .orderBy(rankSql)
    .orderBy("c.closes_at", "desc")
    .orderBy("c.id", "desc")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  let countQuery = db.selectFrom("consultations as c").select(sql<number>`count(*)::int`.as("count"));
  if (!opts.includeDrafts) countQuery = countQuery.where("c.published_at", "is not", null);
  const { count } = await countQuery.executeTakeFirstOrThrow();
  return { rows, total: count };
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
    .set({ ...columns(input), updated_at: sql`now()` })
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
