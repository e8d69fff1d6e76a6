import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createProposal, createUser } from "../../setup/fixtures";
import { loadConsultation } from "~/domain/consultations/consultations.server";
import { exportGeojson, proposalsForMap, roundCoordinate } from "~/domain/proposals/proposals.server";

// Issue 8, item 8: coordinates leave the app with six decimals (about 10 cm, RFC 7946 section 11.2), in the GeoJSON
// export and in the map's answers alike, through one function; the database keeps what was sent.

const t = useTestDatabase();

/** The number of decimals a number has when written as JSON. */
const decimals = (n: number) => (JSON.stringify(n).split(".")[1] ?? "").length;

describe("coordinates with six decimals", () => {
  it("rounds to the nearest millionth of a degree and never writes more than six decimals", () => {
    expect(roundCoordinate(9.69664698805809)).toBe(9.696647);
    expect(roundCoordinate(50.55249455990791)).toBe(50.552495);
    expect(roundCoordinate(-73.98765432)).toBe(-73.987654);
    expect(roundCoordinate(180)).toBe(180);
    expect(roundCoordinate(-90)).toBe(-90);
    for (let i = 0; i < 2000; i++) {
      const value = ((i * 7919.123456789) % 360) - 180 + i / 3e7;
      const rounded = roundCoordinate(value);
      expect(decimals(rounded), String(value)).toBeLessThanOrEqual(6);
      expect(Math.abs(rounded - value)).toBeLessThanOrEqual(5e-7 + 1e-12);
    }
  });

  it("the GeoJSON export and the map's points and clusters give six decimals; the stored point stays exact", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    const alone = await createProposal(t.db, consultation, admin, "Bank am Brunnen");
    const pair = [await createProposal(t.db, consultation, admin, "Baum"), await createProposal(t.db, consultation, admin, "Laterne")];
    const place = (id: string, lat: number, lng: number) => t.db.updateTable("proposals").set({ lat, lng }).where("id", "=", id).execute();
    await place(alone, 50.55249455990791, 9.69664698805809);
    await place(pair[0], 50.51111111111111, 9.61111111111111);
    await place(pair[1], 50.51111122222222, 9.61111122222222);

    const geojson = await exportGeojson(t.db, (await loadConsultation(t.db, consultation))!, {}, "http://localhost:3000");
    const points = new Map(geojson.features.map((f) => [f.properties.id, f.geometry?.coordinates]));
    expect(points.get(alone)).toEqual([9.696647, 50.552495]);
    expect(points.get(pair[0])).toEqual([9.611111, 50.511111]);
    expect(points.get(pair[1])).toEqual([9.611111, 50.511111]);

    // Zoomed in, each proposal is its own point; zoomed out, the two near ones are one cluster at their mean.
    const near = await proposalsForMap(t.db, consultation, [50.5, 9.6, 50.56, 9.7], 19);
    const single = near.clusters.find((c) => c.id === alone);
    expect(single).toMatchObject({ count: 1, lat: 50.552495, lng: 9.696647 });
    const far = await proposalsForMap(t.db, consultation, [50.4, 9.5, 50.6, 9.8], 12);
    const cluster = far.clusters.find((c) => c.count === 2);
    expect(cluster).toMatchObject({ lat: 50.511111, lng: 9.611111 });
    for (const c of [...near.clusters, ...far.clusters]) {
      expect(decimals(c.lat)).toBeLessThanOrEqual(6);
      expect(decimals(c.lng)).toBeLessThanOrEqual(6);
    }

    const stored = await t.db.selectFrom("proposals").select(["lat", "lng"]).where("id", "=", alone).executeTakeFirstOrThrow();
    expect(stored).toEqual({ lat: 50.55249455990791, lng: 9.69664698805809 });
  });
});
