import type { Queryable } from "~/lib/db.server";
import type { PreparedPhoto } from "./files.images.server";
import { storedFilePath, writeStoredFile } from "./files.storage.server";
import * as q from "./files.queries.server";

export { PHOTO_MAX_BYTES, preparePhoto, type PreparedPhoto, type PhotoRefusal } from "./files.images.server";

// Stores a prepared file and records it. Call it inside the transaction that uses the file, after its checks
// passed: the bytes are written before the row, so a committed row always has its file (a failed commit at most
// leaves an unreferenced file behind, never a reference without a file).
export async function storeFile(db: Queryable, uploadedBy: string, file: PreparedPhoto): Promise<string> {
  const sha256 = await writeStoredFile(file.bytes);
  const { id } = await q.insertStoredFile(db, {
    sha256,
    mediaType: file.mediaType,
    byteSize: file.bytes.byteLength,
    originalName: file.originalName,
    uploadedBy,
  });
  return id;
}

/** A stored file's record and where its bytes are, or undefined. */
export async function findStoredFile(db: Queryable, id: string) {
  const file = await q.findStoredFile(db, id);
  return file ? { ...file, path: storedFilePath(file.sha256) } : undefined;
}
