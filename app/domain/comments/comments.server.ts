import type { DB, Queryable } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import { type CurrentUser, isModerator } from "../accounts/accounts.policy";
import { canView, contributionRefusal } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { proposalState } from "../proposals/proposals.server";
import * as limits from "../ratelimits/ratelimits.server";
import { notifyAboutComment } from "../follows/follows.server";
import { deleteRefusal, editRefusal, editableUntil } from "./comments.policy";
import type { CommentInput } from "./comments.schema";
import * as q from "./comments.queries.server";

export type Comment = q.CommentRow;
export type CommentThread = Comment & { replies: Comment[] };

/**
 * Hidden comments keep their place; the public sees the reason instead of the text. Deleted comments keep
 * their place too, for everyone (moderators included) without text and without naming who wrote them.
 */
function forReader(user: CurrentUser | null, c: Comment): Comment {
  if (c.deletedAt) return { ...c, authorId: "", authorName: "", bodyMd: "" };
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

// Comments on a proposal, or replies to a top-level comment (one level only, not to a deleted one); tells the
// author replied to and the proposal's followers by mail.
// Results: ok with the id | not_found | hidden | parent_invalid | rate_limited | the contribution refusals.
export async function addComment(db: DB, user: CurrentUser | null, proposalId: string, input: CommentInput) {
  return db.transaction().execute(async (tx) => {
    const refusal = await proposalRefusal(tx, user, proposalId);
    if (refusal) return { ok: false, reason: refusal } as const;
    if (input.parentId) {
      const parent = await q.findCommentState(tx, input.parentId);
      if (!parent || parent.proposalId !== proposalId || parent.parentId !== null || parent.deletedAt) {
        return { ok: false, reason: "parent_invalid" } as const;
      }
    }
    const wait = await limits.retryAfter(tx, "contributionUser", user!.id);
    if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait } as const;
    await limits.recordEvent(tx, "contributionUser", user!.id);
    const { id } = await q.insertComment(tx, { proposalId, parentId: input.parentId, authorId: user!.id, body: input.body });
    // Mails to the author replied to and to the proposal's followers, in this transaction (outbox).
    await notifyAboutComment(tx, { id, proposalId, parentId: input.parentId, authorId: user!.id });
    return { ok: true, id } as const;
  });
}

/** The comment, if this person may edit it now; otherwise why not. Runs inside the caller's transaction. */
async function editableComment(tx: Queryable, user: CurrentUser | null, commentId: string) {
  const comment = await q.findCommentState(tx, commentId);
  if (!comment) return { ok: false, reason: "not_found" } as const;
  const refusal = (await proposalRefusal(tx, user, comment.proposalId)) ?? editRefusal(user, comment, new Date());
  if (refusal) return { ok: false, reason: refusal } as const;
  return { ok: true, comment } as const;
}

// Changes one's own comment within 15 minutes of writing it, while the consultation is open; it is then
// marked as edited. Results: ok with the proposal id | not_found (also when deleted) | not_author | hidden |
// edit_window_closed | the contribution refusals.
export async function editComment(db: DB, user: CurrentUser | null, commentId: string, body: string) {
  return db.transaction().execute(async (tx) => {
    const found = await editableComment(tx, user, commentId);
    if (!found.ok) return found;
    // A delete that committed in the meantime wins: its text stays gone.
    if (!(await q.updateCommentBody(tx, commentId, body))) return { ok: false, reason: "not_found" } as const;
    return { ok: true, proposalId: found.comment.proposalId } as const;
  });
}

// A comment for its edit form, if this person may edit it now (the same rules as editComment).
// Results: ok with the comment and when editing ends | not_found | not_author | hidden | edit_window_closed | the contribution refusals.
export async function getOwnComment(db: DB, user: CurrentUser | null, commentId: string) {
  const found = await editableComment(db, user, commentId);
  if (!found.ok) return found;
  return { ok: true, comment: found.comment, editableUntil: editableUntil(found.comment) } as const;
}

// Deletes one's own comment while the consultation is open: its text is erased for good (the row keeps its
// place so replies still make sense). Deleting again is an ok that changes nothing.
// Results: ok with the proposal id | not_found (also for a comment of another proposal) | not_author | hidden | the contribution refusals.
export async function deleteComment(db: DB, user: CurrentUser | null, proposalId: string, commentId: string) {
  return db.transaction().execute(async (tx) => {
    const comment = await q.findCommentState(tx, commentId);
    if (!comment || comment.proposalId !== proposalId) return { ok: false, reason: "not_found" } as const;
    const refusal = (await proposalRefusal(tx, user, comment.proposalId)) ?? deleteRefusal(user, comment);
    if (refusal) return { ok: false, reason: refusal } as const;
    if (!comment.deletedAt) await q.markCommentDeleted(tx, commentId);
    return { ok: true, proposalId } as const;
  });
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

/**
 * One comment of a proposal as this reader may see it, or null; for the one just written, to show it in place
 * (the caller has already checked that the reader may see the proposal, as addComment does).
 */
export async function getComment(db: DB, user: CurrentUser | null, proposalId: string, commentId: string): Promise<Comment | null> {
  const comment = await q.findComment(db, commentId);
  return comment && comment.proposalId === proposalId ? forReader(user, comment) : null;
}
