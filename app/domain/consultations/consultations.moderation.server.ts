import type { DB } from "~/lib/db.server";
import { de } from "~/i18n/de";
import type { CurrentUser } from "../accounts/accounts.policy";
import { recordAudit } from "../moderation/moderation.server";
import { loadConsultation } from "./consultations.server";
import { moderationSettingsRefusal } from "./consultations.moderation.policy";
import type { ModerationSettings } from "./consultations.moderation.schema";
import * as q from "./consultations.moderation.queries.server";

export { awaitsApproval } from "./consultations.moderation.policy";
export type { ModerationSettings } from "./consultations.moderation.schema";

// A consultation's moderation settings (issue 9): auto-hide after N reports (autoHideIfReported in
// moderation/decisions.server.ts reads it), and pre-moderation (new proposals and comments wait for approval).

// The settings for the admin's form. Results: ok with the consultation's id, title and settings | forbidden | not_found.
export async function getModerationSettings(db: DB, user: CurrentUser | null, consultationId: string) {
  const refusal = moderationSettingsRefusal(user);
  if (refusal) return { ok: false, reason: refusal } as const;
  const consultation = await loadConsultation(db, consultationId);
  if (!consultation) return { ok: false, reason: "not_found" } as const;
  const settings: ModerationSettings = { autoHideThreshold: consultation.autoHideThreshold, premoderated: consultation.premoderated };
  return { ok: true, consultation: { id: consultation.id, title: consultation.title }, settings } as const;
}

// Saves the settings and an audit entry (what they were and are now) in one transaction; saving the same settings
// again writes nothing. Items already waiting for approval keep waiting when pre-moderation is switched off.
// Results: ok with whether anything changed | forbidden | not_found.
export async function saveModerationSettings(db: DB, user: CurrentUser | null, consultationId: string, settings: ModerationSettings) {
  const refusal = moderationSettingsRefusal(user);
  if (refusal) return { ok: false, reason: refusal } as const;
  return db.transaction().execute(async (tx) => {
    const before = await q.lockModerationSettings(tx, consultationId);
    if (!before) return { ok: false, reason: "not_found" } as const;
    if (before.autoHideThreshold === settings.autoHideThreshold && before.premoderated === settings.premoderated) {
      return { ok: true, changed: false } as const;
    }
    await q.updateModerationSettings(tx, consultationId, settings);
    await recordAudit(tx, {
      actorId: user!.id,
      action: "moderation_settings",
      targetType: "consultation",
      targetId: consultationId,
      consultationId,
      // The log is kept in the town's language, like its other entries.
      reason: de.moderationSettings.auditSummary(before, settings),
    });
    return { ok: true, changed: true } as const;
  });
}
