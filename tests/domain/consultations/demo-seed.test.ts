import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { seedDemo } from "../../../db/seed";
import { feedItems, listConsultations, revisionHistory } from "~/domain/consultations/consultations.server";

const t = useTestDatabase();

describe("the Musterstadt demo", () => {
  it("shows the lifecycle: an open consultation with plain language, contact and a change, and a scheduled one; seeding twice adds nothing", async () => {
    expect(await seedDemo(t.db)).toBe(true);
    const { items } = await listConsultations(t.db, null, 1);
    expect(items.map((c) => c.phase).sort()).toEqual(["open", "open", "published", "scheduled"]);
    const cycling = await t.db
      .selectFrom("consultations")
      .selectAll()
      .where("title", "=", "Radverkehr in der Innenstadt")
      .executeTakeFirstOrThrow();
    expect(cycling.plain_summary).not.toBe("");
    expect(cycling.input_use_md).toContain("Wer entscheidet?");
    expect([cycling.contact_name, cycling.contact_office, cycling.contact_email, cycling.contact_phone].every(Boolean)).toBe(true);
    const history = await revisionHistory(t.db, { id: cycling.id, publishedAt: cycling.published_at });
    expect(history.revisions.map((r) => r.changedFields)).toEqual([["plainSummary", "dates"]]);
    expect(items.find((c) => c.phase === "scheduled")!.opensAt.getTime()).toBeGreaterThan(Date.now());
    // The draft stays out of the list and the feed.
    expect((await feedItems(t.db)).map((f) => f.title)).not.toContain("Spielplatzkonzept 2027");

    // Moderation at work (issue 9): open reports, an auto-hidden comment, waiting items, an open objection.
    const openFlags = await t.db
      .selectFrom("flags")
      .select(["contribution_type", "contribution_id"])
      .where("decided_at", "is", null)
      .execute();
    expect(new Set(openFlags.map((f) => `${f.contribution_type}:${f.contribution_id}`)).size).toBe(3);
    const kinds = await t.db.selectFrom("comments").select("hidden_kind").where("hidden_kind", "is not", null).execute();
    expect(kinds.map((k) => k.hidden_kind).sort()).toEqual(["automatic", "decision", "review"]);
    const windFarm = await t.db.selectFrom("consultations").selectAll().where("premoderated", "=", true).executeTakeFirstOrThrow();
    const waiting = await t.db
      .selectFrom("proposals")
      .select("id")
      .where("consultation_id", "=", windFarm.id)
      .where("hidden_kind", "=", "review")
      .execute();
    expect(waiting).toHaveLength(2);
    const objection = await t.db.selectFrom("objections").selectAll().executeTakeFirstOrThrow();
    expect(objection.decided_at).toBeNull();
    expect(cycling.auto_hide_threshold).toBe(3);
    const { recomputeTallies } = await import("~/domain/proposals/proposals.queries.server");
    expect(await recomputeTallies(t.db)).toBe(0);

    const counts = async () =>
      Promise.all(
        ["consultations", "consultation_revisions", "users"].map((table) =>
          t.db
            .selectFrom(table as "users")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow(),
        ),
      );
    const before = await counts();
    expect(await seedDemo(t.db)).toBe(false);
    expect(await counts()).toEqual(before);
  });
});
