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

/** What a moderator can decide about a contributed item (issue 9, decision 0017). */
export const DECISIONS = ["hide", "dismiss", "restore", "approve"] as const;
export type Decision = (typeof DECISIONS)[number];

export type DecisionRefusal = "forbidden" | "own_contribution" | "already_decided";

/** The item's state a decision depends on. */
export interface DecidableFacts {
  authorId: string;
  hidden: { kind: "decision" | "automatic" | "review" } | null;
  openFlags: number;
}

/**
 * Why this person may not make this decision about this item now, or null. Moderators only, never about their own
 * content (nor reports about it). Each decision needs the state it changes:
 * - hide: not yet hidden by a person (visible, hidden automatically, or waiting for approval — then it is refused);
 * - dismiss: open reports (an automatically hidden item becomes visible again);
 * - restore: hidden by a person or automatically;
 * - approve: waiting for approval.
 * Anything else means someone decided in between: "already_decided".
 */
export function decisionRefusal(user: CurrentUser | null, decision: Decision, item: DecidableFacts): DecisionRefusal | null {
  if (!canModerate(user)) return "forbidden";
  if (user!.id === item.authorId) return "own_contribution";
  const kind = item.hidden?.kind ?? null;
  const fits =
    decision === "hide"
      ? kind !== "decision"
      : decision === "dismiss"
        ? item.openFlags > 0 && kind !== "decision" && kind !== "review"
        : decision === "restore"
          ? kind === "decision" || kind === "automatic"
          : kind === "review";
  return fits ? null : "already_decided";
}

/** Days an author has to object to a decision that hid their contribution. */
export const OBJECTION_DAYS = 14;
