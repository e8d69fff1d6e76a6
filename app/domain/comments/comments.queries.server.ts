import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

function baseSelect(db: Queryable) {
  return db.selectFrom("comments as c").innerJoin("users as u", "u.id", "c.author_id").select([
    "c.id",
    "c.proposal_id as proposalId",
    "c.section_id as sectionId",
    "c.parent_id as parentId",
    "c.author_id as authorId",
    "u.display_name as authorName",
    "c.body_md as bodyMd",
    "c.edited_at as editedAt",
    "c.hidden_at as hiddenAt",
    "c.hidden_reason as hiddenReason",
    // Why it is hidden and the rule named (decision 0017); never who hid it.
    "c.hidden_kind as hiddenKind",
    "c.hidden_rule as hiddenRule",
    "c.deleted_at as deletedAt",
    "c.created_at as createdAt",
  ]);
}

export type CommentRow = Awaited<ReturnType<typeof listTopLevel>>["rows"][number];

/** What a comment is about: a proposal, or a section of a text document. */
export type CommentTarget = { kind: "proposal"; id: string } | { kind: "section"; id: string };
const targetColumn = (target: CommentTarget) => (target.kind === "proposal" ? "proposal_id" : "section_id");

/** A page of top-level comments, oldest first. */
export async function listTopLevel(db: Queryable, target: CommentTarget, limit: number, offset: number) {
  const rows = await baseSelect(db)
    .where(`c.${targetColumn(target)}`, "=", target.id)
    .where("c.parent_id", "is", null)
    .orderBy("c.created_at")
    .orderBy("c.id")
    .limit(limit)
    .offset(offset)
    .execute();
  const { count } = await db
    .selectFrom("comments")
    .select(sql<number>`count(*)::int`.as("count"))
    .where(targetColumn(target), "=", target.id)
    .where("parent_id", "is", null)
    .executeTakeFirstOrThrow();
  return { rows, total: count };
}

/** The visible comments of a proposal or section, replies included: neither hidden nor deleted (see comments.policy). */
export async function countVisibleComments(db: Queryable, target: CommentTarget) {
  const { count } = await db
    .selectFrom("comments")
    .select(sql<number>`count(*)::int`.as("count"))
    .where(targetColumn(target), "=", target.id)
    .where("hidden_at", "is", null)
    .where("deleted_at", "is", null)
    .executeTakeFirstOrThrow();
  return count;
}

/** The replies to the given comments, oldest first, in one query. */
export function listReplies(db: Queryable, parentIds: string[]) {
  if (parentIds.length === 0) return Promise.resolve([]);
  return baseSelect(db).where("c.parent_id", "in", parentIds).orderBy("c.created_at").orderBy("c.id").execute();
}

/** One comment with its author's name, as the lists show it. */
export function findComment(db: Queryable, id: string) {
  return baseSelect(db).where("c.id", "=", id).executeTakeFirst();
}

export function findCommentState(db: Queryable, id: string) {
  return db
    .selectFrom("comments")
    .select([
      "id",
      "proposal_id as proposalId",
      "section_id as sectionId",
      "parent_id as parentId",
      "author_id as authorId",
      "hidden_at as hiddenAt",
      "hidden_kind as hiddenKind",
      "deleted_at as deletedAt",
      "created_at as createdAt",
      "body_md as bodyMd",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** `awaitingApproval`: stored hidden as waiting for a moderator (pre-moderation), in the same insert, so the tally
 *  trigger never counts it. */
export function insertComment(
  db: Queryable,
  c: { target: CommentTarget; parentId: string | null; authorId: string; body: string; awaitingApproval?: boolean },
) {
  return db
    .insertInto("comments")
    .values({
      proposal_id: c.target.kind === "proposal" ? c.target.id : null,
      section_id: c.target.kind === "section" ? c.target.id : null,
      parent_id: c.parentId,
      author_id: c.authorId,
      body_md: c.body,
      ...(c.awaitingApproval ? { hidden_at: sql<Date>`now()`, hidden_kind: "review" as const } : {}),
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

/** Changes the text of a comment that is not deleted (a delete that came first wins); returns the number of rows. */
export async function updateCommentBody(db: Queryable, id: string, body: string) {
  const result = await db
    .updateTable("comments")
    .set({ body_md: body, edited_at: sql`now()` })
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes a comment's text for good and marks it deleted; the row keeps its place for the replies. */
export function markCommentDeleted(db: Queryable, id: string) {
  return db
    .updateTable("comments")
    .set({ deleted_at: sql`now()`, body_md: "" })
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
}
