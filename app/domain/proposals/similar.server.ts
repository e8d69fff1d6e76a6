import type { DB } from "~/lib/db.server";
import type { CurrentUser } from "../accounts/accounts.policy";
import { getConsultation } from "../consultations/consultations.server";
import * as q from "./similar.queries.server";

/** Shorter input finds nothing useful: no query. */
export const SIMILAR_MIN_LENGTH = 3;
export const SIMILAR_LIMIT = 5;
/** Only so much of the typed text is looked at. */
const MAX_INPUT = 200;
const MAX_WORDS = 10;

/** The words of a typed text: letters and digits, at least two characters, each once, at most ten. */
export function similarityWords(text: string): string[] {
  const words = text
    .slice(0, MAX_INPUT)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

// Proposals of the same consultation that resemble a title being typed, so people find an existing proposal to
// support instead of writing it again. Hidden proposals never appear.
// Results: ok with up to five items (none for input shorter than three characters) | not_found (the reader may not see the consultation).
export async function findSimilarProposals(db: DB, user: CurrentUser | null, consultationId: string, text: string) {
  const found = await getConsultation(db, user, consultationId);
  if (!found.ok) return found;
  const trimmed = text.trim();
  if (trimmed.length < SIMILAR_MIN_LENGTH) return { ok: true, items: [] } as const;
  const items = await q.similarProposals(db, consultationId, similarityWords(trimmed), SIMILAR_LIMIT);
  return { ok: true, items } as const;
}
