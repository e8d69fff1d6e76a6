import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

// The house_rules table: one row for the platform (consultation_id null), at most one per consultation.

const columns = ["id", "body_md as bodyMd", "updated_at as updatedAt"] as const;

export function findPlatformRules(db: Queryable) {
  return db.selectFrom("house_rules").select(columns).where("consultation_id", "is", null).executeTakeFirst();
}

export function findConsultationRules(db: Queryable, consultationId: string) {
  return db.selectFrom("house_rules").select(columns).where("consultation_id", "=", consultationId).executeTakeFirst();
}

/** Writes the platform's rules; concurrent first saves meet on the partial unique index instead of failing. */
export async function upsertPlatformRules(db: Queryable, bodyMd: string, userId: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into house_rules (consultation_id, body_md, updated_by)
    values (null, ${bodyMd}, ${userId})
    on conflict ((true)) where consultation_id is null
    do update set body_md = excluded.body_md, updated_by = excluded.updated_by, updated_at = now()
    returning id`.execute(db);
  return rows[0].id;
}

export async function upsertConsultationRules(db: Queryable, consultationId: string, bodyMd: string, userId: string): Promise<string> {
  const row = await db
    .insertInto("house_rules")
    .values({ consultation_id: consultationId, body_md: bodyMd, updated_by: userId })
    .onConflict((oc) => oc.column("consultation_id").doUpdateSet({ body_md: bodyMd, updated_by: userId, updated_at: sql<Date>`now()` }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Removes a consultation's additions; returns the removed row's id, if there was one. */
export async function deleteConsultationRules(db: Queryable, consultationId: string): Promise<string | undefined> {
  const row = await db.deleteFrom("house_rules").where("consultation_id", "=", consultationId).returning("id").executeTakeFirst();
  return row?.id;
}
