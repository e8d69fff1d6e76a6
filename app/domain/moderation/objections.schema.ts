import { z } from "~/lib/zod";
import { parseId } from "~/lib/ids";
import {
  OBJECTION_OUTCOMES,
  OBJECTION_REASON_MAX,
  OBJECTION_REASON_MIN,
  OBJECTION_TEXT_MAX,
  OBJECTION_TEXT_MIN,
} from "./objections.policy";

// Parsing and limits of the objection forms (issue 9): the author's text, and a moderator's outcome with its reason.

export const objectionSchema = z.object({
  body: z.string("text_short").trim().min(OBJECTION_TEXT_MIN, "text_short").max(OBJECTION_TEXT_MAX, "text_long"),
});
export type ObjectionInput = z.infer<typeof objectionSchema>;

export const objectionDecisionSchema = z.object({
  objection: z.string("not_found").refine((v) => parseId(v) !== null, "not_found"),
  outcome: z.enum(OBJECTION_OUTCOMES, "outcome_missing"),
  reason: z.string("reason_missing").trim().min(OBJECTION_REASON_MIN, "reason_missing").max(OBJECTION_REASON_MAX, "reason_missing"),
});
export type ObjectionDecisionInput = z.infer<typeof objectionDecisionSchema>;
