import type { CurrentUser } from "../accounts/accounts.policy";
import { type ContributionRefusal, contributionRefusal, type PhaseDates } from "../consultations/consultations.policy";
import { hiddenFor } from "../moderation/moderation.policy";

// Who may do what with a proposal, and when. Pure: the proposals' intents decide by these functions, and the pages
// get their answers from the loaders (never a copy of the rule).

/** Residents edit only their own contributions. */
export const isAuthor = (user: CurrentUser | null, item: { authorId: string }) => !!user && user.id === item.authorId;

/** Submitting a new proposal: only while the consultation is open, only by verified residents and staff. */
export const proposalCreateRefusal: (user: CurrentUser | null, consultation: PhaseDates, now?: Date) => ContributionRefusal | null =
  contributionRefusal;

export type ProposalEditRefusal = ContributionRefusal | "not_author" | "hidden";

/**
 * Why this person may not change this proposal now, or null: the author, while open, as long as it is not hidden. One
 * that waits for approval (pre-moderation, hidden kind "review") its author may still change; it keeps waiting.
 */
export function proposalEditRefusal(
  user: CurrentUser | null,
  consultation: PhaseDates,
  proposal: { authorId: string; hiddenAt: Date | string | null; hiddenKind?: string | null },
  now: Date = new Date(),
): ProposalEditRefusal | null {
  const hidden = !!proposal.hiddenAt && proposal.hiddenKind !== "review";
  return contributionRefusal(user, consultation, now) ?? (!isAuthor(user, proposal) ? "not_author" : hidden ? "hidden" : null);
}

/** Whether this reader sees the proposal only as the placeholder of a hidden proposal (no title, text, place or photo). */
export const proposalHiddenFor: (user: CurrentUser | null, proposal: { hiddenAt: Date | string | null }) => boolean = hiddenFor;
