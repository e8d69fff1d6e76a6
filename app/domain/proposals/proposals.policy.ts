import type { CurrentUser } from "../accounts/accounts.policy";

/** Residents edit only their own contributions. */
export const isAuthor = (user: CurrentUser | null, item: { authorId: string }) => !!user && user.id === item.authorId;
