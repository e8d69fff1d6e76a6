import { sql, type Kysely } from "kysely";

// House rules (Netiquette, issue 9): markdown with numbered rules, once for the platform (consultation_id null) and
// optionally additions per consultation. At most one row each: a unique index on consultation_id, and a partial unique
// index for the platform's row (null is never equal to null in a plain unique index).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("house_rules")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("consultation_id", "bigint", (c) => c.references("consultations.id").onDelete("cascade"))
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("updated_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("house_rules_body_length", sql`char_length(body_md) <= 20000`)
    .execute();
  await db.schema.createIndex("house_rules_consultation").on("house_rules").column("consultation_id").unique().execute();
  await sql`create unique index house_rules_platform on house_rules ((true)) where consultation_id is null`.execute(db);
  await db.schema.createIndex("house_rules_updated_by").on("house_rules").column("updated_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("house_rules").execute();
}
