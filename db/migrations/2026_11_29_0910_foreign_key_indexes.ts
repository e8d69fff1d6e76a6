import { sql, type Kysely } from "kysely";

// Every foreign key gets an index that leads with its columns (issue 8, item 11). Without one, deleting or exporting a
// person's data, cleaning up files and removing a category scan the whole referring table, and PostgreSQL checks every
// referring row by a sequential scan when the referenced row is deleted. A test (tests/db/foreign-key-indexes.test.ts)
// reads pg_catalog and fails for any foreign key that has none. Columns that are mostly empty (who hid it, the photo,
// the file) get a partial index without the nulls: a lookup by a given id never looks for null.
const INDEXES: { name: string; table: string; column: string; partial?: boolean }[] = [
  { name: "proposals_author", table: "proposals", column: "author_id" },
  { name: "proposals_category_id", table: "proposals", column: "category_id", partial: true },
  { name: "proposals_hidden_by", table: "proposals", column: "hidden_by", partial: true },
  { name: "proposals_photo_file", table: "proposals", column: "photo_file_id", partial: true },
  { name: "comments_author", table: "comments", column: "author_id" },
  { name: "comments_hidden_by", table: "comments", column: "hidden_by", partial: true },
  { name: "documents_stored_file", table: "documents", column: "stored_file_id", partial: true },
  { name: "documents_created_by", table: "documents", column: "created_by" },
  { name: "email_verifications_user", table: "email_verifications", column: "user_id" },
  { name: "audit_log_actor", table: "audit_log", column: "actor_id" },
  { name: "consultations_created_by", table: "consultations", column: "created_by" },
  { name: "consultation_revisions_author", table: "consultation_revisions", column: "author_id" },
  { name: "proposal_answers_author", table: "proposal_answers", column: "author_id" },
  { name: "result_reports_author", table: "result_reports", column: "author_id" },
  { name: "stored_files_uploaded_by", table: "stored_files", column: "uploaded_by" },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const index of INDEXES) {
    let create = db.schema.createIndex(index.name).on(index.table).column(index.column);
    if (index.partial) create = create.where(sql.ref(index.column), "is not", null);
    await create.execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [...INDEXES].reverse()) await db.schema.dropIndex(index.name).execute();
}
