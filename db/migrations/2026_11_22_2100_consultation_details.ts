import { sql, type Kysely } from "kysely";

// What residents need to understand a consultation beyond its text: a summary in plain language, a contact person
// and office, and what happens with their input. A German full-text vector over title, summaries and body for the
// consultation list's search (generated, so it can never fall behind the text). Revisions: every change after
// publication is kept as a numbered snapshot of the edited fields, so residents can see that and when it changed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table consultations
    add column plain_summary text not null default '',
    add column contact_name text not null default '',
    add column contact_office text not null default '',
    add column contact_email text not null default '',
    add column contact_phone text not null default '',
    add column input_use_md text not null default '',
    add column search tsvector generated always as (
      setweight(to_tsvector('german', title), 'A') ||
      setweight(to_tsvector('german', summary), 'B') ||
      setweight(to_tsvector('german', plain_summary), 'B') ||
      setweight(to_tsvector('german', body_md), 'C')) stored`.execute(db);
  await sql`create index consultations_search on consultations using gin (search)`.execute(db);

  await db.schema
    .createTable("consultation_revisions")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("consultation_id", "bigint", (c) => c.notNull().references("consultations.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("changed_fields", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("author_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("consultation_revisions_number", ["consultation_id", "number"])
    .addCheckConstraint("consultation_revisions_number_positive", sql`number >= 1`)
    .addCheckConstraint("consultation_revisions_changed_fields_array", sql`jsonb_typeof(changed_fields) = 'array'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("consultation_revisions").execute();
  await sql`drop index consultations_search`.execute(db);
  await sql`alter table consultations
    drop column search,
    drop column input_use_md,
    drop column contact_phone,
    drop column contact_email,
    drop column contact_office,
    drop column contact_name,
    drop column plain_summary`.execute(db);
}
