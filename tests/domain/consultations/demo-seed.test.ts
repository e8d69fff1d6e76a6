import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { seedDemo } from "../../../db/seed";
import { feedItems, listConsultations, revisionHistory } from "~/domain/consultations/consultations.server";

const t = useTestDatabase();

describe("the Musterstadt demo", () => {
  it("shows the lifecycle: an open consultation with plain language, contact and a change, and a scheduled one; seeding twice adds nothing", async () => {
    expect(await seedDemo(t.db)).toBe(true);
    const { items } = await listConsultations(t.db, null, 1);
    expect(items.map((c) => c.phase)).toEqual(["open", "scheduled", "published"]);
    const cycling = await t.db.selectFrom("consultations").selectAll().where("id", "=", items[0].id).executeTakeFirstOrThrow();
    expect(cycling.plain_summary).not.toBe("");
    expect(cycling.input_use_md).toContain("Wer entscheidet?");
    expect([cycling.contact_name, cycling.contact_office, cycling.contact_email, cycling.contact_phone].every(Boolean)).toBe(true);
    const history = await revisionHistory(t.db, { id: cycling.id, publishedAt: cycling.published_at });
    expect(history.revisions.map((r) => r.changedFields)).toEqual([["plainSummary", "dates"]]);
    expect(items[1].opensAt.getTime()).toBeGreaterThan(Date.now());
    // The draft stays out of the list and the feed.
    expect((await feedItems(t.db)).map((f) => f.title)).not.toContain("Spielplatzkonzept 2027");

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
