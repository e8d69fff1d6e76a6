import { type CurrentUser, isAdmin } from "../accounts/accounts.policy";

// Who manages a consultation's documents. Pure: the documents' intents decide by it, and the document page shows
// its edit link by the same function. (Commenting on a section is the comments' rule: commentRefusal.)

export type DocumentManageRefusal = "forbidden";

/** Adding, changing and removing documents: admins, in every phase. */
export function documentManageRefusal(user: CurrentUser | null): DocumentManageRefusal | null {
  return isAdmin(user) ? null : "forbidden";
}

/** For the UI: show the link to edit a document? */
export const canManageDocuments = (user: CurrentUser | null) => documentManageRefusal(user) === null;
