import { sql } from "kysely";
import type { ProposalStatus } from "../../../db/schema";
import type { Queryable } from "~/lib/db.server";
import type { ProposalInput } from "./proposals.schema";

function baseSelect(db: Queryable) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("users as u", "u.id", "p.author_id")
    .leftJoin("categories as cat", "cat.id", "p.category_id")
    .select([
      "p.id",
      "p.consultation_id as consultationId",
      "p.author_id as authorId",
      "u.display_name as authorName",
      "p.category_id as categoryId",
      "cat.name as categoryName",
      "cat.color as categoryColor",
      "p.title",
      "p.body_md as bodyMd",
      "p.lat",
      "p.lng",
      "p.place_description as placeDescription",
      "p.status",
      "p.photo_file_id as photoFileId",
      "p.photo_alt as photoAlt",
      "p.hidden_at as hiddenAt",
      "p.hidden_reason as hiddenReason",
      // Why it is hidden and the rule named (decision 0017); never who hid it.
      "p.hidden_kind as hiddenKind",
      "p.hidden_rule as hiddenRule",
      "p.photo_hidden_at as photoHiddenAt",
      "p.photo_hidden_kind as photoHiddenKind",
      "p.photo_hidden_reason as photoHiddenReason",
      "p.photo_hidden_rule as photoHiddenRule",
      "p.created_at as createdAt",
      "p.updated_at as updatedAt",
      // Kept by triggers in the same transaction as each vote and comment, so they equal the stored rows.
      "p.votes_for as votesFor",
      "p.votes_against as votesAgainst",
      "p.comment_count as commentCount",
    ]);
}

export type ProposalRow = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

export function findProposal(db: Queryable, id: string) {
  return baseSelect(db).where("p.id", "=", id).executeTakeFirst();
}

export type ProposalSort = "newest" | "supported" | "discussed" | "controversial";
export interface ProposalFilter {
  categoryId?: string | null;
  status?: ProposalStatus | null;
  /** German full-text search (websearch syntax: words, "phrases", -exclusions). */
  search?: string | null;
}

function filtered<QB extends { where: (...args: any[]) => QB }>(query: QB, filter: ProposalFilter): QB {
  let q = query;
  if (filter.categoryId) q = q.where("p.category_id", "=", filter.categoryId);
  if (filter.status) q = q.where("p.status", "=", filter.status);
  if (filter.search) q = q.where(sql<boolean>`p.search @@ websearch_to_tsquery('german', ${filter.search})`);
  return q;
}

/** A proposal waiting for approval (pre-moderation) is in no list until a moderator approves it (the queue shows it). */
const notWaiting = sql<boolean>`p.hidden_kind is distinct from 'review'`;

/**
 * One page of a consultation's proposals, filtered and sorted; the tallies make every sort an indexed read. Hidden
 * proposals keep their place (as placeholders); those waiting for approval are left out.
 */
export async function listProposals(
  db: Queryable,
  consultationId: string,
  opts: ProposalFilter & { sort: ProposalSort; limit: number; offset: number },
) {
  let query = filtered(baseSelect(db).where("p.consultation_id", "=", consultationId).where(notWaiting), opts);
  // Each order matches an index (consultation_id, key desc, id desc); ties fall back to the newer id.
  if (opts.sort === "supported") query = query.orderBy("p.votes_net", "desc");
  if (opts.sort === "discussed") query = query.orderBy("p.comment_count", "desc");
  if (opts.sort === "controversial") {
    // Many votes on both sides: the smaller side first, then the total.
    query = query.orderBy(sql`least(p.votes_for, p.votes_against)`, "desc").orderBy(sql`p.votes_for + p.votes_against`, "desc");
  }
  if (opts.sort === "newest") query = query.orderBy("p.created_at", "desc");
  const [rows, { count }] = await Promise.all([
    query.orderBy("p.id", "desc").limit(opts.limit).offset(opts.offset).execute(),
    filtered(
      db
        .selectFrom("proposals as p")
        .select(sql<number>`count(*)::int`.as("count"))
        .where("p.consultation_id", "=", consultationId)
        .where(notWaiting),
      opts,
    ).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count };
}

/**
 * Visible proposals inside a viewport, grouped into grid cells of `cell` degrees: one row per non-empty cell with the
 * count and the mean position; a cell with a single proposal also carries its id and title. The number of rows is
 * bounded by the viewport's size in cells, not by the number of proposals.
 */
export function clustersInBox(
  db: Queryable,
  consultationId: string,
  box: [number, number, number, number],
  cell: number,
  filter: ProposalFilter = {},
) {
  const [south, west, north, east] = box;
  // Counting reads only (consultation_id, lat, lng, id) from the partial index proposals_map; titles and
  // categories are looked up afterwards (mapLabels) for the cells that hold a single proposal.
  const cells = filtered(db.selectFrom("proposals as p"), filter)
    .select([
      sql<number>`count(*)::int`.as("count"),
      sql<number>`avg(p.lat)`.as("lat"),
      sql<number>`avg(p.lng)`.as("lng"),
      sql<string>`min(p.id)`.as("first_id"),
    ])
    .where("p.consultation_id", "=", consultationId)
    .where("p.hidden_at", "is", null)
    .where("p.lat", ">=", south)
    .where("p.lat", "<=", north)
    .where("p.lng", ">=", west)
    .where("p.lng", "<=", east)
    .groupBy([sql`floor(p.lat / ${cell})`, sql`floor(p.lng / ${cell})`]);
  return cells.execute();
}

/** Title and category of the proposals that sit alone in their map cell. */
export function mapLabels(db: Queryable, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("proposals as p")
    .leftJoin("categories as cat", "cat.id", "p.category_id")
    .select(["p.id", "p.title", "cat.name as category", "cat.color as color"])
    .where("p.id", "in", ids)
    .execute();
}

/** Every visible proposal of a consultation (with the list's filters) for the open-data export, oldest first. */
export function exportRows(db: Queryable, consultationId: string, filter: ProposalFilter) {
  return filtered(
    db
      .selectFrom("proposals as p")
      .leftJoin("categories as cat", "cat.id", "p.category_id")
      .select([
        "p.id",
        "p.title",
        "cat.name as category",
        "p.status",
        "p.place_description",
        "p.lat",
        "p.lng",
        "p.votes_for",
        "p.votes_against",
        "p.votes_net",
        "p.comment_count",
        "p.created_at",
      ])
      .where("p.consultation_id", "=", consultationId)
      .where("p.hidden_at", "is", null),
    filter,
  )
    .orderBy("p.id")
    .execute();
}

function contentColumns(input: ProposalInput) {
  return {
    category_id: input.categoryId ?? null,
    title: input.title,
    body_md: input.body,
    lat: input.lat,
    lng: input.lng,
    place_description: input.placeDescription ?? null,
    photo_alt: input.photoAlt ?? null,
  };
}

/** `awaitingApproval`: stored hidden as waiting for a moderator (pre-moderation), in the same insert, so nothing counts it. */
export function insertProposal(
  db: Queryable,
  consultationId: string,
  authorId: string,
  input: ProposalInput,
  photoFileId: string | null,
  awaitingApproval = false,
) {
  return db
    .insertInto("proposals")
    .values({
      consultation_id: consultationId,
      author_id: authorId,
      ...contentColumns(input),
      photo_file_id: photoFileId,
      photo_alt: photoFileId ? (input.photoAlt ?? null) : null,
      ...(awaitingApproval ? { hidden_at: sql<Date>`now()`, hidden_kind: "review" as const } : {}),
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

/** `photo` undefined keeps the current photo; { fileId: null } removes it. */
export function updateProposal(db: Queryable, id: string, input: ProposalInput, photo?: { fileId: string | null }) {
  return db
    .updateTable("proposals")
    .set({
      ...contentColumns(input),
      ...(photo ? { photo_file_id: photo.fileId } : {}),
      ...(photo && !photo.fileId ? { photo_alt: null } : {}),
      updated_at: sql`now()`,
    })
    .where("id", "=", id)
    .execute();
}

/** What the rules need to know of a proposal: its consultation, author and visibility (a plain read; the vote
 *  trigger's tally update is what briefly locks the row). */
export function findProposalState(db: Queryable, id: string) {
  return db
    .selectFrom("proposals")
    .select([
      "id",
      "consultation_id as consultationId",
      "author_id as authorId",
      "hidden_at as hiddenAt",
      "hidden_kind as hiddenKind",
      "photo_file_id as photoFileId",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Rebuilds every proposal's tallies from the votes and comments tables (the truth). Returns how many were wrong. */
export async function recomputeTallies(db: Queryable): Promise<number> {
  const result = await sql`
    with truth as (
      select p.id,
        (select count(*)::int from votes v where v.proposal_id = p.id and v.value = 1) as f,
        (select count(*)::int from votes v where v.proposal_id = p.id and v.value = -1) as a,
        (select count(*)::int from comments c where c.proposal_id = p.id and c.hidden_at is null and c.deleted_at is null) as c
      from proposals p)
    update proposals p set votes_for = t.f, votes_against = t.a, comment_count = t.c
    from truth t
    where t.id = p.id and (p.votes_for, p.votes_against, p.comment_count) is distinct from (t.f, t.a, t.c)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
