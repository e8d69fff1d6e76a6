import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

/** Sets or changes one person's vote; the primary key (proposal, user) makes a second row impossible. */
export function upsertVote(db: Queryable, proposalId: string, userId: string, value: 1 | -1) {
  return db
    .insertInto("votes")
    .values({ proposal_id: proposalId, user_id: userId, value })
    .onConflict((oc) => oc.columns(["proposal_id", "user_id"]).doUpdateSet({ value, updated_at: sql`now()` }))
    .execute();
}

export function deleteVote(db: Queryable, proposalId: string, userId: string) {
  return db.deleteFrom("votes").where("proposal_id", "=", proposalId).where("user_id", "=", userId).execute();
}

export async function findVote(db: Queryable, proposalId: string, userId: string) {
  const row = await db
    .selectFrom("votes")
    .select("value")
    .where("proposal_id", "=", proposalId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.value ?? 0;
}

/** The proposal's vote tallies (kept by the votes trigger in each vote's transaction, so they equal the votes rows). */
export function findTally(db: Queryable, proposalId: string) {
  return db
    .selectFrom("proposals")
    .select(["votes_for as votesFor", "votes_against as votesAgainst"])
    .where("id", "=", proposalId)
    .executeTakeFirst();
}
