import type { DB } from "~/lib/db.server";
import type { CurrentUser } from "../accounts/accounts.policy";
import { canView } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { proposalState } from "../proposals/proposals.server";
import { voteRefusal } from "./votes.policy";
import * as q from "./votes.queries.server";

// Casts, changes (value 1 or -1) or withdraws (value 0) one person's vote while the consultation is open.
// Repeating the same request changes nothing, so double submits and retries are harmless.
// The proposal's tallies follow by trigger in the same transaction (which locks that proposal's row until commit).
// Results: ok with the person's vote | not_found | hidden | login_required | not_verified | role_cannot_contribute | not_open.
export async function castVote(db: DB, user: CurrentUser | null, proposalId: string, value: 1 | -1 | 0) {
  return db.transaction().execute(async (tx) => {
    const proposal = await proposalState(tx, proposalId);
    if (!proposal) return { ok: false, reason: "not_found" } as const;
    const consultation = await loadConsultation(tx, proposal.consultationId);
    if (!consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
    const refusal = voteRefusal(user, consultation, proposal);
    if (refusal) return { ok: false, reason: refusal } as const;
    if (value === 0) await q.deleteVote(tx, proposalId, user!.id);
    else await q.upsertVote(tx, proposalId, user!.id, value);
    return { ok: true, myVote: value } as const;
  });
}

/** The reader's own vote on a proposal: 1, -1 or 0. */
export async function myVote(db: DB, user: CurrentUser | null, proposalId: string): Promise<number> {
  return user ? q.findVote(db, proposalId, user.id) : 0;
}

// The proposal's vote counts as stored now; read after castVote's transaction committed, for the page to show
// in place. Results: the counts (for, against, net) | null when the proposal does not exist.
export async function voteCounts(db: DB, proposalId: string) {
  const row = await q.findTally(db, proposalId);
  if (!row) return null;
  return { votesFor: row.votesFor, votesAgainst: row.votesAgainst, net: row.votesFor - row.votesAgainst };
}
