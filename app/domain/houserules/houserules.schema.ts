import { z } from "~/lib/zod";
import { rulesOf } from "./houserules.rules.server";

export const HOUSE_RULES_MAX = 20_000;

/** The platform's house rules: markdown, at most 20,000 characters, with at least one numbered rule. */
export const platformRulesSchema = z.object({
  body: z
    .string("required")
    .trim()
    .min(1, "required")
    .max(HOUSE_RULES_MAX, "house_rules_long")
    .refine((body) => rulesOf(body).length > 0, "house_rules_no_rule"),
});

/** A consultation's additions: markdown up to 20,000 characters; empty removes them. */
export const additionsSchema = z.object({
  body: z.string("required").trim().max(HOUSE_RULES_MAX, "house_rules_long"),
});
