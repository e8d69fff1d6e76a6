import { type CurrentUser, isModerator } from "../accounts/accounts.policy";
import { canView, type ContributionRefusal, contributionRefusal, type PhaseDates } from "../consultations/consultations.policy";

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

export type FlagRefusal = ContributionRefusal | "not_found" | "own_contribution" | "hidden";

/** What the rules of reporting need to know of a contribution (any type; see contributions.server.ts). */
export interface FlaggableFacts {
  consultation: PhaseDates;
  authorId: string;
  hiddenAt: Date | string | null;
  deletedAt: Date | string | null;
}

/**
 * Why this person may not report this contribution now, or null (issue 9, decision 0016): like contributing — signed
 * in with a confirmed address, residents and staff, while the consultation is open — and not one's own contribution,
 * not one that is hidden or deleted (there is nothing left to show the moderators). A contribution in a consultation
 * this person may not see does not exist for them.
 */
export function flagRefusal(user: CurrentUser | null, item: FlaggableFacts, now: Date = new Date()): FlagRefusal | null {
  if (!canView(user, item.consultation)) return "not_found";
  const refusal = contributionRefusal(user, item.consultation, now);
  if (refusal) return refusal;
  if (item.deletedAt) return "not_found";
  if (user && user.id === item.authorId) return "own_contribution";
  if (item.hiddenAt) return "hidden";
  return null;
}

/** For the UI: show "Melden" under this contribution? */
export const canFlag = (user: CurrentUser | null, item: FlaggableFacts, now?: Date) => flagRefusal(user, item, now) === null;
