import { z } from "~/lib/zod";
import { AUTO_HIDE_MAX, AUTO_HIDE_MIN } from "./consultations.moderation.policy";

// The form of /verwaltung/:id/moderation: auto-hide off or on with a number of reports, pre-moderation off or on.

const onOff = z.enum(["off", "on"], "choice_required");

export const moderationSettingsSchema = z
  .object({
    autoHide: onOff,
    autoHideThreshold: z.string().optional(),
    premoderated: onOff,
  })
  .transform((form, ctx) => {
    let threshold: number | null = null;
    if (form.autoHide === "on") {
      const text = (form.autoHideThreshold ?? "").trim();
      // Whole numbers only: "3,5", "1e1" or "0x3" are no number of reports.
      const n = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
      if (!(n >= AUTO_HIDE_MIN && n <= AUTO_HIDE_MAX)) {
        ctx.addIssue({ code: "custom", path: ["autoHideThreshold"], message: "auto_hide_threshold_invalid" });
        return z.NEVER;
      }
      threshold = n;
    }
    return { autoHideThreshold: threshold, premoderated: form.premoderated === "on" };
  });

export type ModerationSettings = z.infer<typeof moderationSettingsSchema>;
