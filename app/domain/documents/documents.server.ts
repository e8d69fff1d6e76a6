import type { DB, Queryable } from "~/lib/db.server";
import type { CurrentUser } from "../accounts/accounts.policy";
import { canView } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { storeFile, storedFilePathOf, typeLabel, type PreparedFile } from "../files/files.server";
import { recordAudit } from "../moderation/moderation.server";
import { documentManageRefusal } from "./documents.policy";
import type { FileDocumentInput, TextDocumentInput } from "./documents.schema";
import { planSections, splitSections } from "./documents.sections.server";
import * as q from "./documents.queries.server";

export type DocumentRefusal = "forbidden" | "not_found" | "has_comments" | "wrong_kind";

function withFile(row: q.DocumentRow) {
  return {
    ...row,
    file: row.sha256 ? { sha256: row.sha256, mediaType: row.mediaType!, byteSize: row.byteSize!, label: typeLabel(row.mediaType!) } : null,
  };
}
export type ConsultationDocument = ReturnType<typeof withFile>;

/** The consultation, if this admin may manage its documents. */
async function managedConsultation(db: Queryable, user: CurrentUser | null, consultationId: string) {
  if (documentManageRefusal(user)) return { ok: false, reason: "forbidden" } as const;
  const consultation = await loadConsultation(db, consultationId);
  return consultation ? ({ ok: true, consultation } as const) : ({ ok: false, reason: "not_found" } as const);
}

// Attaches an uploaded file (already checked by prepareDocumentFile) to a consultation; admins only, in any phase.
// Results: ok with the id | forbidden | not_found.
export async function addFileDocument(
  db: DB,
  user: CurrentUser | null,
  consultationId: string,
  input: FileDocumentInput,
  file: PreparedFile,
) {
  return db.transaction().execute(async (tx) => {
    const managed = await managedConsultation(tx, user, consultationId);
    if (!managed.ok) return managed;
    const storedFileId = await storeFile(tx, user!.id, file);
    const { id } = await q.insertDocument(tx, { consultationId, kind: "file", ...input, storedFileId, createdBy: user!.id });
    await recordAudit(tx, {
      actorId: user!.id,
      action: "document_add",
      targetType: "consultation",
      targetId: consultationId,
      reason: input.title,
    });
    return { ok: true, id } as const;
  });
}

// Adds a text document and splits it into numbered sections at its headings. Results: ok with the id | forbidden | not_found.
export async function addTextDocument(db: DB, user: CurrentUser | null, consultationId: string, input: TextDocumentInput) {
  return db.transaction().execute(async (tx) => {
    const managed = await managedConsultation(tx, user, consultationId);
    if (!managed.ok) return managed;
    const { id } = await q.insertDocument(tx, {
      consultationId,
      kind: "text",
      title: input.title,
      description: input.description,
      bodyMd: input.body,
      createdBy: user!.id,
    });
    for (const [i, section] of splitSections(input.body).entries()) await q.insertSection(tx, id, 1, { number: i + 1, ...section });
    await recordAudit(tx, {
      actorId: user!.id,
      action: "document_add",
      targetType: "consultation",
      targetId: consultationId,
      reason: input.title,
    });
    return { ok: true, id } as const;
  });
}

// Changes a text document. Sections are matched by heading, so comments stay on their section; a section that is
// gone keeps its comments and is shown as belonging to an earlier version. Results: ok | forbidden | not_found | wrong_kind.
export async function updateTextDocument(db: DB, user: CurrentUser | null, documentId: string, input: TextDocumentInput) {
  if (documentManageRefusal(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    const locked = await q.lockDocument(tx, documentId);
    if (!locked) return { ok: false, reason: "not_found" } as const;
    if (locked.kind !== "text") return { ok: false, reason: "wrong_kind" } as const;
    const version = locked.version + 1;
    const plan = planSections(await q.currentSections(tx, documentId), splitSections(input.body));
    await q.markSectionsRemoved(tx, plan.remove, version);
    for (const section of plan.keep) await q.updateSection(tx, section.id, section);
    for (const section of plan.add) await q.insertSection(tx, documentId, version, section);
    await q.updateDocument(tx, documentId, { title: input.title, description: input.description, bodyMd: input.body, version });
    const doc = await q.findDocument(tx, documentId);
    await recordAudit(tx, {
      actorId: user!.id,
      action: "document_change",
      targetType: "consultation",
      targetId: doc!.consultationId,
      reason: input.title,
    });
    return { ok: true } as const;
  });
}

// Changes an uploaded file's title, description and summary. Results: ok | forbidden | not_found | wrong_kind.
export async function updateFileDocument(db: DB, user: CurrentUser | null, documentId: string, input: FileDocumentInput) {
  if (documentManageRefusal(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    const locked = await q.lockDocument(tx, documentId);
    if (!locked) return { ok: false, reason: "not_found" } as const;
    if (locked.kind !== "file") return { ok: false, reason: "wrong_kind" } as const;
    await q.updateDocument(tx, documentId, input);
    const doc = await q.findDocument(tx, documentId);
    await recordAudit(tx, {
      actorId: user!.id,
      action: "document_change",
      targetType: "consultation",
      targetId: doc!.consultationId,
      reason: input.title,
    });
    return { ok: true } as const;
  });
}

// Removes a document of a consultation. A text with comments is not removed: the residents' comments must not
// disappear. Results: ok | forbidden | not_found (also for a document of another consultation) | has_comments.
export async function deleteDocument(db: DB, user: CurrentUser | null, consultationId: string, documentId: string) {
  if (documentManageRefusal(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    const doc = await q.findDocument(tx, documentId);
    if (!doc || doc.consultationId !== consultationId) return { ok: false, reason: "not_found" } as const;
    if (await q.hasSectionComments(tx, documentId)) return { ok: false, reason: "has_comments" } as const;
    await q.deleteDocument(tx, documentId);
    await recordAudit(tx, {
      actorId: user!.id,
      action: "document_remove",
      targetType: "consultation",
      targetId: doc.consultationId,
      reason: doc.title,
    });
    return { ok: true } as const;
  });
}

/** A consultation's documents for its list: title, description, and type and size of a file. The caller has
 *  checked that the reader may see the consultation. */
export async function listDocuments(db: DB, consultationId: string) {
  return (await q.listDocuments(db, consultationId)).map((d) => ({
    ...d,
    file: d.mediaType ? { label: typeLabel(d.mediaType), byteSize: d.byteSize! } : null,
  }));
}

// One document as this reader may see it, with its sections (current ones numbered, removed ones after them) and
// their comment counts. Results: ok | not_found (also when the consultation is a draft the reader may not see).
export async function getDocument(db: DB, user: CurrentUser | null, documentId: string) {
  const row = await q.findDocument(db, documentId);
  const consultation = row && (await loadConsultation(db, row.consultationId));
  if (!row || !consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
  const sections = row.kind === "text" ? await q.sectionsWithCounts(db, documentId) : [];
  return { ok: true, document: withFile(row), consultation, sections } as const;
}

/** The file of a file document for download, if the reader may see it. */
export async function documentDownload(db: DB, user: CurrentUser | null, documentId: string) {
  const result = await getDocument(db, user, documentId);
  if (!result.ok || !result.document.file) return null;
  return {
    document: result.document,
    file: result.document.file,
    path: storedFilePathOf(result.document.file.sha256),
    consultation: result.consultation,
  };
}

/** A section with its document and consultation, if the reader may see it (for the section's comments). */
export async function getSection(db: DB, user: CurrentUser | null, sectionId: string) {
  const section = await q.findSection(db, sectionId);
  const consultation = section && (await loadConsultation(db, section.consultationId));
  if (!section || !consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
  return { ok: true, section, consultation } as const;
}

/** For the comments area: the section's consultation, or undefined. */
export function sectionState(db: Queryable, sectionId: string) {
  return q.findSection(db, sectionId);
}
