import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createUser, sessionCookieFor } from "../setup/fixtures";
import { expectOk, routes } from "../setup/routes";
import * as adminEdit from "~/routes/verwaltung.$id";
import { consultationSchema } from "~/domain/consultations/consultations.schema";
import { parseLocalDateTime } from "~/domain/consultations/consultations.time";
import { proposalSchema } from "~/domain/proposals/proposals.schema";
import { decimalNumber, parseForm } from "~/lib/forms";
import { parsePage } from "~/lib/ids";

// Values the fuzz test (routes.fuzz.ts) found getting through the parsing: dates beyond what PostgreSQL or the
// editor can hold, and numbers that JavaScript's Number() reads but nobody types ("0x10", "1e3", "Infinity").

const t = useTestDatabase();
const r = routes(t);

const form = {
  title: "Erweiterung der Grundschule",
  summary: "Die Grundschule am Lindenpark wird größer. Reden Sie mit!",
  body: "## Worum geht es?\n\nEin **Anbau** mit vier Klassenräumen.",
  opensAt: "2026-03-29T10:00",
  closesAt: "2026-10-25T18:00",
  centerLat: "50,5519",
  centerLng: "9.6759",
  zoom: "14",
};

describe("dates", () => {
  it.each([
    ["-271821-04-20T00:00:00Z", "JavaScript's first day (before PostgreSQL's)"],
    ["+275760-09-13T00:00:00Z", "JavaScript's last day (town time would be after it)"],
    ["+010000-01-01T00:00:00Z", "year 10000"],
    ["0099-06-01T10:00", "year 99 (Date.UTC would read 1999)"],
    ["0000-01-01T00:00", "year 0"],
    ["1899-12-31T10:00", "before 1900"],
  ])("%s is no date (%s)", (value) => {
    expect(parseLocalDateTime(value)).toBeNull();
  });

  it("the years 1900 to 9999 are", () => {
    expect(parseLocalDateTime("9999-12-31T10:00")?.toISOString()).toBe("9999-12-31T09:00:00.000Z");
    expect(parseLocalDateTime("1970-01-01T00:00:00Z")?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
  });

  it("an admin's date beyond them is refused at its field, saves nothing, and the editor still opens", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const cookie = await sessionCookieFor(t.db, admin);
    const id = await createConsultation(t.db, admin, "draft");
    const before = await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    for (const [field, value] of [
      ["opensAt", "-271821-04-20T00:00:00Z"],
      ["closesAt", "+275760-09-13T00:00:00Z"],
    ]) {
      const res = await r.post(adminEdit.action, `/verwaltung/${id}`, { params: { id }, cookie, form: { ...form, [field]: value } });
      expect(res.status, field).toBe(422);
      expect((await res.json()).fieldErrors[field], field).toBe("date_invalid");
    }
    const after = await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    await expectOk(await r.get(adminEdit.loader, `/verwaltung/${id}`, { params: { id }, cookie }));
  });
});

describe("decimal numbers as people type them", () => {
  it.each(["0x10", "1e3", "Infinity", "-Infinity", "NaN", "1,2,3", "1.2.3", "--1", "", " ", "½", "١٢"])("%j is no number", (text) => {
    expect(decimalNumber(text)).toBeNaN();
  });

  it.each([
    ["50,55", 50.55],
    ["50.55", 50.55],
    [" -7 ", -7],
    ["+7", 7],
    [".5", 0.5],
    ["5.", 5],
    ["-0", -0],
  ])("%j is %d", (text, value) => {
    expect(decimalNumber(text)).toBe(value);
  });

  it("a consultation's centre, zoom and area corners and a proposal's point refuse hex, exponents and Infinity", () => {
    for (const [field, value] of [
      ["centerLat", "0x10"],
      ["centerLng", "1e1"],
      ["zoom", "0xa"],
    ]) {
      const parsed = parseForm(consultationSchema, { ...form, [field]: value });
      expect(parsed.ok ? null : parsed.fieldErrors[field], field).toBe("number_invalid");
    }
    const corners = parseForm(consultationSchema, { ...form, areaSouth: "0x10", areaWest: "9", areaNorth: "51", areaEast: "10" });
    expect(corners.ok ? null : corners.fieldErrors.areaSouth).toBe("area_rectangle_invalid");
    const proposal = { title: "Ein Vorschlag", body: "Ein Vorschlag mit Text.", lat: "0x10", lng: "9.6" };
    const parsed = parseForm(proposalSchema, proposal);
    expect(parsed.ok ? null : parsed.fieldErrors.lat).toBe("number_invalid");
    expect(parseForm(proposalSchema, { ...proposal, lat: "50,55" }).ok).toBe(true);
  });

  it("a page number is digits", () => {
    expect(parsePage("0x10")).toBe(1);
    expect(parsePage("1e3")).toBe(1);
    expect(parsePage(" 2")).toBe(1);
    expect(parsePage("16")).toBe(16);
  });
});
