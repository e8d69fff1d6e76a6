import { sql, type Kysely } from "kysely";

// The administration's official answer (Stellungnahme) gives a proposal its status. The status is kept on the
// proposal row too, so the list and map filter by it from an index; the answer is its one source (same transaction).
const PROPOSAL_STATUSES = ["submitted", "under_review", "accepted", "partly_accepted", "rejected", "implemented"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const statuses = sql.join(PROPOSAL_STATUSES.map((s) => sql.lit(s)));
  await db.schema
    .alterTable("proposals")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("submitted"))
    .execute();
  await sql`alter table proposals add constraint proposals_status check (status in (${statuses}))`.execute(db);
  await db.schema
    .createIndex("proposals_consultation_status")
    .on("proposals")
    .columns(["consultation_id", "status", "created_at"])
    .execute();
  await db.schema
    .createTable("proposal_answers")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("proposal_id", "bigint", (c) => c.notNull().unique().references("proposals.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("author_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("proposal_answers_status", sql`status in (${statuses}) and status <> 'submitted'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("proposal_answers").execute();
  await db.schema.dropIndex("proposals_consultation_status").execute();
  await db.schema.alterTable("proposals").dropColumn("status").execute();
}
