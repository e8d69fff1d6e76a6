import type { Queryable } from "~/lib/db.server";
import { loadConsultation, type Consultation } from "../consultations/consultations.server";
import { afterCommentApproval } from "../comments/comments.server";
import type { ContributionRef, ContributionType } from "./contributions";
import * as q from "./contributions.queries.server";

export type { ContributionRef, ContributionType } from "./contributions";

// The registry of contribution types (decision 0016, after adhocracy4's generic reports): per type, how to load what
// the moderation flows need. Adding a type (a survey answer, a document's file) means adding one entry here and the
// type to CONTRIBUTION_TYPES (and to the flags table's CHECK), not copying a flow.

interface ContributionKind {
  loadMany(db: Queryable, ids: string[]): Promise<Map<string, q.ContributionRow>>;
  /** The page the contribution is shown on, without the host. */
  url(row: q.ContributionRow, id: string): string;
  /** Locks the row holding the item's hidden state until the transaction ends. */
  lock(db: Queryable, id: string): Promise<boolean>;
  setHidden(db: Queryable, id: string, change: q.HiddenChange): Promise<void>;
  /**
   * What becomes due once a moderator approves an item that waited (pre-moderation), inside the decision's
   * transaction: the notifications its writing would have sent. None for a type whose writing notifies nobody.
   */
  afterApproval?(db: Queryable, id: string): Promise<void>;
}

const pageOf = (row: q.ContributionRow) => (row.proposalId ? `/vorschlaege/${row.proposalId}` : `/abschnitte/${row.sectionId}`);

const registry: Record<ContributionType, ContributionKind> = {
  proposal: {
    loadMany: q.findProposalContributions,
    url: (_row, id) => `/vorschlaege/${id}`,
    lock: (db, id) => q.lockRow(db, "proposals", id),
    setHidden: q.setProposalHidden,
  },
  comment: {
    loadMany: q.findCommentContributions,
    url: (row, id) => `${pageOf(row)}#kommentar-${id}`,
    lock: (db, id) => q.lockRow(db, "comments", id),
    setHidden: q.setCommentHidden,
    afterApproval: (db, id) => afterCommentApproval(db, id),
  },
  photo: {
    loadMany: q.findPhotoContributions,
    url: (_row, id) => `/vorschlaege/${id}#foto`,
    lock: (db, id) => q.lockRow(db, "proposals", id),
    setHidden: q.setPhotoHidden,
  },
};

/** A contribution as the moderation flows see it. */
export interface Contribution {
  ref: ContributionRef;
  consultation: Consultation;
  authorId: string;
  /** Hidden itself or through what it belongs to (a comment under a hidden proposal). */
  hiddenAt: Date | null;
  /** Its own hidden state, which moderation decisions change (decision 0017). */
  hidden: q.HiddenState | null;
  deletedAt: Date | null;
  /** The proposal (or document section) it belongs to, for the queue; a proposal's own title. */
  contextTitle: string | null;
  createdAt: Date;
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

function toContribution(ref: ContributionRef, row: q.ContributionRow, consultation: Consultation): Contribution {
  return {
    ref,
    consultation,
    authorId: row.authorId,
    hiddenAt: row.hiddenAt,
    hidden: row.hidden,
    deletedAt: row.deletedAt,
    contextTitle: row.proposalTitle,
    createdAt: row.createdAt,
    excerpt: excerptOf(row.text),
    url: registry[ref.type].url(row, ref.id),
  };
}

/** The contribution behind a reference with its consultation, or null when there is none. No visibility check. */
export async function loadContribution(db: Queryable, ref: ContributionRef): Promise<Contribution | null> {
  const row = (await registry[ref.type].loadMany(db, [ref.id])).get(ref.id);
  if (!row) return null;
  const consultation = await loadConsultation(db, row.consultationId);
  return consultation ? toContribution(ref, row, consultation) : null;
}

export const refKey = (ref: ContributionRef) => `${ref.type}:${ref.id}`;

/** Many contributions at once, one query per type and one per consultation (for the queue); keyed by refKey. */
export async function loadContributions(db: Queryable, refs: ContributionRef[]): Promise<Map<string, Contribution>> {
  const found = new Map<string, Contribution>();
  const consultations = new Map<string, Consultation | null>();
  for (const type of Object.keys(registry) as ContributionType[]) {
    const ids = [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
    if (!ids.length) continue;
    const rows = await registry[type].loadMany(db, ids);
    for (const [id, row] of rows) {
      if (!consultations.has(row.consultationId)) consultations.set(row.consultationId, await loadConsultation(db, row.consultationId));
      const consultation = consultations.get(row.consultationId);
      if (consultation) found.set(refKey({ type, id }), toContribution({ type, id }, row, consultation));
    }
  }
  return found;
}

/** Locks the item for a decision (until the transaction ends); false when it does not exist. */
export const lockContribution = (db: Queryable, ref: ContributionRef) => registry[ref.type].lock(db, ref.id);

/** Writes the item's new hidden state (null: visible). Tallies follow through the database's triggers. */
export const setContributionHidden = (db: Queryable, ref: ContributionRef, change: q.HiddenChange) =>
  registry[ref.type].setHidden(db, ref.id, change);

/** After an approval, inside its transaction: the item's deferred notifications (see ContributionKind.afterApproval). */
export async function contributionApproved(db: Queryable, ref: ContributionRef): Promise<void> {
  await registry[ref.type].afterApproval?.(db, ref.id);
}

export type { HiddenChange, HiddenState } from "./contributions.queries.server";
