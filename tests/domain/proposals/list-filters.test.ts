import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createUser } from "../../setup/fixtures";
import { addCategory, listCategories, loadConsultation } from "~/domain/consultations/consultations.server";
import { createProposal, exportGeojson, listProposals, proposalsForMap } from "~/domain/proposals/proposals.server";
import { castVote } from "~/domain/votes/votes.server";
import { parseProposalQuery } from "~/domain/proposals/proposals.query";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";

const t = useTestDatabase();
const body = "Eine Beschreibung mit genug Zeichen.";

async function setUp() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  await addCategory(t.db, admin, consultation, { name: "Radwege", color: "#1f6f8b" });
  await addCategory(t.db, admin, consultation, { name: "Grün", color: "#2e7d32" });
  const [rad, gruen] = await listCategories(t.db, consultation).then((cs) => [
    cs.find((c) => c.name === "Radwege")!.id,
    cs.find((c) => c.name === "Grün")!.id,
  ]);
  const author = await createUser(t.db);
  const add = async (title: string, categoryId: string | null, text = body) => {
    const r = await createProposal(t.db, author, consultation, { title, body: text, lat: 50.55, lng: 9.67, categoryId });
    if (!r.ok) throw new Error(r.reason);
    return r.id;
  };
  return { admin, consultation, rad, gruen, add };
}

async function vote(users: CurrentUser[], proposal: string, values: (1 | -1)[]) {
  for (const [i, value] of values.entries()) await castVote(t.db, users[i], proposal, value);
}

describe("proposal list: filters, search and sorting", () => {
  it("filters by category, in the list and on the map alike", async () => {
    const { consultation, rad, gruen, add } = await setUp();
    const a = await add("Radweg an der Brücke", rad);
    await add("Bäume am Markt", gruen);
    await add("Ohne Kategorie", null);
    const c = (await loadConsultation(t.db, consultation))!;
    const list = await listProposals(t.db, null, c, 1, { sort: "newest", categoryId: rad });
    expect(list.items.map((p) => p.id)).toEqual([a]);
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ categoryName: "Radwege", categoryColor: "#1f6f8b" });
    const map = await proposalsForMap(t.db, consultation, [50, 9, 51, 10], 18, { categoryId: rad });
    expect(map.clusters).toEqual([expect.objectContaining({ id: a, category: "Radwege", color: "#1f6f8b" })]);
  });

  it("German full-text search finds inflected forms (Radwege finds Radweg) on both databases", async () => {
    const { consultation, add } = await setUp();
    const radweg = await add("Neuer Radweg zur Schule", null);
    await add("Mehr Bänke im Park", null, "Sitzen im Schatten der Bäume wäre schön.");
    const c = (await loadConsultation(t.db, consultation))!;
    const found = await listProposals(t.db, null, c, 1, { sort: "newest", search: "Radwege" });
    expect(found.items.map((p) => p.id)).toEqual([radweg]);
    const none = await listProposals(t.db, null, c, 1, { sort: "newest", search: "Schwimmbad" });
    expect(none.total).toBe(0);
  });

  it("sorts by net support, by discussion and by controversy", async () => {
    const { consultation, add } = await setUp();
    const voters = await Promise.all(Array.from({ length: 6 }, () => createUser(t.db)));
    const loved = await add("Beliebt", null);
    const split = await add("Umstritten", null);
    const quiet = await add("Leise", null);
    await vote(voters, loved, [1, 1, 1, 1]);
    await vote(voters, split, [1, 1, 1, -1, -1, -1]);
    const c = (await loadConsultation(t.db, consultation))!;
    const ids = async (sort: "newest" | "supported" | "controversial" | "discussed") =>
      (await listProposals(t.db, null, c, 1, { sort })).items.map((p) => p.id);
    // Ties (net 0) fall back to newest first.
    expect(await ids("supported")).toEqual([loved, quiet, split]);
    expect((await ids("controversial"))[0]).toBe(split);
    expect(await ids("newest")).toEqual([quiet, split, loved]);
  });

  it("reads the filters from the URL and ignores what does not fit", () => {
    expect(parseProposalQuery(new URLSearchParams("kategorie=3&status=in-pruefung&suche=%20Radweg%20&sortierung=umstritten"))).toEqual({
      categoryId: "3",
      status: "under_review",
      search: "Radweg",
      sort: "controversial",
    });
    expect(parseProposalQuery(new URLSearchParams("kategorie=x&status=submitted&sortierung=beste"))).toEqual({
      categoryId: null,
      status: null,
      search: null,
      sort: "newest",
    });
  });

  it("refuses a category of another consultation, writing nothing", async () => {
    const { admin, add } = await setUp();
    const other = await createConsultation(t.db, admin, "open");
    await addCategory(t.db, admin, other, { name: "Fremd", color: "#000000" });
    const foreign = (await listCategories(t.db, other))[0].id;
    await expect(add("Falsche Kategorie", foreign)).rejects.toThrow("category_invalid");
  });

  it("only admins manage categories; names are unique per consultation", async () => {
    const { admin, consultation } = await setUp();
    const moderator = await createUser(t.db, { role: "moderator" });
    expect(await addCategory(t.db, moderator, consultation, { name: "Neu", color: "#123456" })).toEqual({ ok: false, reason: "forbidden" });
    expect(await addCategory(t.db, admin, consultation, { name: "Radwege", color: "#123456" })).toEqual({
      ok: false,
      reason: "category_exists",
    });
    expect((await listCategories(t.db, consultation)).map((c) => c.name)).toEqual(["Grün", "Radwege"]);
  });

  it("exports the visible proposals as GeoJSON points with the licence named", async () => {
    const { admin, consultation, rad, add } = await setUp();
    const shown = await add("Radweg an der Brücke", rad);
    const hidden = await add("Ausgeblendet", null);
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: admin.id, hidden_reason: "Test" })
      .where("id", "=", hidden)
      .execute();
    const c = (await loadConsultation(t.db, consultation))!;
    const geojson = await exportGeojson(t.db, c, {}, "https://beteiligung.example.de");
    expect(geojson.type).toBe("FeatureCollection");
    expect(geojson.license.id).toBe("dl-de/by-2-0");
    expect(geojson.features).toEqual([
      {
        type: "Feature",
        geometry: { type: "Point", coordinates: [9.67, 50.55] },
        properties: expect.objectContaining({
          id: shown,
          title: "Radweg an der Brücke",
          category: "Radwege",
          net_votes: 0,
          link: `https://beteiligung.example.de/vorschlaege/${shown}`,
        }),
      },
    ]);
  });
});
