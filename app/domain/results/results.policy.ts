import { canReadUnpublishedResults, type CurrentUser, isModerator } from "../accounts/accounts.policy";
import type { Phase } from "../consultations/consultations.policy";

/** A result report is written after the closing date, by moderators. */
export function reportWriteRefusal(user: CurrentUser | null, phase: Phase): "forbidden" | "not_closed" | "already_published" | null {
  if (!isModerator(user)) return "forbidden";
  if (phase === "published") return "already_published";
  if (phase !== "closed") return "not_closed";
  return null;
}

/** Anyone reads a published report; council and moderators read it before publication too. */
export function canReadReport(user: CurrentUser | null, report: { publishedAt: Date | string | null }): boolean {
  return !!report.publishedAt || canReadUnpublishedResults(user);
}
