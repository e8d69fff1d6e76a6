import { canReadUnpublishedResults, type CurrentUser, isModerator } from "../accounts/accounts.policy";
import type { Phase } from "../consultations/consultations.policy";

// Who reads and writes a consultation's result report, and when. Pure: the results' intents decide by these
// functions, the report's routes let in by them, and the consultation page shows its result link by the same answer.

/** Writing result reports: moderators (admins include them). */
export function reportWriterRefusal(user: CurrentUser | null): "forbidden" | null {
  return isModerator(user) ? null : "forbidden";
}

/** A result report is written after the closing date, by moderators, until it is published. */
export function reportWriteRefusal(user: CurrentUser | null, phase: Phase): "forbidden" | "not_closed" | "already_published" | null {
  const writer = reportWriterRefusal(user);
  if (writer) return writer;
  if (phase === "published") return "already_published";
  if (phase !== "closed") return "not_closed";
  return null;
}

/**
 * Whether this reader may open a consultation's result page, or why not. A result exists from the closing date on:
 * everyone reads a published report (the phase "published"); council members and moderators read it before
 * publication too, the draft or, before one is written, the live figures. Before the end there is none (not_found).
 */
export function resultsReadRefusal(user: CurrentUser | null, phase: Phase): "not_found" | null {
  if (phase === "published") return null;
  return phase === "closed" && canReadUnpublishedResults(user) ? null : "not_found";
}

/** For the UI: show the link to the result page? */
export const canReadResults = (user: CurrentUser | null, phase: Phase) => resultsReadRefusal(user, phase) === null;
