import { type CurrentUser, isModerator } from "../accounts/accounts.policy";
import { consultationAdminRefusal } from "./consultations.policy";

// A consultation's moderation settings (issue 9): auto-hide after N reports, and pre-moderation. Pure: the intents
// decide by these functions, the settings page shows its form by the same one.

/** Auto-hide's threshold: distinct reports from 1 to 50 (the database's CHECK says the same); 3 is a sensible choice. */
export const AUTO_HIDE_MIN = 1;
export const AUTO_HIDE_MAX = 50;
export const AUTO_HIDE_SUGGESTED = 3;

/** Who changes a consultation's moderation settings: those who administer consultations (admins). */
export const moderationSettingsRefusal: (user: CurrentUser | null) => "forbidden" | null = consultationAdminRefusal;

/**
 * Whether a new proposal or comment by this person waits for a moderator's approval: in a pre-moderated consultation,
 * everything residents write. Moderators' and admins' own contributions do not wait (they could not approve them
 * themselves, and they are the ones who keep the rules).
 */
export function awaitsApproval(author: CurrentUser, consultation: { premoderated: boolean }): boolean {
  return consultation.premoderated && !isModerator(author);
}
