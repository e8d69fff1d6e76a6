import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal as insertProposal, createUser } from "../../setup/fixtures";
import { routes } from "../../setup/routes";
import { createProposal, updateProposal } from "~/domain/proposals/proposals.server";
import { rectangleArea } from "~/domain/consultations/consultations.area";
import { sessionCookieFor } from "../../setup/fixtures";
import * as newProposalRoute from "~/routes/beteiligungen.$id.vorschlag";

const t = useTestDatabase();
const r = routes(t);

// The fixture consultation is centred at 50.55 / 9.67; its area here is the rectangle 50.5..50.6 / 9.6..9.7.
async function consultationWithArea() {
  const admin = await createUser(t.db, { role: "admin" });
  const id = await createConsultation(t.db, admin, "open");
  await t.db
    .updateTable("consultations")
    .set({ area: JSON.stringify(rectangleArea(50.5, 9.6, 50.6, 9.7)) })
    .where("id", "=", id)
    .execute();
  return id;
}

const body = "Eine Beschreibung mit genug Zeichen.";

describe("proposals and the consultation's area", () => {
  it("accepts a point inside and refuses one outside, writing nothing", async () => {
    const consultation = await consultationWithArea();
    const resident = await createUser(t.db);
    expect(await createProposal(t.db, resident, consultation, { title: "Drinnen", body, lat: 50.55, lng: 9.65 })).toMatchObject({
      ok: true,
    });
    expect(await createProposal(t.db, resident, consultation, { title: "Draußen", body, lat: 50.7, lng: 9.65 })).toEqual({
      ok: false,
      reason: "outside_area",
    });
    expect(await countRows(t.db, "proposals")).toBe(1);
  });

  it("refuses moving one's proposal out of the area and keeps the old point", async () => {
    const consultation = await consultationWithArea();
    const resident = await createUser(t.db);
    const id = await insertProposal(t.db, consultation, resident);
    expect(await updateProposal(t.db, resident, id, { title: "Verschoben", body, lat: 48.1, lng: 11.5 })).toEqual({
      ok: false,
      reason: "outside_area",
    });
    const stored = await t.db.selectFrom("proposals").select(["lat", "lng", "title"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ lat: 50.55, lng: 9.67, title: "Ein guter Vorschlag" });
  });

  it("the form answers 422 with the message at the coordinates", async () => {
    const consultation = await consultationWithArea();
    const cookie = await sessionCookieFor(t.db, await createUser(t.db));
    const response = await r.post(newProposalRoute.action, `/beteiligungen/${consultation}/vorschlag`, {
      params: { id: consultation },
      cookie,
      form: { title: "Weit weg", body, lat: "52,52", lng: "13,40" },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ formError: "outside_area", fieldErrors: { lat: "outside_area" } });
    expect(await countRows(t.db, "proposals")).toBe(0);
  });
});
