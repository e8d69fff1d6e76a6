import type { CurrentUser } from "../accounts/accounts.policy";
import { type ContributionRefusal, contributionRefusal, type PhaseDates } from "../consultations/consultations.policy";
import { hiddenFor } from "../moderation/moderation.policy";

// Who may write, reply to, change or delete a comment, and when. Pure: the server intents decide by these rules; the
// loaders send their answers (commentRefusal) and the pages use the same functions to show "Antworten",
// "Bearbeiten" and "Löschen" only when they would be accepted.
//
// Counting: a comment counts when it is neither hidden nor deleted; replies count like top-level comments. Every
// place that shows a number of comments shows this one (lists, page headings, map popups, export, result figures).

/** An author may edit a comment for this long after writing it. */
export const EDIT_WINDOW_MINUTES = 15;
const EDIT_WINDOW_MS = EDIT_WINDOW_MINUTES * 60 * 1000;

type Stamp = Date | string;
/** The signed-in person (only the id matters here), or null for a guest. */
type Person = { id: string } | null;
export interface CommentFacts {
  authorId: string;
  createdAt: Stamp;
  hiddenAt: Stamp | null;
  /** Why it is hidden; "review": it waits for approval (pre-moderation), and its author may still edit it. */
  hiddenKind?: string | null;
  deletedAt: Stamp | null;
}

const isAuthor = (user: Person, comment: CommentFacts) => !!user && user.id === comment.authorId;

/** The moment editing ends. */
export const editableUntil = (comment: Pick<CommentFacts, "createdAt">) => new Date(new Date(comment.createdAt).getTime() + EDIT_WINDOW_MS);

/** Why this person may not edit this comment at `now`, or null. A deleted comment is gone: not_found. */
export function editRefusal(user: Person, comment: CommentFacts, now: Date) {
  if (comment.deletedAt) return "not_found" as const;
  if (!isAuthor(user, comment)) return "not_author" as const;
  if (comment.hiddenAt && comment.hiddenKind !== "review") return "hidden" as const;
  if (now.getTime() >= editableUntil(comment).getTime()) return "edit_window_closed" as const;
  return null;
}

/**
 * Why this person may not delete this comment, or null. Only the author deletes, at any time while the
 * consultation is open; a hidden comment stays as the moderators left it (their decision keeps its evidence).
 * Deleting again is no error for the author (nothing left to do).
 */
export function deleteRefusal(user: Person, comment: CommentFacts) {
  if (!isAuthor(user, comment)) return "not_author" as const;
  if (comment.deletedAt) return null;
  if (comment.hiddenAt) return "hidden" as const;
  return null;
}

export type CommentRefusal = ContributionRefusal | "hidden" | "section_removed";

/**
 * Why this person may not comment here now (a proposal or a document section), or null: while the consultation is
 * open, verified residents and staff; not under a hidden proposal, not on a section an edit removed (its comments stay
 * readable, the discussion goes on in the current text).
 */
export function commentRefusal(
  user: CurrentUser | null,
  consultation: PhaseDates,
  target: CommentTargetFacts,
  now: Date = new Date(),
): CommentRefusal | null {
  const refusal = contributionRefusal(user, consultation, now);
  if (refusal) return refusal;
  if (target.hiddenAt) return "hidden";
  if (target.removed) return "section_removed";
  return null;
}

/** Replies go one level deep, and only to a comment that can be read: not to a reply, a deleted or a hidden comment. */
export function replyRefusal(parent: ParentFacts) {
  return parent.parentId !== null || parent.deletedAt || parent.hiddenAt ? ("parent_invalid" as const) : null;
}

/** What a comment's target (a proposal, a document section) tells the rules: hidden, or removed by an edit. */
export type CommentTargetFacts = { hiddenAt?: Stamp | null; removed?: boolean };
type ParentFacts = { parentId: string | null; hiddenAt: Stamp | null; deletedAt: Stamp | null };

/** Why this person may not reply to this comment now, or null: the rules of commenting here, then the parent's. */
export function commentReplyRefusal(
  user: CurrentUser | null,
  consultation: PhaseDates,
  target: CommentTargetFacts,
  parent: ParentFacts,
  now: Date = new Date(),
) {
  return commentRefusal(user, consultation, target, now) ?? replyRefusal(parent);
}

/**
 * Why this person may not edit this comment now, or null: the rules of commenting here (an open consultation, a
 * visible proposal, a current section), then the comment's own (its author, not hidden, within the edit window).
 */
export function commentEditRefusal(
  user: CurrentUser | null,
  consultation: PhaseDates,
  target: CommentTargetFacts,
  comment: CommentFacts,
  now: Date = new Date(),
) {
  return commentRefusal(user, consultation, target, now) ?? editRefusal(user, comment, now);
}

/**
 * Why this person may not delete this comment now, or null: like editing, but at any time while open, and also under
 * a section an edit removed (one's own words may always be taken back while the consultation is open).
 */
export function commentDeleteRefusal(
  user: CurrentUser | null,
  consultation: PhaseDates,
  target: CommentTargetFacts,
  comment: CommentFacts,
  now: Date = new Date(),
) {
  const refusal = commentRefusal(user, consultation, target, now);
  return (refusal === "section_removed" ? null : refusal) ?? deleteRefusal(user, comment);
}

/** What a page offers under one comment for this reader: the answers of the three rules above ("Löschen" only while
 *  there is something to delete). The loaders send these; the page renders them. */
export function commentOffers(
  user: CurrentUser | null,
  consultation: PhaseDates,
  target: CommentTargetFacts,
  comment: CommentFacts & ParentFacts,
  now: Date = new Date(),
) {
  return {
    canEdit: commentEditRefusal(user, consultation, target, comment, now) === null,
    canDelete: !comment.deletedAt && commentDeleteRefusal(user, consultation, target, comment, now) === null,
    canReply: commentReplyRefusal(user, consultation, target, comment, now) === null,
  };
}

/** Whether this reader sees a comment only as the placeholder of a hidden comment (moderators see its text). */
export const commentHiddenFor: (user: CurrentUser | null, comment: { hiddenAt: Stamp | null }) => boolean = hiddenFor;
