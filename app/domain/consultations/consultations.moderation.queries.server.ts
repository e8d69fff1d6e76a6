import type { Queryable } from "~/lib/db.server";
import type { ModerationSettings } from "./consultations.moderation.schema";

/** A consultation's moderation settings, its row locked until the transaction ends (two admins saving at once). */
export function lockModerationSettings(db: Queryable, consultationId: string) {
  return db
    .selectFrom("consultations")
    .select(["auto_hide_threshold as autoHideThreshold", "premoderated"])
    .where("id", "=", consultationId)
    .forUpdate()
    .executeTakeFirst();
}

export function updateModerationSettings(db: Queryable, consultationId: string, settings: ModerationSettings) {
  return db
    .updateTable("consultations")
    .set({ auto_hide_threshold: settings.autoHideThreshold, premoderated: settings.premoderated })
    .where("id", "=", consultationId)
    .execute();
}
