import type { Queryable } from "~/lib/db.server";
import { loadConsultation, type Consultation } from "../consultations/consultations.server";
import type { ContributionRef, ContributionType } from "./contributions";
import * as q from "./contributions.queries.server";

export type { ContributionRef, ContributionType } from "./contributions";

// The registry of contribution types (decision 0016, after adhocracy4's generic reports): per type, how to load what
// the moderation flows need. Adding a type (a survey answer, a document's file) means adding one entry here and the
// type to CONTRIBUTION_TYPES (and to the flags table's CHECK), not copying a flow.

interface ContributionKind {
  load(db: Queryable, id: string): Promise<q.ContributionRow | undefined>;
  /** The page the contribution is shown on, without the host. */
  url(row: q.ContributionRow, id: string): string;
}

const pageOf = (row: q.ContributionRow) => (row.proposalId ? `/vorschlaege/${row.proposalId}` : `/abschnitte/${row.sectionId}`);

const registry: Record<ContributionType, ContributionKind> = {
  proposal: { load: q.findProposalContribution, url: (_row, id) => `/vorschlaege/${id}` },
  comment: { load: q.findCommentContribution, url: (row, id) => `${pageOf(row)}#kommentar-${id}` },
  photo: { load: q.findPhotoContribution, url: (_row, id) => `/vorschlaege/${id}#foto` },
};

/** A contribution as the moderation flows see it. */
export interface Contribution {
  ref: ContributionRef;
  consultation: Consultation;
  authorId: string;
  hiddenAt: Date | null;
  deletedAt: Date | null;
  /** A short excerpt of its words on one line, for mails, the report form and the queue. */
  excerpt: string;
  /** Its page (path, no host). */
  url: string;
}

const EXCERPT = 120;
/** Markdown's marks removed roughly, one line, at most EXCERPT characters. */
export function excerptOf(text: string, max = EXCERPT) {
  const line = text
    .replace(/[#*_`>[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The contribution behind a reference with its consultation, or null when there is none. No visibility check. */
export async function loadContribution(db: Queryable, ref: ContributionRef): Promise<Contribution | null> {
  const kind = registry[ref.type];
  const row = await kind.load(db, ref.id);
  if (!row) return null;
  const consultation = await loadConsultation(db, row.consultationId);
  if (!consultation) return null;
  return {
    ref,
    consultation,
    authorId: String(row.authorId),
    hiddenAt: row.hiddenAt,
    deletedAt: row.deletedAt,
    excerpt: excerptOf(row.text),
    url: kind.url(row, ref.id),
  };
}
