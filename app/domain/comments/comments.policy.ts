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
  deletedAt: Stamp | null;
}

const isAuthor = (user: Person, comment: CommentFacts) => !!user && user.id === comment.authorId;

/** The moment editing ends. */
export const editableUntil = (comment: Pick<CommentFacts, "createdAt">) => new Date(new Date(comment.createdAt).getTime() + EDIT_WINDOW_MS);

/** Why this person may not edit this comment at `now`, or null. A deleted comment is gone: not_found. */
export function editRefusal(user: Person, comment: CommentFacts, now: Date) {
  if (comment.deletedAt) return "not_found" as const;
  if (!isAuthor(user, comment)) return "not_author" as const;
  if (comment.hiddenAt) return "hidden" as const;
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

/** For the UI: show "Bearbeiten"? (`open`: the consultation is open and the person may contribute.) */
export const canEditComment = (user: Person, comment: CommentFacts, open: boolean, now: Date) =>
  open && editRefusal(user, comment, now) === null;

/** For the UI: show "Löschen"? */
export const canDeleteComment = (user: Person, comment: CommentFacts, open: boolean) =>
  open && !comment.deletedAt && deleteRefusal(user, comment) === null;

export type CommentRefusal = ContributionRefusal | "hidden" | "section_removed";

/**
 * Why this person may not comment here now (a proposal or a document section), or null: while the consultation is
 * open, verified residents and staff; not under a hidden proposal, not on a section an edit removed (its comments stay
 * readable, the discussion goes on in the current text).
 */
export function commentRefusal(
  user: CurrentUser | null,
  consultation: PhaseDates,
  target: { hiddenAt?: Stamp | null; removed?: boolean },
  now: Date = new Date(),
): CommentRefusal | null {
  const refusal = contributionRefusal(user, consultation, now);
  if (refusal) return refusal;
  if (target.hiddenAt) return "hidden";
  if (target.removed) return "section_removed";
  return null;
}

/** Replies go one level deep, and only to a comment that can be read: not to a reply, a deleted or a hidden comment. */
export function replyRefusal(parent: { parentId: string | null; hiddenAt: Stamp | null; deletedAt: Stamp | null }) {
  return parent.parentId !== null || parent.deletedAt || parent.hiddenAt ? ("parent_invalid" as const) : null;
}

/** For the UI: show "Antworten"? (`open`: commentRefusal said yes.) */
export const canReply = (open: boolean, parent: { parentId: string | null; hiddenAt: Stamp | null; deletedAt: Stamp | null }) =>
  open && replyRefusal(parent) === null;

/** Whether this reader sees a comment only as the placeholder of a hidden comment (moderators see its text). */
export const commentHiddenFor: (user: CurrentUser | null, comment: { hiddenAt: Stamp | null }) => boolean = hiddenFor;
