import { sql, type Kysely } from "kysely";

// The walking skeleton's schema: accounts, consultations with proposals, comments and votes,
// the audit log, result reports and the mail outbox.
export async function up(db: Kysely<any>): Promise<void> {
  const id = (col: any) => col.generatedAlwaysAsIdentity().primaryKey();
  const createdAt = (col: any) => col.notNull().defaultTo(sql`now()`);

  await db.schema
    .createTable("users")
    .addColumn("id", "bigint", id)
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().defaultTo("resident"))
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("created_at", "timestamptz", createdAt)
    .addCheckConstraint("users_role_check", sql`role in ('resident', 'moderator', 'admin', 'council')`)
    .addCheckConstraint("users_email_lowercase", sql`email = lower(email)`)
    .execute();
  await db.schema.createIndex("users_email_unique").on("users").column("email").unique().execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "bigint", id)
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", createdAt)
    .execute();
  await db.schema.createIndex("sessions_user_id").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("email_verifications")
    .addColumn("id", "bigint", id)
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", createdAt)
    .execute();

  await db.schema
    .createTable("rate_limit_events")
    .addColumn("id", "bigint", id)
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", createdAt)
    .execute();
  await db.schema.createIndex("rate_limit_events_lookup").on("rate_limit_events").columns(["bucket", "key_hash", "created_at"]).execute();

  await db.schema
    .createTable("consultations")
    .addColumn("id", "bigint", id)
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("opens_at", "timestamptz", (c) => c.notNull())
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("center_lat", "double precision", (c) => c.notNull())
    .addColumn("center_lng", "double precision", (c) => c.notNull())
    .addColumn("zoom", "integer", (c) => c.notNull())
    .addColumn("published_at", "timestamptz")
    .addColumn("created_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("updated_at", "timestamptz", createdAt)
    .addColumn("created_at", "timestamptz", createdAt)
    .addCheckConstraint("consultations_dates", sql`closes_at > opens_at`)
    .addCheckConstraint("consultations_center", sql`center_lat between -90 and 90 and center_lng between -180 and 180`)
    .addCheckConstraint("consultations_zoom", sql`zoom between 1 and 19`)
    .execute();

  await db.schema
    .createTable("categories")
    .addColumn("id", "bigint", id)
    .addColumn("consultation_id", "bigint", (c) => c.notNull().references("consultations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("color", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", createdAt)
    .addUniqueConstraint("categories_name_unique", ["consultation_id", "name"])
    .addCheckConstraint("categories_color", sql`color ~ '^#[0-9a-fA-F]{6}$'`)
    .execute();

  await db.schema
    .createTable("proposals")
    .addColumn("id", "bigint", id)
    .addColumn("consultation_id", "bigint", (c) => c.notNull().references("consultations.id").onDelete("cascade"))
    .addColumn("author_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("category_id", "bigint", (c) => c.references("categories.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("lat", "double precision", (c) => c.notNull())
    .addColumn("lng", "double precision", (c) => c.notNull())
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by", "bigint", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .addColumn("updated_at", "timestamptz", createdAt)
    .addColumn("created_at", "timestamptz", createdAt)
    .addCheckConstraint("proposals_point", sql`lat between -90 and 90 and lng between -180 and 180`)
    .addCheckConstraint("proposals_hidden_complete", sql`num_nulls(hidden_at, hidden_by, hidden_reason) in (0, 3)`)
    .execute();
  await db.schema
    .createIndex("proposals_consultation_created")
    .on("proposals")
    .columns(["consultation_id", "created_at desc", "id desc"])
    .execute();
  await db.schema.createIndex("proposals_consultation_point").on("proposals").columns(["consultation_id", "lat", "lng"]).execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", "bigint", id)
    .addColumn("proposal_id", "bigint", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("parent_id", "bigint", (c) => c.references("comments.id").onDelete("cascade"))
    .addColumn("author_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("edited_at", "timestamptz")
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by", "bigint", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .addColumn("created_at", "timestamptz", createdAt)
    .addCheckConstraint("comments_hidden_complete", sql`num_nulls(hidden_at, hidden_by, hidden_reason) in (0, 3)`)
    .addCheckConstraint("comments_not_own_parent", sql`parent_id is distinct from id`)
    .execute();
  await db.schema.createIndex("comments_proposal_created").on("comments").columns(["proposal_id", "created_at", "id"]).execute();
  await db.schema.createIndex("comments_parent").on("comments").column("parent_id").execute();

  await db.schema
    .createTable("votes")
    .addColumn("proposal_id", "bigint", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("value", "smallint", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", createdAt)
    .addColumn("created_at", "timestamptz", createdAt)
    .addPrimaryKeyConstraint("votes_one_per_person", ["proposal_id", "user_id"])
    .addCheckConstraint("votes_value", sql`value in (-1, 1)`)
    .execute();
  await db.schema.createIndex("votes_user").on("votes").column("user_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigint", id)
    .addColumn("actor_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_at", "timestamptz", createdAt)
    .execute();
  await db.schema.createIndex("audit_log_created").on("audit_log").columns(["created_at desc", "id desc"]).execute();
  // Append-only: the database itself refuses to change or delete an entry.
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$`.execute(db);
  await sql`create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);

  await db.schema
    .createTable("result_reports")
    .addColumn("id", "bigint", id)
    .addColumn("consultation_id", "bigint", (c) => c.notNull().unique().references("consultations.id").onDelete("cascade"))
    .addColumn("summary_md", "text", (c) => c.notNull())
    .addColumn("author_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("figures", "jsonb")
    .addColumn("published_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", createdAt)
    .addColumn("created_at", "timestamptz", createdAt)
    .addCheckConstraint("result_reports_published_has_figures", sql`published_at is null or figures is not null`)
    .execute();

  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "bigint", id)
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_error", "text")
    .addColumn("sent_at", "timestamptz")
    .addColumn("created_at", "timestamptz", createdAt)
    .addCheckConstraint("mail_outbox_status", sql`status in ('pending', 'sent', 'logged', 'failed')`)
    .execute();
  await db.schema.createIndex("mail_outbox_due").on("mail_outbox").columns(["status", "next_attempt_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "mail_outbox",
    "result_reports",
    "audit_log",
    "votes",
    "comments",
    "proposals",
    "categories",
    "consultations",
    "rate_limit_events",
    "email_verifications",
    "sessions",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function audit_log_append_only()`.execute(db);
}
