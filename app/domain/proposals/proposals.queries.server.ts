import { sql, type ExpressionBuilder } from "kysely";
import type { Database } from "../../../db/schema";
import type { Queryable } from "~/lib/db.server";
import type { ProposalInput } from "./proposals.schema";

type ProposalEb = ExpressionBuilder<Database & { p: Database["proposals"] }, "p">;

// Counts come from the votes and comments tables themselves, so what is shown is what is stored.
const votesFor = (eb: ProposalEb) =>
  eb.selectFrom("votes").select(sql<number>`count(*)::int`.as("n")).whereRef("votes.proposal_id", "=", "p.id").where("votes.value", "=", 1);
const votesAgainst = (eb: ProposalEb) =>
  eb.selectFrom("votes").select(sql<number>`count(*)::int`.as("n")).whereRef("votes.proposal_id", "=", "p.id").where("votes.value", "=", -1);
const commentCount = (eb: ProposalEb) =>
  eb
    .selectFrom("comments")
    .select(sql<number>`count(*)::int`.as("n"))
    .whereRef("comments.proposal_id", "=", "p.id")
    .where("comments.hidden_at", "is", null);

function baseSelect(db: Queryable) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("users as u", "u.id", "p.author_id")
    .select((eb) => [
      "p.id",
      "p.consultation_id as consultationId",
      "p.author_id as authorId",
      "u.display_name as authorName",
      "p.title",
      "p.body_md as bodyMd",
      "p.lat",
      "p.lng",
      "p.hidden_at as hiddenAt",
      "p.hidden_reason as hiddenReason",
      "p.created_at as createdAt",
      "p.updated_at as updatedAt",
      votesFor(eb).as("votesFor"),
      votesAgainst(eb).as("votesAgainst"),
      commentCount(eb).as("commentCount"),
    ]);
}

export type ProposalRow = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

export function findProposal(db: Queryable, id: string) {
  return baseSelect(db).where("p.id", "=", id).executeTakeFirst();
}

/** Newest first, one page; the three counts are sub-selects over indexed columns, not a query per item. */
export async function listProposals(db: Queryable, consultationId: string, limit: number, offset: number) {
  const rows = await baseSelect(db)
    .where("p.consultation_id", "=", consultationId)
    .orderBy("p.created_at", "desc")
    .orderBy("p.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  const { count } = await db
    .selectFrom("proposals")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("consultation_id", "=", consultationId)
    .executeTakeFirstOrThrow();
  return { rows, total: count };
}

/**
 * Visible proposals inside a viewport, grouped into grid cells of `cell` degrees: one row per non-empty cell with the
 * count and the mean position; a cell with a single proposal also carries its id and title. The number of rows is
 * bounded by the viewport's size in cells, not by the number of proposals.
 */
export function clustersInBox(db: Queryable, consultationId: string, box: [number, number, number, number], cell: number) {
  const [south, west, north, east] = box;
  return db
    .selectFrom("proposals")
    .select([
      sql<number>`count(*)::int`.as("count"),
      sql<number>`avg(lat)`.as("lat"),
      sql<number>`avg(lng)`.as("lng"),
      sql<string | null>`case when count(*) = 1 then min(id)::text end`.as("id"),
      sql<string | null>`case when count(*) = 1 then min(title) end`.as("title"),
    ])
    .where("consultation_id", "=", consultationId)
    .where("hidden_at", "is", null)
    .where("lat", ">=", south)
    .where("lat", "<=", north)
    .where("lng", ">=", west)
    .where("lng", "<=", east)
    .groupBy([sql`floor(lat / ${cell})`, sql`floor(lng / ${cell})`])
    .execute();
}

export function insertProposal(db: Queryable, consultationId: string, authorId: string, input: ProposalInput) {
  return db
    .insertInto("proposals")
    .values({ consultation_id: consultationId, author_id: authorId, title: input.title, body_md: input.body, lat: input.lat, lng: input.lng })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

export function updateProposal(db: Queryable, id: string, input: ProposalInput) {
  return db
    .updateTable("proposals")
    .set({ title: input.title, body_md: input.body, lat: input.lat, lng: input.lng, updated_at: sql`now()` })
    .where("id", "=", id)
    .execute();
}

/** What the rules need to know of a proposal: its consultation, author and visibility. No lock is taken,
 *  so votes on one popular proposal do not queue behind each other. */
export function findProposalState(db: Queryable, id: string) {
  return db
    .selectFrom("proposals")
    .select(["id", "consultation_id as consultationId", "author_id as authorId", "hidden_at as hiddenAt"])
    .where("id", "=", id)
    .executeTakeFirst();
}
