import type { DB, Queryable } from "~/lib/db.server";
import { cleanFileName } from "./files.images.server";
import { documentTypeOf, type DocumentTypeRefusal } from "./files.types.server";
import { removeStoredFileIfUnusedSince, storedFilePath, writeStoredFile } from "./files.storage.server";
import * as q from "./files.queries.server";

export { PHOTO_MAX_BYTES, preparePhoto, type PreparedPhoto, type PhotoRefusal } from "./files.images.server";
export { typeLabel, type DocumentTypeRefusal } from "./files.types.server";

/** A file checked and ready to store: its bytes, its type decided from them, and a clean name. */
export interface PreparedFile {
  bytes: Buffer;
  mediaType: string;
  originalName: string;
}

/** Checks an uploaded document (type from the bytes, name fits the type). */
export async function prepareDocumentFile(
  file: File,
): Promise<{ ok: true; file: PreparedFile } | { ok: false; reason: DocumentTypeRefusal }> {
  const bytes = Buffer.from(await file.arrayBuffer());
  const checked = await documentTypeOf(bytes, file.name);
  if (!checked.ok) return checked;
  return { ok: true, file: { bytes, mediaType: checked.type.mediaType, originalName: cleanFileName(file.name) } };
}

// Stores a prepared file and records it. Call it inside the transaction that uses the file, after its checks
// passed: the bytes are written before the row, so a committed row always has its file (a failed commit at most
// leaves an unreferenced file behind, never a reference without a file).
export async function storeFile(db: Queryable, uploadedBy: string, file: PreparedFile): Promise<string> {
  const sha256 = await writeStoredFile(file.bytes);
  // The same bytes are kept once: a second upload refers to the first record.
  const existing = await q.findStoredFileByHash(db, sha256, file.mediaType);
  if (existing) return existing.id;
  const { id } = await q.insertStoredFile(db, {
    sha256,
    mediaType: file.mediaType,
    byteSize: file.bytes.byteLength,
    originalName: file.originalName,
    uploadedBy,
  });
  return id;
}

export const storedFilePathOf = storedFilePath;

/** A stored file's record and where its bytes are, or undefined. */
export async function findStoredFile(db: Queryable, id: string) {
  const file = await q.findStoredFile(db, id);
  return file ? { ...file, path: storedFilePath(file.sha256) } : undefined;
}

// Removes files nothing refers to any more (a replaced or removed photo, a removed document), an hour after they were
// written so that no upload in progress loses its file. A row that became referenced meanwhile stays (the foreign
// key refuses its deletion). The bytes go when no other record has the same hash. Returns how many were removed.
export async function removeUnreferencedFiles(db: DB, now = new Date()): Promise<number> {
  const hourAgo = new Date(now.getTime() - 3600_000);
  const candidates = await q.unreferencedFiles(db, hourAgo, 500);
  let removed = 0;
  for (const file of candidates) {
    try {
      await q.deleteStoredFile(db, file.id);
    } catch {
      continue; // referenced again in the meantime
    }
    removed++;
    if (!(await q.hashStillStored(db, file.sha256))) await removeStoredFileIfUnusedSince(file.sha256, hourAgo);
  }
  return removed;
}
