import { z } from "~/lib/zod";

/** The reasons a report can give (issue 9); the flags table's CHECK lists the same. */
export const FLAG_REASONS = ["insult", "spam", "personal_data", "illegal", "off_topic", "other"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export const FLAG_NOTE_MAX = 1000;

export const flagSchema = z.object({
  reason: z.enum(FLAG_REASONS, "reason_required"),
  note: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? "")
    .pipe(z.string().max(FLAG_NOTE_MAX, "text_long")),
});
export type FlagInput = z.infer<typeof flagSchema>;
