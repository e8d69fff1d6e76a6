import { z } from "~/lib/zod";
import { ownEntry } from "~/lib/lookup";
import { PROPOSAL_STATUSES, type ProposalStatus } from "../../../db/schema";

export { PROPOSAL_STATUSES, type ProposalStatus };

/** The statuses an official answer can give; "submitted" is the state before any answer. */
export const ANSWER_STATUSES = PROPOSAL_STATUSES.filter((s) => s !== "submitted") as Exclude<ProposalStatus, "submitted">[];

export const answerSchema = z.object({
  status: z.enum(ANSWER_STATUSES as [Exclude<ProposalStatus, "submitted">, ...Exclude<ProposalStatus, "submitted">[]], "status_invalid"),
  body: z.string().trim().min(10, "text_short").max(10000, "text_long"),
});
export type AnswerInput = z.infer<typeof answerSchema>;

/** The status in URLs (?status=in-pruefung), in German like the other parameters. */
const statusParam: Record<string, ProposalStatus> = {
  eingegangen: "submitted",
  "in-pruefung": "under_review",
  angenommen: "accepted",
  "teilweise-angenommen": "partly_accepted",
  abgelehnt: "rejected",
  umgesetzt: "implemented",
};
export const statusParamOf = Object.fromEntries(Object.entries(statusParam).map(([k, v]) => [v, k])) as Record<ProposalStatus, string>;

export function parseStatusParam(value: string | null): ProposalStatus | null {
  return ownEntry(statusParam, value) ?? null;
}
