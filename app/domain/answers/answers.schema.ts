import { z } from "~/lib/zod";
import { ANSWER_STATUSES, type ProposalStatus } from "./answers.statuses";

export const answerSchema = z.object({
  status: z.enum(ANSWER_STATUSES as [Exclude<ProposalStatus, "submitted">, ...Exclude<ProposalStatus, "submitted">[]], "status_invalid"),
  body: z.string().trim().min(10, "text_short").max(10000, "text_long"),
});
export type AnswerInput = z.infer<typeof answerSchema>;
