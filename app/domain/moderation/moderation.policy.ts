import { type CurrentUser, isModerator } from "../accounts/accounts.policy";

// Who moderates. Pure: the moderation intents decide by these rules, pages use the same functions to show the
// moderation forms and the content of hidden contributions.

export type ModerationRefusal = "forbidden";

/** Hiding and restoring contributions and reading the audit log: moderators (admins include them). */
export function moderationRefusal(user: CurrentUser | null): ModerationRefusal | null {
  return isModerator(user) ? null : "forbidden";
}

/** For the UI: show the moderation forms? */
export const canModerate = (user: CurrentUser | null) => moderationRefusal(user) === null;

/**
 * Whether this reader sees a hidden contribution (proposal or comment) only as its placeholder with the reason.
 * Moderators see the content, marked as hidden, so that they can decide about it again.
 */
export function hiddenFor(user: CurrentUser | null, item: { hiddenAt: Date | string | null }): boolean {
  return !!item.hiddenAt && !canModerate(user);
}
