import { sql, type Kysely } from "kysely";

// Known devices (decision 0013, OWASP "device cookies"): after a successful login the browser gets a long-lived cookie
// with a random token; its keyed hash is kept here with the account. A login attempt from a known device of the typed
// address is exempt from the per-address ceiling, so a distributed attack cannot lock the owner out.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("known_devices")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("last_used_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("known_devices_user").on("known_devices").column("user_id").execute();
  await db.schema.createIndex("known_devices_last_used").on("known_devices").column("last_used_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("known_devices").execute();
}
