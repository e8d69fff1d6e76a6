import { z } from "~/lib/zod";
import { FLAG_NOTE_MAX, FLAG_REASONS } from "./contributions";

export const flagSchema = z.object({
  reason: z.enum(FLAG_REASONS, "reason_required"),
  note: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? "")
    .pipe(z.string().max(FLAG_NOTE_MAX, "text_long")),
});
export type FlagInput = z.infer<typeof flagSchema>;
