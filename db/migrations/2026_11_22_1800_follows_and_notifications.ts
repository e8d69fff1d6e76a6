import { sql, type Kysely } from "kysely";

// Residents follow a proposal or a consultation and get mails through the outbox; every mail can be unsubscribed
// with one click (the outbox keeps the link for the List-Unsubscribe header).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("follows")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("proposal_id", "bigint", (c) => c.references("proposals.id").onDelete("cascade"))
    .addColumn("consultation_id", "bigint", (c) => c.references("consultations.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("follows_one_target", sql`num_nonnulls(proposal_id, consultation_id) = 1`)
    .execute();
  await sql`create unique index follows_proposal on follows (proposal_id, user_id) where proposal_id is not null`.execute(db);
  await sql`create unique index follows_consultation on follows (consultation_id, user_id) where consultation_id is not null`.execute(db);
  await db.schema.createIndex("follows_user").on("follows").column("user_id").execute();

  await db.schema
    .alterTable("users")
    .addColumn("notify_replies", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema.alterTable("consultations").addColumn("closing_notice_sent_at", "timestamptz").execute();
  await db.schema.alterTable("mail_outbox").addColumn("unsubscribe_url", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("mail_outbox").dropColumn("unsubscribe_url").execute();
  await db.schema.alterTable("consultations").dropColumn("closing_notice_sent_at").execute();
  await db.schema.alterTable("users").dropColumn("notify_replies").execute();
  await db.schema.dropTable("follows").execute();
}
