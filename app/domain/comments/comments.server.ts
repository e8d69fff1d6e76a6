import type { DB, Queryable } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import type { CurrentUser } from "../accounts/accounts.policy";
import { canView } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { proposalState } from "../proposals/proposals.server";
import { sectionState } from "../documents/documents.server";
import * as limits from "../ratelimits/ratelimits.server";
import { notifyAboutComment, notifyAboutSectionReply } from "../follows/follows.server";
import { awaitsApproval } from "../consultations/consultations.moderation.policy";
import { type Visibility, visibilityFor } from "../moderation/moderation.policy";
import {
  commentDeleteRefusal,
  commentEditRefusal,
  commentRefusal,
  editableUntil,
  replyRefusal,
  type CommentTargetFacts,
} from "./comments.policy";
import type { CommentInput } from "./comments.schema";
import * as q from "./comments.queries.server";

/**
 * A comment as one reader may see it; `hiddenForReader`: the policy's answer, only its placeholder is theirs to see;
 * `visibility` says how (visibilityFor: marked for moderators, its waiting author's note).
 */
export type Comment = q.CommentRow & { hiddenForReader: boolean; visibility: Visibility };
export type { CommentTarget } from "./comments.queries.server";
type CommentTarget = q.CommentTarget;
export type CommentThread = Comment & { replies: Comment[] };

/**
 * Hidden comments keep their place; the public sees the reason instead of the text. Deleted comments keep
 * their place too, for everyone (moderators included) without text and without naming who wrote them. A comment
 * waiting for approval is not there (null) for anyone but its author and the moderators (visibilityFor).
 */
function forReader(user: CurrentUser | null, c: q.CommentRow): Comment | null {
  const visibility = visibilityFor(user, c);
  if (visibility === "absent") return null;
  const hiddenForReader = visibility === "placeholder";
  if (c.deletedAt) return { ...c, hiddenForReader, visibility, authorId: "", authorName: "", bodyMd: "" };
  return hiddenForReader ? { ...c, hiddenForReader, visibility, bodyMd: "" } : { ...c, hiddenForReader, visibility };
}

/** The comments this reader may see of a list, each as they see it. */
const forReaderAll = (user: CurrentUser | null, rows: q.CommentRow[]) => rows.flatMap((c) => forReader(user, c) ?? []);

/** How a section is named in a mail: its text's title and its heading. */
async function sectionTitle(db: Queryable, sectionId: string) {
  const section = await sectionState(db, sectionId);
  return section?.heading ? `${section.documentTitle}: ${section.heading}` : (section?.documentTitle ?? "");
}

/** The target of a stored comment. */
function targetOf(comment: { proposalId: string | null; sectionId: string | null }): CommentTarget {
  return comment.proposalId ? { kind: "proposal", id: comment.proposalId } : { kind: "section", id: comment.sectionId! };
}

/** The page a comment is shown on: its proposal's, or its document section's. */
export function commentPage(comment: { proposalId: string | null; sectionId: string | null }): string {
  return comment.proposalId ? `/vorschlaege/${comment.proposalId}` : `/abschnitte/${comment.sectionId}`;
}

const sameTarget = (a: CommentTarget, b: CommentTarget) => a.kind === b.kind && a.id === b.id;

/**
 * What the rules of commenting need to know of a proposal or section: its consultation and whether it is hidden or
 * removed; null when there is no such target or this reader may not see it.
 */
export async function commentPlace(db: Queryable, user: CurrentUser | null, target: CommentTarget) {
  const facts: (CommentTargetFacts & { consultationId: string }) | undefined =
    target.kind === "proposal"
      ? await proposalState(db, target.id)
      : await sectionState(db, target.id).then((s) => s && { consultationId: s.consultationId, removed: s.removedInVersion !== null });
  if (!facts) return null;
  const consultation = await loadConsultation(db, facts.consultationId);
  if (!consultation || !canView(user, consultation)) return null;
  return { consultation, target: facts };
}

// Comments on a proposal, or replies to a top-level comment (one level only, not to a deleted one); tells the
// author replied to and the proposal's followers by mail. In a pre-moderated consultation a resident's comment is
// stored waiting for approval (hidden_kind 'review') and the mails wait too, until a moderator approves it.
// Results: ok with the id | not_found | hidden | parent_invalid | rate_limited | the contribution refusals.
export function addComment(db: DB, user: CurrentUser | null, proposalId: string, input: CommentInput) {
  return addCommentTo(db, user, { kind: "proposal", id: proposalId }, input);
}

// The same for a section of a text document (same threading, rules and limits; no follower mails, as sections
// cannot be followed). Results: those of addComment | section_removed.
export function addSectionComment(db: DB, user: CurrentUser | null, sectionId: string, input: CommentInput) {
  return addCommentTo(db, user, { kind: "section", id: sectionId }, input);
}

export async function addCommentTo(db: DB, user: CurrentUser | null, target: CommentTarget, input: CommentInput) {
  return db.transaction().execute(async (tx) => {
    const place = await commentPlace(tx, user, target);
    const refusal = place ? commentRefusal(user, place.consultation, place.target) : ("not_found" as const);
    if (refusal) return { ok: false, reason: refusal } as const;
    if (input.parentId) {
      const parent = await q.findCommentState(tx, input.parentId);
      if (!parent || !sameTarget(targetOf(parent), target) || replyRefusal(parent)) {
        return { ok: false, reason: "parent_invalid" } as const;
      }
    }
    const wait = await limits.hit(tx, "contributionUser", user!.id);
    if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait } as const;
    const awaitingApproval = awaitsApproval(user!, place!.consultation);
    const { id } = await q.insertComment(tx, { target, parentId: input.parentId, authorId: user!.id, body: input.body, awaitingApproval });
    if (!awaitingApproval) await notifyAboutNewComment(tx, { id, target, parentId: input.parentId, authorId: user!.id });
    return { ok: true, id } as const;
  });
}

/** Mails to the author replied to and to the proposal's followers about a comment everyone can now read (outbox). */
async function notifyAboutNewComment(tx: Queryable, c: { id: string; target: CommentTarget; parentId: string | null; authorId: string }) {
  if (c.target.kind === "proposal") {
    await notifyAboutComment(tx, { id: c.id, proposalId: c.target.id, parentId: c.parentId, authorId: c.authorId });
  } else {
    await notifyAboutSectionReply(
      tx,
      { id: c.id, sectionId: c.target.id, parentId: c.parentId, authorId: c.authorId },
      await sectionTitle(tx, c.target.id),
    );
  }
}

// After a moderator approved a comment that waited (pre-moderation), inside the decision's transaction: the mails its
// writing would have sent, sent now and once (approval only fits a waiting comment). Results: none.
export async function afterCommentApproval(tx: Queryable, commentId: string): Promise<void> {
  const c = await q.findCommentState(tx, commentId);
  if (!c || c.deletedAt) return;
  await notifyAboutNewComment(tx, { id: String(c.id), target: targetOf(c), parentId: c.parentId, authorId: String(c.authorId) });
}

/** The comment, if this person may edit it now; otherwise why not. Runs inside the caller's transaction. */
async function editableComment(tx: Queryable, user: CurrentUser | null, commentId: string) {
  const comment = await q.findCommentState(tx, commentId);
  if (!comment) return { ok: false, reason: "not_found" } as const;
  const place = await commentPlace(tx, user, targetOf(comment));
  const refusal = place ? commentEditRefusal(user, place.consultation, place.target, comment) : "not_found";
  if (refusal) return { ok: false, reason: refusal } as const;
  return { ok: true, comment } as const;
}

// Changes one's own comment within 15 minutes of writing it, while the consultation is open; it is then
// marked as edited. Results: ok with the proposal id or section id | not_found (also when deleted) | not_author |
// hidden | edit_window_closed | the contribution refusals.
export async function editComment(db: DB, user: CurrentUser | null, commentId: string, body: string) {
  return db.transaction().execute(async (tx) => {
    const found = await editableComment(tx, user, commentId);
    if (!found.ok) return found;
    // A delete that committed in the meantime wins: its text stays gone.
    if (!(await q.updateCommentBody(tx, commentId, body))) return { ok: false, reason: "not_found" } as const;
    return { ok: true, proposalId: found.comment.proposalId, sectionId: found.comment.sectionId } as const;
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
  const result = await deleteCommentOf(db, user, { kind: "proposal", id: proposalId }, commentId);
  return result.ok ? ({ ok: true, proposalId } as const) : result;
}

export async function deleteCommentOf(db: DB, user: CurrentUser | null, target: CommentTarget, commentId: string) {
  return db.transaction().execute(async (tx) => {
    const comment = await q.findCommentState(tx, commentId);
    if (!comment || !sameTarget(targetOf(comment), target)) return { ok: false, reason: "not_found" } as const;
    const place = await commentPlace(tx, user, target);
    const refusal = place ? commentDeleteRefusal(user, place.consultation, place.target, comment) : "not_found";
    if (refusal) return { ok: false, reason: refusal } as const;
    if (!comment.deletedAt) await q.markCommentDeleted(tx, commentId);
    return { ok: true } as const;
  });
}

/** A page of top-level comments, oldest first, each with its replies. */
export function listComments(db: DB, user: CurrentUser | null, proposalId: string, page: number) {
  return listCommentsOf(db, user, { kind: "proposal", id: proposalId }, page);
}

export function listSectionComments(db: DB, user: CurrentUser | null, sectionId: string, page: number) {
  return listCommentsOf(db, user, { kind: "section", id: sectionId }, page);
}

// `total`: the threads (top-level comments), by which the comments are paged; `count`: the visible comments,
// replies included, the number the page shows (the same as in the lists: see comments.policy).
export async function listCommentsOf(db: DB, user: CurrentUser | null, target: CommentTarget, page: number) {
  const [{ rows, total }, count] = await Promise.all([
    q.listTopLevel(db, target, PAGE_SIZE, (page - 1) * PAGE_SIZE),
    q.countVisibleComments(db, target),
  ]);
  const replies = await q.listReplies(
    db,
    rows.map((r) => r.id),
  );
  const threads: CommentThread[] = forReaderAll(user, rows).map((r) => ({
    ...r,
    replies: forReaderAll(
      user,
      replies.filter((reply) => reply.parentId === r.id),
    ),
  }));
  return { threads, total, count };
}

/**
 * One comment of a proposal or section as this reader may see it, or null; for the one just written, to show it in
 * place (the caller has already checked that the reader may see its page, as adding it did).
 */
export async function getCommentOf(db: DB, user: CurrentUser | null, target: CommentTarget, commentId: string): Promise<Comment | null> {
  const comment = await q.findComment(db, commentId);
  return comment && sameTarget(targetOf(comment), target) ? forReader(user, comment) : null;
}
