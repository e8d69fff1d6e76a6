import { sql, type Kysely } from "kysely";

// Uploaded files are stored on disk under their content hash; the database keeps what the file is.
// A proposal may carry one photo, and may be placed by a described place instead of a point (without JavaScript).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stored_files")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("byte_size", "integer", (c) => c.notNull())
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("stored_files_sha256", sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint("stored_files_size", sql`byte_size > 0`)
    .execute();
  await db.schema.createIndex("stored_files_sha256").on("stored_files").column("sha256").execute();

  await db.schema
    .alterTable("proposals")
    .addColumn("photo_file_id", "bigint", (c) => c.references("stored_files.id"))
    .addColumn("photo_alt", "text")
    .addColumn("place_description", "text")
    .execute();
  await sql`alter table proposals alter column lat drop not null, alter column lng drop not null`.execute(db);
  await sql`alter table proposals add constraint proposals_point_complete check ((lat is null) = (lng is null))`.execute(db);
  await sql`alter table proposals add constraint proposals_located check (lat is not null or place_description is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table proposals drop constraint proposals_located, drop constraint proposals_point_complete`.execute(db);
  await sql`delete from proposals where lat is null`.execute(db);
  await sql`alter table proposals alter column lat set not null, alter column lng set not null`.execute(db);
  await db.schema.alterTable("proposals").dropColumn("photo_file_id").dropColumn("photo_alt").dropColumn("place_description").execute();
  await db.schema.dropTable("stored_files").execute();
}
