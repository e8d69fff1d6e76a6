// Who may change or delete a comment, and when. Pure: the server intents decide by these rules, the proposal
// page uses the same functions to show "Bearbeiten" and "Löschen" only when they would be accepted.
// Whether the consultation is open (and the person may contribute at all) is checked separately.

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
