import type { Queryable } from "~/lib/db.server";

export function insertStoredFile(
  db: Queryable,
  file: { sha256: string; mediaType: string; byteSize: number; originalName: string; uploadedBy: string },
) {
  return db
    .insertInto("stored_files")
    .values({
      sha256: file.sha256,
      media_type: file.mediaType,
      byte_size: file.byteSize,
      original_name: file.originalName,
      uploaded_by: file.uploadedBy,
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

export function findStoredFile(db: Queryable, id: string) {
  return db
    .selectFrom("stored_files")
    .select(["id", "sha256", "media_type as mediaType", "byte_size as byteSize", "original_name as originalName"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findStoredFileByHash(db: Queryable, sha256: string, mediaType: string) {
  return db.selectFrom("stored_files").select("id").where("sha256", "=", sha256).where("media_type", "=", mediaType).orderBy("id").executeTakeFirst();
}
