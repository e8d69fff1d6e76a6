import type { Queryable } from "~/lib/db.server";

/** What the moderation flows need of any contribution, as one row shape for every type. */
export interface ContributionRow {
  consultationId: string;
  authorId: string;
  hiddenAt: Date | null;
  deletedAt: Date | null;
  /** Its own words (title, comment text, photo description), to be shortened for mails and the queue. */
  text: string;
  /** Where it is shown: a comment's proposal or section; a proposal's own id. */
  proposalId: string | null;
  sectionId: string | null;
}

export function findProposalContribution(db: Queryable, id: string): Promise<ContributionRow | undefined> {
  return db
    .selectFrom("proposals as p")
    .select([
      "p.consultation_id as consultationId",
      "p.author_id as authorId",
      "p.hidden_at as hiddenAt",
      "p.title as text",
      "p.id as proposalId",
    ])
    .where("p.id", "=", id)
    .executeTakeFirst()
    .then((r) => r && { ...r, deletedAt: null, sectionId: null });
}

/** A proposal's photo; none when the proposal has no photo. Hidden with its proposal. */
export function findPhotoContribution(db: Queryable, proposalId: string): Promise<ContributionRow | undefined> {
  return db
    .selectFrom("proposals as p")
    .select([
      "p.consultation_id as consultationId",
      "p.author_id as authorId",
      "p.hidden_at as hiddenAt",
      "p.title",
      "p.photo_alt as photoAlt",
      "p.id as proposalId",
    ])
    .where("p.id", "=", proposalId)
    .where("p.photo_file_id", "is not", null)
    .executeTakeFirst()
    .then((r) => r && { ...r, text: r.photoAlt || r.title, deletedAt: null, sectionId: null });
}

/** A comment on a proposal or a document section; it counts as hidden when the proposal it is under is hidden. */
export function findCommentContribution(db: Queryable, id: string): Promise<ContributionRow | undefined> {
  return db
    .selectFrom("comments as c")
    .leftJoin("proposals as p", "p.id", "c.proposal_id")
    .leftJoin("document_sections as s", "s.id", "c.section_id")
    .leftJoin("documents as d", "d.id", "s.document_id")
    .select((eb) => [
      eb.fn.coalesce("p.consultation_id", "d.consultation_id").$castTo<string>().as("consultationId"),
      "c.author_id as authorId",
      eb.fn.coalesce("c.hidden_at", "p.hidden_at").as("hiddenAt"),
      "c.deleted_at as deletedAt",
      "c.body_md as text",
      "c.proposal_id as proposalId",
      "c.section_id as sectionId",
    ])
    .where("c.id", "=", id)
    .executeTakeFirst();
}
