import { sql, type Kysely } from "kysely";

// The map counts visible proposals per grid cell from this index alone (an index-only scan, no table reads).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index proposals_map on proposals (consultation_id, lat, lng) include (id) where hidden_at is null`.execute(db);
  await db.schema.dropIndex("proposals_consultation_point").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("proposals_consultation_point").on("proposals").columns(["consultation_id", "lat", "lng"]).execute();
  await db.schema.dropIndex("proposals_map").execute();
}
