import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { ContributionRef } from "./contributions";
import type { FlagReason } from "./contributions";

/** One report per person and item: reporting again replaces reason and note, and reopens it if it was decided. */
export function upsertFlag(
  db: Queryable,
  flag: { ref: ContributionRef; consultationId: string; reporterId: string; reason: FlagReason; note: string | null },
) {
  return db
    .insertInto("flags")
    .values({
      contribution_type: flag.ref.type,
      contribution_id: flag.ref.id,
      consultation_id: flag.consultationId,
      reporter_id: flag.reporterId,
      reason: flag.reason,
      note: flag.note,
    })
    .onConflict((oc) =>
      oc
        .columns(["contribution_type", "contribution_id", "reporter_id"])
        // A report made again after a decision is a new concern: it goes back into the queue.
        .doUpdateSet({
          reason: (eb) => eb.ref("excluded.reason"),
          note: (eb) => eb.ref("excluded.note"),
          updated_at: sql`now()`,
          decided_at: null,
          decision: null,
          decision_id: null,
        }),
    )
    .returning(["id", sql<boolean>`(xmax = 0)`.as("created")])
    .executeTakeFirstOrThrow();
}

export function findFlag(db: Queryable, ref: ContributionRef, reporterId: string) {
  return db
    .selectFrom("flags")
    .select(["id", "reason", "note"])
    .where("contribution_type", "=", ref.type)
    .where("contribution_id", "=", ref.id)
    .where("reporter_id", "=", reporterId)
    .executeTakeFirst();
}
