// A proposal's status (from its official answer) and how URLs name it. Without zod: the list's filters need it in the
// browser.
import { ownEntry } from "~/lib/lookup";
import { PROPOSAL_STATUSES, type ProposalStatus } from "../../../db/schema";

export { PROPOSAL_STATUSES, type ProposalStatus };

/** The statuses an official answer can give; "submitted" is the state before any answer. */
export const ANSWER_STATUSES = PROPOSAL_STATUSES.filter((s) => s !== "submitted") as Exclude<ProposalStatus, "submitted">[];

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
