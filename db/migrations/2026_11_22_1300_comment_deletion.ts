import type { Kysely } from "kysely";

// A deleted comment keeps its row (and its place in the thread) with the text removed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("comments").addColumn("deleted_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("comments").dropColumn("deleted_at").execute();
}
