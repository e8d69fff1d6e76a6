import { sql, type Kysely } from "kysely";

// Reports (Meldungen, issue 9, decision 0016): a person reports a contribution, referenced generically by
// (contribution_type, contribution_id) — a proposal, a comment (also on a section), a proposal's photo (id = the
// proposal's). One row per person and item; reporting again updates reason and note. decided_at and decision are for
// the moderation queue that follows. The lists are copied here on purpose: migrations never import app/.
const TYPES = ["proposal", "comment", "photo"];
const REASONS = ["insult", "spam", "personal_data", "illegal", "off_topic", "other"];

const list = (values: string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("flags")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("contribution_type", "text", (c) => c.notNull())
    .addColumn("contribution_id", "bigint", (c) => c.notNull())
    .addColumn("reporter_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision", "text")
    .addCheckConstraint("flags_contribution_type", sql`contribution_type in (${list(TYPES)})`)
    .addCheckConstraint("flags_reason", sql`reason in (${list(REASONS)})`)
    .addCheckConstraint("flags_note_length", sql`note is null or char_length(note) <= 1000`)
    .addCheckConstraint("flags_decided_together", sql`(decided_at is null) = (decision is null)`)
    .addUniqueConstraint("flags_one_per_reporter", ["contribution_type", "contribution_id", "reporter_id"])
    .execute();
  // The queue: reports of one item (the unique constraint's index serves it too), and the open ones by age.
  await db.schema.createIndex("flags_open_by_age").on("flags").column("created_at").where(sql.ref("decided_at"), "is", null).execute();
  await db.schema.createIndex("flags_reporter").on("flags").column("reporter_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("flags").execute();
}
