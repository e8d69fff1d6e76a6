import type { CurrentUser } from "../accounts/accounts.policy";
import { type ContributionRefusal, contributionRefusal, type PhaseDates } from "../consultations/consultations.policy";

// Who may vote. Pure: castVote decides by it, and the proposal page shows the vote buttons by the same answer.

export type VoteRefusal = ContributionRefusal | "hidden";

/** Why this person may not vote on this proposal now, or null: while open, verified residents and staff, not on a hidden one. */
export function voteRefusal(
  user: CurrentUser | null,
  consultation: PhaseDates,
  proposal: { hiddenAt: Date | string | null },
  now: Date = new Date(),
): VoteRefusal | null {
  return contributionRefusal(user, consultation, now) ?? (proposal.hiddenAt ? "hidden" : null);
}
