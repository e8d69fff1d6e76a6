import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

const documentColumns = [
  "d.id",
  "d.consultation_id as consultationId",
  "d.kind",
  "d.title",
  "d.description",
  "d.accessible_summary as accessibleSummary",
  "d.body_md as bodyMd",
  "d.version",
  "d.updated_at as updatedAt",
  "f.sha256",
  "f.media_type as mediaType",
  "f.byte_size as byteSize",
] as const;

export type DocumentRow = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

export function findDocument(db: Queryable, id: string) {
  return db
    .selectFrom("documents as d")
    .leftJoin("stored_files as f", "f.id", "d.stored_file_id")
    .select(documentColumns)
    .where("d.id", "=", id)
    .executeTakeFirst();
}

/** A consultation's documents in the order they were added (a consultation has a handful, not thousands); the list
 *  needs no texts, so they are not read. */
export function listDocuments(db: Queryable, consultationId: string) {
  return db
    .selectFrom("documents as d")
    .leftJoin("stored_files as f", "f.id", "d.stored_file_id")
    .select(["d.id", "d.kind", "d.title", "d.description", "f.media_type as mediaType", "f.byte_size as byteSize"])
    .where("d.consultation_id", "=", consultationId)
    .orderBy("d.id")
    .limit(200)
    .execute();
}

export function insertDocument(
  db: Queryable,
  doc: {
    consultationId: string;
    kind: "file" | "text";
    title: string;
    description: string;
    accessibleSummary?: string;
    storedFileId?: string;
    bodyMd?: string;
    createdBy: string;
  },
) {
  return db
    .insertInto("documents")
    .values({
      consultation_id: doc.consultationId,
      kind: doc.kind,
      title: doc.title,
      description: doc.description,
      accessible_summary: doc.accessibleSummary ?? "",
      stored_file_id: doc.storedFileId ?? null,
      body_md: doc.bodyMd ?? null,
      created_by: doc.createdBy,
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

export function updateDocument(
  db: Queryable,
  id: string,
  changes: { title: string; description: string; accessibleSummary?: string; bodyMd?: string; version?: number },
) {
  return db
    .updateTable("documents")
    .set({
      title: changes.title,
      description: changes.description,
      ...(changes.accessibleSummary !== undefined ? { accessible_summary: changes.accessibleSummary } : {}),
      ...(changes.bodyMd !== undefined ? { body_md: changes.bodyMd } : {}),
      ...(changes.version !== undefined ? { version: changes.version } : {}),
      updated_at: sql`now()`,
    })
    .where("id", "=", id)
    .execute();
}

export function deleteDocument(db: Queryable, id: string) {
  return db.deleteFrom("documents").where("id", "=", id).execute();
}

/** Locks the document row for an edit, so two edits of the same text apply one after the other. */
export function lockDocument(db: Queryable, id: string) {
  return db.selectFrom("documents").select(["id", "version", "kind"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

export function currentSections(db: Queryable, documentId: string) {
  return db
    .selectFrom("document_sections")
    .select(["id", "heading"])
    .where("document_id", "=", documentId)
    .where("removed_in_version", "is", null)
    .orderBy("number")
    .execute();
}

/** Every section of a document, current ones in order, then removed ones, with their visible comment counts. */
export function sectionsWithCounts(db: Queryable, documentId: string) {
  return db
    .selectFrom("document_sections as s")
    .select([
      "s.id",
      "s.number",
      "s.heading",
      "s.body_md as bodyMd",
      "s.first_version as firstVersion",
      "s.removed_in_version as removedInVersion",
      (eb) =>
        eb
          .selectFrom("comments as c")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("c.section_id", "=", "s.id")
          .where("c.hidden_at", "is", null)
          .where("c.deleted_at", "is", null)
          .as("commentCount"),
    ])
    .where("s.document_id", "=", documentId)
    .orderBy(sql`s.removed_in_version is not null`)
    .orderBy("s.number")
    .orderBy("s.id")
    .execute();
}

export function insertSection(
  db: Queryable,
  documentId: string,
  version: number,
  section: { number: number; heading: string; bodyMd: string },
) {
  return db
    .insertInto("document_sections")
    .values({ document_id: documentId, number: section.number, heading: section.heading, body_md: section.bodyMd, first_version: version })
    .execute();
}

export function updateSection(db: Queryable, id: string, section: { number: number; heading: string; bodyMd: string }) {
  return db
    .updateTable("document_sections")
    .set({ number: section.number, heading: section.heading, body_md: section.bodyMd, updated_at: sql`now()` })
    .where("id", "=", id)
    .execute();
}

export function markSectionsRemoved(db: Queryable, ids: string[], version: number) {
  if (ids.length === 0) return Promise.resolve();
  return db.updateTable("document_sections").set({ number: null, removed_in_version: version }).where("id", "in", ids).execute();
}

/** A section with its document and consultation, for the rules and the section page. */
export function findSection(db: Queryable, id: string) {
  return db
    .selectFrom("document_sections as s")
    .innerJoin("documents as d", "d.id", "s.document_id")
    .select([
      "s.id",
      "s.number",
      "s.heading",
      "s.body_md as bodyMd",
      "s.removed_in_version as removedInVersion",
      "d.id as documentId",
      "d.title as documentTitle",
      "d.version as documentVersion",
      "d.consultation_id as consultationId",
    ])
    .where("s.id", "=", id)
    .executeTakeFirst();
}

export function hasSectionComments(db: Queryable, documentId: string) {
  return db
    .selectFrom("comments as c")
    .innerJoin("document_sections as s", "s.id", "c.section_id")
    .select("c.id")
    .where("s.document_id", "=", documentId)
    .limit(1)
    .executeTakeFirst();
}
