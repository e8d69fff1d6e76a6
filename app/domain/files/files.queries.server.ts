import { sql } from "kysely";
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

/** An existing record of the same bytes, locked against removal (removeUnreferencedFiles) until the caller commits. */
export function findStoredFileByHash(db: Queryable, sha256: string, mediaType: string) {
  return db
    .selectFrom("stored_files")
    .select("id")
    .where("sha256", "=", sha256)
    .where("media_type", "=", mediaType)
    .orderBy("id")
    .limit(1)
    .forKeyShare()
    .executeTakeFirst();
}

/** Stored files no proposal or document refers to any more, written before `before` (a batch). */
export function unreferencedFiles(db: Queryable, before: Date, limit: number) {
  return db
    .selectFrom("stored_files as f")
    .select(["f.id", "f.sha256"])
    .where("f.created_at", "<", before)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("proposals as p")
            .select(sql`1`.as("x"))
            .whereRef("p.photo_file_id", "=", "f.id"),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("documents as d")
            .select(sql`1`.as("x"))
            .whereRef("d.stored_file_id", "=", "f.id"),
        ),
      ),
    )
    .orderBy("f.id")
    .limit(limit)
    .execute();
}

export async function deleteStoredFile(db: Queryable, id: string) {
  await db.deleteFrom("stored_files").where("id", "=", id).execute();
}

export async function hashStillStored(db: Queryable, sha256: string) {
  return !!(await db.selectFrom("stored_files").select("id").where("sha256", "=", sha256).executeTakeFirst());
}
