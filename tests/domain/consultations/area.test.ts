import { describe, expect, it } from "vitest";
import { areaContains, parseArea, rectangleArea, type Area } from "~/domain/consultations/consultations.area";
import { consultationSchema, readConsultationForm } from "~/domain/consultations/consultations.schema";
import { parseForm } from "~/lib/forms";

// A square 10..11 °E, 50..51 °N with a hole 10.4..10.6 / 50.4..50.6, and a second square 12..13 / 50..51.
const square = (w: number, s: number, e: number, n: number) => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];
const withHole: Area = { type: "Polygon", coordinates: [square(10, 50, 11, 51), square(10.4, 50.4, 10.6, 50.6)] };
const multi: Area = { type: "MultiPolygon", coordinates: [[square(10, 50, 11, 51)], [square(12, 50, 13, 51)]] };

describe("consultation area", () => {
  it("accepts a point inside, refuses one outside and one in a hole", () => {
    expect(areaContains(withHole, 50.2, 10.2)).toBe(true);
    expect(areaContains(withHole, 50.5, 10.5)).toBe(false); // in the hole
    expect(areaContains(withHole, 52, 10.5)).toBe(false);
  });

  it("knows both parts of a multipolygon and the gap between them", () => {
    expect(areaContains(multi, 50.5, 10.5)).toBe(true);
    expect(areaContains(multi, 50.5, 12.5)).toBe(true);
    expect(areaContains(multi, 50.5, 11.5)).toBe(false);
  });

  it("reads lat/lng in GeoJSON's longitude-first order", () => {
    const area = rectangleArea(50, 10, 51, 11);
    expect(areaContains(area, 50.5, 10.5)).toBe(true);
    expect(areaContains(area, 10.5, 50.5)).toBe(false);
  });

  it("without an area every point is allowed", () => {
    expect(areaContains(null, -33.9, 151.2)).toBe(true);
  });

  it("parses geometries, features and one-feature collections", () => {
    const feature = { type: "Feature", properties: {}, geometry: withHole };
    expect(parseArea(JSON.stringify(withHole))).toEqual({ ok: true, area: withHole });
    expect(parseArea(JSON.stringify(feature))).toEqual({ ok: true, area: withHole });
    expect(parseArea(JSON.stringify({ type: "FeatureCollection", features: [{ ...feature, geometry: multi }] }))).toEqual({
      ok: true,
      area: multi,
    });
  });

  it("refuses what is not a closed (multi)polygon with a reason", () => {
    expect(parseArea("{nope")).toEqual({ ok: false, reason: "area_json_invalid" });
    expect(parseArea(JSON.stringify({ type: "Point", coordinates: [10, 50] }))).toEqual({ ok: false, reason: "area_type_invalid" });
    const open = {
      type: "Polygon",
      coordinates: [
        [
          [10, 50],
          [11, 50],
          [11, 51],
          [10, 51],
        ],
      ],
    };
    expect(parseArea(JSON.stringify(open))).toEqual({ ok: false, reason: "area_ring_invalid" });
    const offEarth = { type: "Polygon", coordinates: [square(10, 50, 200, 51)] };
    expect(parseArea(JSON.stringify(offEarth))).toEqual({ ok: false, reason: "area_ring_invalid" });
  });
});

describe("consultation form area", () => {
  const base = {
    title: "Radwege im Norden",
    summary: "Wo fehlen Radwege im Norden?",
    body: "Text",
    opensAt: "2026-12-01T08:00",
    closesAt: "2026-12-31T23:59",
    centerLat: "50,5",
    centerLng: "10,5",
    zoom: "13",
  };

  it("takes pasted GeoJSON before a rectangle, a rectangle otherwise, and none when both are empty", () => {
    const pasted = parseForm(consultationSchema, {
      ...base,
      area: JSON.stringify(multi),
      areaSouth: "1",
      areaWest: "1",
      areaNorth: "2",
      areaEast: "2",
    });
    expect(pasted.ok && pasted.data.area).toEqual(multi);
    const rect = parseForm(consultationSchema, {
      ...base,
      area: "",
      areaSouth: "50,1",
      areaWest: "10,1",
      areaNorth: "50,9",
      areaEast: "10,9",
    });
    expect(rect.ok && rect.data.area).toEqual(rectangleArea(50.1, 10.1, 50.9, 10.9));
    const none = parseForm(consultationSchema, { ...base, area: "", areaSouth: "" });
    expect(none.ok && none.data.area).toBeNull();
  });

  it("names the field of a bad area", () => {
    expect(parseForm(consultationSchema, { ...base, area: "[1,2]" })).toEqual({ ok: false, fieldErrors: { area: "area_type_invalid" } });
    expect(parseForm(consultationSchema, { ...base, areaSouth: "51", areaWest: "10", areaNorth: "50", areaEast: "11" })).toEqual({
      ok: false,
      fieldErrors: { areaSouth: "area_rectangle_invalid" },
    });
    expect(parseForm(consultationSchema, { ...base, areaSouth: "50" })).toEqual({
      ok: false,
      fieldErrors: { areaSouth: "area_rectangle_invalid" },
    });
  });

  it("reads an uploaded GeoJSON file in place of the text field, and refuses one that is too large", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(base)) form.set(k, v);
    form.set("area", "");
    form.set(
      "areaFile",
      new File([JSON.stringify({ type: "Feature", geometry: withHole })], "gebiet.geojson", { type: "application/geo+json" }),
    );
    const parsed = parseForm(consultationSchema, await readConsultationForm(form));
    expect(parsed.ok && parsed.data.area).toEqual(withHole);

    form.set("areaFile", new File(["x".repeat(2_000_100)], "riesig.geojson"));
    expect(parseForm(consultationSchema, await readConsultationForm(form))).toEqual({ ok: false, fieldErrors: { area: "area_too_large" } });
  });
});
