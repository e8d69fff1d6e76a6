import { sql, type Kysely } from "kysely";

// Login throttling that hurts the attacker, not the owner (decision 0013): failed logins are kept per (typed address,
// client address) pair, so the pair can be slowed down and blocked while the owner elsewhere still gets in; and mailed
// one-time login links for a locked account. Addresses are stored only as keyed hashes; rows are cleaned up hourly.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("login_failures")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Keyed hash of the typed e-mail address, whether an account has it or not.
    .addColumn("account_hash", "text", (c) => c.notNull())
    // Keyed hash of the client's IP address.
    .addColumn("ip_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("login_failures_pair").on("login_failures").columns(["account_hash", "ip_hash", "created_at"]).execute();
  await db.schema.createIndex("login_failures_ip").on("login_failures").columns(["ip_hash", "created_at"]).execute();
  await db.schema.createIndex("login_failures_created").on("login_failures").column("created_at").execute();

  // Every request for a login link is a row (it counts for the limits); only a request for an existing account
  // has a user and a token, stored hashed. A token works once, for 15 minutes.
  await db.schema
    .createTable("login_links")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("account_hash", "text", (c) => c.notNull())
    .addColumn("ip_hash", "text", (c) => c.notNull())
    .addColumn("user_id", "bigint", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("login_links_token_with_user", sql`(user_id is null) = (token_hash is null)`)
    .execute();
  await db.schema.createIndex("login_links_account").on("login_links").columns(["account_hash", "created_at"]).execute();
  await db.schema.createIndex("login_links_ip").on("login_links").columns(["ip_hash", "created_at"]).execute();
  await db.schema.createIndex("login_links_user").on("login_links").column("user_id").execute();
  await db.schema.createIndex("login_links_created").on("login_links").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_links").execute();
  await db.schema.dropTable("login_failures").execute();
}
