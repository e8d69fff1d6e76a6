import type { Kysely } from "kysely";

// A consultation's area as GeoJSON (Polygon or MultiPolygon); null means no limit.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("consultations").addColumn("area", "jsonb").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("consultations").dropColumn("area").execute();
}
