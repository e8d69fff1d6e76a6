import type { DB, Queryable } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import { type CurrentUser, isModerator } from "../accounts/accounts.policy";
import { canView, contributionRefusal } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { proposalState } from "../proposals/proposals.server";
import { isAuthor } from "../proposals/proposals.policy";
import * as limits from "../ratelimits/ratelimits.server";
import type { CommentInput } from "./comments.schema";
import * as q from "./comments.queries.server";

export type Comment = q.CommentRow;
export type CommentThread = Comment & { replies: Comment[] };

/** Hidden comments keep their place; the public sees the reason instead of the text. */
function forReader(user: CurrentUser | null, c: Comment): Comment {
  return c.hiddenAt && !isModerator(user) ? { ...c, bodyMd: "" } : c;
}

/** Why this person may not contribute to this proposal now, or null. */
async function proposalRefusal(db: Queryable, user: CurrentUser | null, proposalId: string) {
  const proposal = await proposalState(db, proposalId);
  if (!proposal) return "not_found" as const;
  const consultation = await loadConsultation(db, proposal.consultationId);
  if (!consultation || !canView(user, consultation)) return "not_found" as const;
  const refusal = contributionRefusal(user, consultation);
  if (refusal) return refusal;
  if (proposal.hiddenAt) return "hidden" as const;
  return null;
}

// Comments on a proposal, or replies to a top-level comment (one level only).
// Results: ok with the id | not_found | hidden | parent_invalid | rate_limited | the contribution refusals.
export async function addComment(db: DB, user: CurrentUser | null, proposalId: string, input: CommentInput) {
  return db.transaction().execute(async (tx) => {
    const refusal = await proposalRefusal(tx, user, proposalId);
    if (refusal) return { ok: false, reason: refusal } as const;
    if (input.parentId) {
      const parent = await q.findCommentState(tx, input.parentId);
      if (!parent || parent.proposalId !== proposalId || parent.parentId !== null) {
        return { ok: false, reason: "parent_invalid" } as const;
      }
    }
    const wait = await limits.retryAfter(tx, "contributionUser", user!.id);
    if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait } as const;
    await limits.recordEvent(tx, "contributionUser", user!.id);
    const { id } = await q.insertComment(tx, { proposalId, parentId: input.parentId, authorId: user!.id, body: input.body });
    return { ok: true, id } as const;
  });
}

// Changes one's own comment while the consultation is open; it is then marked as edited.
// Results: ok with the proposal id | not_found | not_author | hidden | the contribution refusals.
export async function editComment(db: DB, user: CurrentUser | null, commentId: string, body: string) {
  return db.transaction().execute(async (tx) => {
    const comment = await q.findCommentState(tx, commentId);
    if (!comment) return { ok: false, reason: "not_found" } as const;
    const refusal = await proposalRefusal(tx, user, comment.proposalId);
    if (refusal) return { ok: false, reason: refusal } as const;
    if (!isAuthor(user, comment)) return { ok: false, reason: "not_author" } as const;
    if (comment.hiddenAt) return { ok: false, reason: "hidden" } as const;
    await q.updateCommentBody(tx, commentId, body);
    return { ok: true, proposalId: comment.proposalId } as const;
  });
}

/** A comment for its edit form, if this person wrote it. Results: ok | not_found | not_author. */
export async function getOwnComment(db: DB, user: CurrentUser | null, commentId: string) {
  const comment = await q.findCommentState(db, commentId);
  if (!comment) return { ok: false, reason: "not_found" } as const;
  if (!isAuthor(user, comment)) return { ok: false, reason: "not_author" } as const;
  return { ok: true, comment } as const;
}

/** A page of top-level comments, oldest first, each with its replies. */
export async function listComments(db: DB, user: CurrentUser | null, proposalId: string, page: number) {
  const { rows, total } = await q.listTopLevel(db, proposalId, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const replies = await q.listReplies(db, rows.map((r) => r.id));
  const threads: CommentThread[] = rows.map((r) => ({
    ...forReader(user, r),
    replies: replies.filter((reply) => reply.parentId === r.id).map((reply) => forReader(user, reply)),
  }));
  return { threads, total };
}
