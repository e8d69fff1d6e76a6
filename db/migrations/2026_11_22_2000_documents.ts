import { sql, type Kysely } from "kysely";

// A consultation's documents: uploaded files (stored_files) and texts written in markdown, split into numbered
// sections at their headings. Sections that an edit removes stay (with the version that removed them), so their
// comments keep their place.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("documents")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("consultation_id", "bigint", (c) => c.notNull().references("consultations.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("accessible_summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("stored_file_id", "bigint", (c) => c.references("stored_files.id"))
    .addColumn("body_md", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("documents_kind", sql`kind in ('file', 'text')`)
    .addCheckConstraint("documents_file_has_file", sql`(kind = 'file') = (stored_file_id is not null)`)
    .addCheckConstraint("documents_text_has_body", sql`(kind = 'text') = (body_md is not null)`)
    .execute();
  await db.schema.createIndex("documents_consultation").on("documents").columns(["consultation_id", "id"]).execute();

  await db.schema
    .createTable("document_sections")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("document_id", "bigint", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("number", "integer")
    .addColumn("heading", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("first_version", "integer", (c) => c.notNull())
    .addColumn("removed_in_version", "integer")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("document_sections_numbered_while_current", sql`(number is null) = (removed_in_version is not null)`)
    .execute();
  await db.schema.createIndex("document_sections_document").on("document_sections").columns(["document_id", "number"]).execute();

  // Comments belong to a proposal or to a document section: the same threading and rules for both.
  await db.schema
    .alterTable("comments")
    .addColumn("section_id", "bigint", (c) => c.references("document_sections.id").onDelete("cascade"))
    .execute();
  await sql`alter table comments alter column proposal_id drop not null`.execute(db);
  await sql`alter table comments add constraint comments_one_target check (num_nonnulls(proposal_id, section_id) = 1)`.execute(db);
  await sql`create index comments_section on comments (section_id, created_at, id) where section_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from comments where section_id is not null`.execute(db);
  await sql`alter table comments drop constraint comments_one_target`.execute(db);
  await sql`alter table comments alter column proposal_id set not null`.execute(db);
  await db.schema.alterTable("comments").dropColumn("section_id").execute();
  await db.schema.dropTable("document_sections").execute();
  await db.schema.dropTable("documents").execute();
}
