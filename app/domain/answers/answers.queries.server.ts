import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { AnswerInput } from "./answers.schema";

export function findAnswer(db: Queryable, proposalId: string) {
  return db
    .selectFrom("proposal_answers as a")
    .innerJoin("users as u", "u.id", "a.author_id")
    .select([
      "a.id",
      "a.status",
      "a.body_md as bodyMd",
      "u.display_name as authorName",
      "a.created_at as createdAt",
      "a.updated_at as updatedAt",
    ])
    .where("a.proposal_id", "=", proposalId)
    .executeTakeFirst();
}

/** Writes the answer and the proposal's status together (the status is the answer's, kept on the row for filters). */
export async function saveAnswer(db: Queryable, proposalId: string, authorId: string, input: AnswerInput) {
  await db
    .insertInto("proposal_answers")
    .values({ proposal_id: proposalId, author_id: authorId, status: input.status, body_md: input.body })
    .onConflict((oc) =>
      oc.column("proposal_id").doUpdateSet({ status: input.status, body_md: input.body, author_id: authorId, updated_at: sql`now()` }),
    )
    .execute();
  await db.updateTable("proposals").set({ status: input.status }).where("id", "=", proposalId).execute();
}
