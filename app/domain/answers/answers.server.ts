import type { DB } from "~/lib/db.server";
import type { CurrentUser } from "../accounts/accounts.policy";
import { canView } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { recordAudit } from "../moderation/moderation.server";
import { proposalState } from "../proposals/proposals.server";
import { answerRefusal } from "./answers.policy";
import type { AnswerInput } from "./answers.schema";
import * as q from "./answers.queries.server";

// The administration's official answer (Stellungnahme) to a proposal: written and changed by moderators and admins
// (DESIGN §1: moderators answer proposals officially), in any phase
// after the draft (answers usually follow the consultation's end), logged in the audit log.
// Results: ok | forbidden | not_found.
export async function giveAnswer(db: DB, user: CurrentUser | null, proposalId: string, input: AnswerInput) {
  const refusal = answerRefusal(user);
  if (refusal) return { ok: false, reason: refusal } as const;
  return db.transaction().execute(async (tx) => {
    const proposal = await proposalState(tx, proposalId);
    const consultation = proposal && (await loadConsultation(tx, proposal.consultationId));
    if (!consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
    const existing = await q.findAnswer(tx, proposalId);
    await q.saveAnswer(tx, proposalId, user!.id, input);
    await recordAudit(tx, {
      actorId: user!.id,
      action: existing ? "answer_change" : "answer",
      targetType: "proposal",
      targetId: proposalId,
      reason: input.status,
    });
    return { ok: true } as const;
  });
}

/** A proposal's official answer, or undefined. The caller has checked that the reader may see the proposal. */
export function findAnswer(db: DB, proposalId: string) {
  return q.findAnswer(db, proposalId);
}
