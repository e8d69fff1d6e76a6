import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createUser } from "../../setup/fixtures";
import { cellSize, proposalsForMap } from "~/domain/proposals/proposals.server";

const t = useTestDatabase();

/** Inserts n proposals spread evenly over 50.0..50.4 / 9.0..9.6 in one statement. */
async function manyProposals(consultation: string, author: string, n: number) {
  await sql`
    insert into proposals (consultation_id, author_id, title, body_md, lat, lng)
    select ${consultation}, ${author}, 'Vorschlag ' || i, 'Text', 50.0 + (i % 400) * 0.001, 9.0 + (i / 400) * (0.6 / ${n / 400})
    from generate_series(0, ${n - 1}) as i`.execute(t.db);
}

describe("the map endpoint at city scale", () => {
  it("answers a full-area viewport at 100,000 proposals in at most 100 KB, and every visible proposal is counted", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    await manyProposals(consultation, admin.id, 100_000);
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: admin.id, hidden_reason: "Test" })
      .where("id", "<=", "10")
      .execute();

    for (const zoom of [10, 12, 14]) {
      const payload = await proposalsForMap(t.db, consultation, [49.99, 8.99, 50.41, 9.61], zoom);
      const bytes = Buffer.byteLength(JSON.stringify(payload));
      expect(bytes, `zoom ${zoom}`).toBeLessThanOrEqual(100_000);
      expect(
        payload.clusters.reduce((n, c) => n + c.count, 0),
        `zoom ${zoom}`,
      ).toBe(100_000 - 10);
    }
  });

  it("a zoomed-out request for the whole world stays bounded too", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    await manyProposals(consultation, admin.id, 20_000);
    const payload = await proposalsForMap(t.db, consultation, [-90, -180, 90, 180], 22);
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThanOrEqual(100_000);
    expect(payload.clusters.reduce((n, c) => n + c.count, 0)).toBe(20_000);
  });

  it("clusters carry counts; single proposals carry id and title", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    await manyProposals(consultation, admin.id, 800);
    const wide = await proposalsForMap(t.db, consultation, [49.9, 8.9, 50.5, 9.7], 9);
    expect(wide.clusters.some((c) => c.count > 1 && c.id === null && c.title === null)).toBe(true);
    const close = await proposalsForMap(t.db, consultation, [50.0, 9.0, 50.0005, 9.0005], 19);
    expect(close.clusters).toEqual([{ count: 1, id: expect.any(String), title: "Vorschlag 0", lat: 50, lng: 9 }]);
  });

  it("the cell size follows the zoom and grows for oversized boxes", () => {
    expect(cellSize([50, 9, 50.1, 9.1], 12)).toBeCloseTo(360 / 4096 / 4);
    expect(cellSize([50, 9, 50.1, 9.1], 13)).toBeCloseTo(cellSize([50, 9, 50.1, 9.1], 12) / 2);
    expect(cellSize([-90, -180, 90, 180], 20)).toBeGreaterThan(5);
  });
});
