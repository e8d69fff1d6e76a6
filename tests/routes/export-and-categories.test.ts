import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { routes } from "../setup/routes";
import * as exportRoute from "~/routes/beteiligungen.$id.export[.]geojson";
import * as adminEdit from "~/routes/verwaltung.$id";
import * as consultationPage from "~/routes/beteiligungen.$id._index";

const t = useTestDatabase();
const r = routes(t);

describe("GeoJSON export route", () => {
  it("downloads the proposals as application/geo+json with a file name", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await createConsultation(t.db, admin, "open");
    await createProposal(t.db, id, admin, "Ein Vorschlag zum Export");
    const res = await r.get(exportRoute.loader, `/beteiligungen/${id}/export.geojson`, { params: { id } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/geo+json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="beteiligung-${id}-vorschlaege.geojson"`);
    const data = await res.json();
    expect(data.features).toHaveLength(1);
    expect(data.license.name).toContain("Datenlizenz Deutschland");
  });

  it("a draft consultation's export is a 404 for guests", async () => {
    const id = await createConsultation(t.db, await createUser(t.db, { role: "admin" }), "draft");
    const res = await r.get(exportRoute.loader, `/beteiligungen/${id}/export.geojson`, { params: { id } });
    expect(res.status).toBe(404);
  });
});

describe("categories in the admin page", () => {
  it("an admin adds and removes a category; the consultation page offers it as a filter", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const cookie = await sessionCookieFor(t.db, admin);
    const id = await createConsultation(t.db, admin, "open");
    const added = await r.post(adminEdit.action, `/verwaltung/${id}`, {
      params: { id },
      cookie,
      form: { intent: "add-category", name: "Radwege", color: "#1f6f8b" },
    });
    expect(added.status).toBe(302);
    const page = await (await r.get(consultationPage.loader, `/beteiligungen/${id}`, { params: { id } })).json();
    expect(page.categories).toEqual([{ id: expect.any(String), name: "Radwege", color: "#1f6f8b" }]);

    const twice = await r.post(adminEdit.action, `/verwaltung/${id}`, {
      params: { id },
      cookie,
      form: { intent: "add-category", name: "Radwege", color: "#000000" },
    });
    expect(twice.status).toBe(422);
    expect(await twice.json()).toMatchObject({ formError: "category_exists", fieldErrors: { name: "category_exists" } });

    const badColour = await r.post(adminEdit.action, `/verwaltung/${id}`, {
      params: { id },
      cookie,
      form: { intent: "add-category", name: "Grün", color: "grün" },
    });
    expect(badColour.status).toBe(422);
    expect(await badColour.json()).toMatchObject({ fieldErrors: { color: "color_invalid" } });

    const removed = await r.post(adminEdit.action, `/verwaltung/${id}`, {
      params: { id },
      cookie,
      form: { intent: "remove-category", categoryId: page.categories[0].id },
    });
    expect(removed.status).toBe(302);
    expect((await (await r.get(consultationPage.loader, `/beteiligungen/${id}`, { params: { id } })).json()).categories).toEqual([]);
  });

  it("a moderator cannot add categories (403) and nothing is written", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await createConsultation(t.db, admin, "open");
    const cookie = await sessionCookieFor(t.db, await createUser(t.db, { role: "moderator" }));
    const res = await r.post(adminEdit.action, `/verwaltung/${id}`, {
      params: { id },
      cookie,
      form: { intent: "add-category", name: "Radwege", color: "#1f6f8b" },
    });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom("categories").select("id").execute()).toEqual([]);
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });
});
