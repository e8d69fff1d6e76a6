import { sql } from "kysely";
import type { HiddenKind } from "../../../db/schema";
import type { Queryable } from "~/lib/db.server";

/** The item's own hidden state (decision 0017); null when it is visible. */
export interface HiddenState {
  at: Date;
  kind: HiddenKind;
  by: string | null;
  reason: string | null;
  rule: string | null;
}

/** What the moderation flows need of any contribution, as one row shape for every type. */
export interface ContributionRow {
  consultationId: string;
  authorId: string;
  /** Hidden itself or through what it belongs to (a comment under a hidden proposal, a photo of one). */
  hiddenAt: Date | null;
  /** The item's own hidden state, which moderation decisions change. */
  hidden: HiddenState | null;
  deletedAt: Date | null;
  /** Its own words (title, comment text, photo description), to be shortened for mails and the queue. */
  text: string;
  /** Where it is shown: a comment's proposal or section; a proposal's own id. */
  proposalId: string | null;
  sectionId: string | null;
  /** The title of the proposal it belongs to (its context in the queue); a proposal's own title. */
  proposalTitle: string | null;
  createdAt: Date;
}

type HiddenColumns = { at: Date | null; kind: HiddenKind | null; by: string | null; reason: string | null; rule: string | null };
const hiddenState = (h: HiddenColumns): HiddenState | null =>
  h.at && h.kind ? { at: h.at, kind: h.kind, by: h.by === null ? null : String(h.by), reason: h.reason, rule: h.rule } : null;

function proposalRows(db: Queryable, ids: string[]) {
  return db
    .selectFrom("proposals as p")
    .select([
      "p.id",
      "p.consultation_id as consultationId",
      "p.author_id as authorId",
      "p.title",
      "p.photo_alt as photoAlt",
      "p.photo_file_id as photoFileId",
      "p.created_at as createdAt",
      "p.hidden_at as hiddenAt",
      "p.hidden_kind as hiddenKind",
      "p.hidden_by as hiddenBy",
      "p.hidden_reason as hiddenReason",
      "p.hidden_rule as hiddenRule",
      "p.photo_hidden_at as photoHiddenAt",
      "p.photo_hidden_kind as photoHiddenKind",
      "p.photo_hidden_by as photoHiddenBy",
      "p.photo_hidden_reason as photoHiddenReason",
      "p.photo_hidden_rule as photoHiddenRule",
    ])
    .where("p.id", "in", ids)
    .execute();
}

export async function findProposalContributions(db: Queryable, ids: string[]): Promise<Map<string, ContributionRow>> {
  const rows = ids.length ? await proposalRows(db, ids) : [];
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        consultationId: String(r.consultationId),
        authorId: String(r.authorId),
        hiddenAt: r.hiddenAt,
        hidden: hiddenState({ at: r.hiddenAt, kind: r.hiddenKind, by: r.hiddenBy, reason: r.hiddenReason, rule: r.hiddenRule }),
        deletedAt: null,
        text: r.title,
        proposalId: String(r.id),
        sectionId: null,
        proposalTitle: r.title,
        createdAt: r.createdAt,
      },
    ]),
  );
}

/** Proposals' photos; none for a proposal without a photo. A photo counts as hidden when its proposal is. */
export async function findPhotoContributions(db: Queryable, ids: string[]): Promise<Map<string, ContributionRow>> {
  const rows = ids.length ? await proposalRows(db, ids) : [];
  return new Map(
    rows
      .filter((r) => r.photoFileId !== null)
      .map((r) => [
        String(r.id),
        {
          consultationId: String(r.consultationId),
          authorId: String(r.authorId),
          hiddenAt: r.hiddenAt ?? r.photoHiddenAt,
          hidden: hiddenState({
            at: r.photoHiddenAt,
            kind: r.photoHiddenKind,
            by: r.photoHiddenBy,
            reason: r.photoHiddenReason,
            rule: r.photoHiddenRule,
          }),
          deletedAt: null,
          text: r.photoAlt || r.title,
          proposalId: String(r.id),
          sectionId: null,
          proposalTitle: r.title,
          createdAt: r.createdAt,
        },
      ]),
  );
}

/** Comments on proposals or document sections; a comment counts as hidden when the proposal it is under is. */
export async function findCommentContributions(db: Queryable, ids: string[]): Promise<Map<string, ContributionRow>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom("comments as c")
    .leftJoin("proposals as p", "p.id", "c.proposal_id")
    .leftJoin("document_sections as s", "s.id", "c.section_id")
    .leftJoin("documents as d", "d.id", "s.document_id")
    .select((eb) => [
      "c.id",
      eb.fn.coalesce("p.consultation_id", "d.consultation_id").$castTo<string>().as("consultationId"),
      "c.author_id as authorId",
      eb.fn.coalesce("c.hidden_at", "p.hidden_at").as("hiddenAt"),
      "c.hidden_at as ownHiddenAt",
      "c.hidden_kind as hiddenKind",
      "c.hidden_by as hiddenBy",
      "c.hidden_reason as hiddenReason",
      "c.hidden_rule as hiddenRule",
      "c.deleted_at as deletedAt",
      "c.body_md as text",
      "c.proposal_id as proposalId",
      "c.section_id as sectionId",
      eb.fn.coalesce("p.title", "s.heading").as("proposalTitle"),
      "c.created_at as createdAt",
    ])
    .where("c.id", "in", ids)
    .execute();
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        consultationId: String(r.consultationId),
        authorId: String(r.authorId),
        hiddenAt: r.hiddenAt,
        hidden: hiddenState({ at: r.ownHiddenAt, kind: r.hiddenKind, by: r.hiddenBy, reason: r.hiddenReason, rule: r.hiddenRule }),
        deletedAt: r.deletedAt,
        text: r.text,
        proposalId: r.proposalId === null ? null : String(r.proposalId),
        sectionId: r.sectionId === null ? null : String(r.sectionId),
        proposalTitle: r.proposalTitle,
        createdAt: r.createdAt,
      },
    ]),
  );
}

/** Locks the row that holds the item's hidden state until the transaction ends (two moderators, one item). */
export async function lockRow(db: Queryable, table: "proposals" | "comments", id: string): Promise<boolean> {
  const row = await db.selectFrom(table).select("id").where("id", "=", id).forUpdate().executeTakeFirst();
  return !!row;
}

/** The new hidden state to write; null makes the item visible. */
export type HiddenChange = { kind: HiddenKind; by: string | null; reason: string | null; rule: string | null } | null;

const hiddenValues = (change: HiddenChange) =>
  change
    ? { at: sql<Date>`now()`, kind: change.kind, by: change.by, reason: change.reason, rule: change.rule }
    : { at: null, kind: null, by: null, reason: null, rule: null };

export async function setProposalHidden(db: Queryable, id: string, change: HiddenChange) {
  const v = hiddenValues(change);
  await db
    .updateTable("proposals")
    .set({ hidden_at: v.at, hidden_kind: v.kind, hidden_by: v.by, hidden_reason: v.reason, hidden_rule: v.rule })
    .where("id", "=", id)
    .execute();
}

export async function setPhotoHidden(db: Queryable, id: string, change: HiddenChange) {
  const v = hiddenValues(change);
  await db
    .updateTable("proposals")
    .set({
      photo_hidden_at: v.at,
      photo_hidden_kind: v.kind,
      photo_hidden_by: v.by,
      photo_hidden_reason: v.reason,
      photo_hidden_rule: v.rule,
    })
    .where("id", "=", id)
    .execute();
}

export async function setCommentHidden(db: Queryable, id: string, change: HiddenChange) {
  const v = hiddenValues(change);
  await db
    .updateTable("comments")
    .set({ hidden_at: v.at, hidden_kind: v.kind, hidden_by: v.by, hidden_reason: v.reason, hidden_rule: v.rule })
    .where("id", "=", id)
    .execute();
}
