import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectOk, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import * as similarRoute from "~/routes/beteiligungen.$id.aehnliche";
import * as previewRoute from "~/routes/vorschlaege.$id.vorschau";

// The two small JSON resources the pages load with JavaScript: similar proposals while a title is typed, and a
// proposal's preview when its map popup opens. Both keep the visibility rules of the pages.

const t = useTestDatabase();
const r = routes(t);

async function signedIn(opts: Parameters<typeof createUser>[1] = {}): Promise<{ user: CurrentUser; cookie: string }> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function consultation(phase: "open" | "draft" = "open") {
  return createConsultation(t.db, await createUser(t.db, { role: "admin" }), phase);
}

async function proposal(consultationId: string, title: string, body = "Beschreibung des Vorschlags") {
  const id = await createProposal(t.db, consultationId, await createUser(t.db), title);
  await t.db.updateTable("proposals").set({ body_md: body }).where("id", "=", id).execute();
  return id;
}

async function hide(id: string, reason = "Verstößt gegen die Regeln") {
  const moderator = await createUser(t.db, { role: "moderator" });
  await t.db
    .updateTable("proposals")
    .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: moderator.id, hidden_reason: reason })
    .where("id", "=", id)
    .execute();
}

function similar(consultationId: string, titel: string, cookie?: string) {
  return r.get(similarRoute.loader, `/beteiligungen/${consultationId}/aehnliche?titel=${encodeURIComponent(titel)}`, {
    params: { id: consultationId },
    cookie,
  });
}

async function similarIds(consultationId: string, titel: string, cookie?: string): Promise<string[]> {
  const body = await expectOk<{ items: { id: string }[] }>(await similar(consultationId, titel, cookie));
  return body.items.map((i) => i.id);
}

function preview(id: string, cookie?: string) {
  return r.get(previewRoute.loader, `/vorschlaege/${id}/vorschau`, { params: { id }, cookie });
}

describe("similar proposals while typing a title", () => {
  it("finds proposals of the same consultation by the words of the title, also half-typed ones, best match first", async () => {
    const c = await consultation();
    const both = await proposal(c, "Fahrradständer am Bahnhof");
    const station = await proposal(c, "Neue Bänke am Bahnhof");
    await proposal(c, "Blumenwiese am Kreisel");
    const byText = await proposal(c, "Mehr Abstellplätze", "Am Bahnhof fehlen überdachte Fahrradständer.");

    const res = await similar(c, "Fahrradständer Bahnhof");
    expect(res.headers.get("Cache-Control")).toMatch(/private/);
    const found = await similarIds(c, "Fahrradständer Bahnhof");
    expect(found[0]).toBe(both);
    expect(new Set(found)).toEqual(new Set([both, station, byText]));
    // The last word is often half typed.
    expect(await similarIds(c, "Fahrradstä")).toEqual(expect.arrayContaining([both, byText]));
    const body = await bodyOf(res);
    expect(body.items[0]).toEqual({
      id: both,
      title: "Fahrradständer am Bahnhof",
      categoryName: null,
      categoryColor: null,
      url: `/vorschlaege/${both}`,
    });
  });

  it("never returns proposals of another consultation or hidden ones", async () => {
    const c = await consultation();
    const other = await consultation();
    const mine = await proposal(c, "Trinkbrunnen am Marktplatz");
    const hidden = await proposal(c, "Trinkbrunnen im Stadtpark");
    await hide(hidden);
    const elsewhere = await proposal(other, "Trinkbrunnen am Marktplatz");
    const moderator = await signedIn({ role: "moderator" });
    for (const cookie of [undefined, moderator.cookie]) {
      expect(await similarIds(c, "Trinkbrunnen Marktplatz Stadtpark", cookie)).toEqual([mine]);
    }
    expect(await similarIds(other, "Trinkbrunnen")).toEqual([elsewhere]);
  });

  it("returns at most five", async () => {
    const c = await consultation();
    for (let i = 0; i < 8; i++) await proposal(c, `Radweg Nummer ${i + 1}`);
    expect(await similarIds(c, "Radweg")).toHaveLength(5);
  });

  it("short input, stop words only and odd characters give an empty list or matches, never an error", async () => {
    const c = await consultation();
    const id = await proposal(c, "Sichere Radspur in der Bahnhofstraße");
    for (const text of ["", "  ", "Ra", "ab "]) expect(await similarIds(c, text)).toEqual([]);
    for (const text of ["der die das", "!!!", "&|!():*'\\ <-> \"", "' or 1=1 --", "🚲🚲🚲", "x".repeat(5000)]) {
      const res = await similar(c, text);
      expect(res.status, text).toBe(200);
      expect((await bodyOf(res)).items, text).toEqual([]);
    }
    expect(await similarIds(c, "radspur!? (bahnhofstraße) & 'sicher'")).toEqual([id]);
  });

  it("respects the consultation's visibility: a draft is a 404 except for admins; unknown ids are a 404", async () => {
    const draft = await consultation("draft");
    const id = await proposal(draft, "Spielplatz im Entwurf");
    await expectHttpError(await similar(draft, "Spielplatz"), 404, "not_found");
    await expectHttpError(await similar(draft, "Spielplatz", (await signedIn()).cookie), 404, "not_found");
    expect(await similarIds(draft, "Spielplatz", (await signedIn({ role: "admin" })).cookie)).toEqual([id]);
    for (const bad of ["999999", "abc", "0"]) {
      await expectHttpError(
        await r.get(similarRoute.loader, `/beteiligungen/${bad}/aehnliche?titel=Spielplatz`, { params: { id: bad } }),
        404,
        "not_found",
      );
    }
  });
});

describe("a proposal's preview for its map popup", () => {
  it("gives title, category with colour, counts, status, a plain-text excerpt of at most 200 characters and the link", async () => {
    const c = await consultation();
    const category = await t.db
      .insertInto("categories")
      .values({ consultation_id: c, name: "Radwege", color: "#1f6f8b" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const body = `## Worum es geht\n\nAm **Bahnhof** fehlen [Fahrradständer](https://example.org). ${"Noch mehr Text. ".repeat(30)}`;
    const id = await proposal(c, "Fahrradständer am Bahnhof", body);
    await t.db.updateTable("proposals").set({ category_id: category.id, status: "under_review" }).where("id", "=", id).execute();
    const voters = await Promise.all([createUser(t.db), createUser(t.db), createUser(t.db)]);
    await t.db
      .insertInto("votes")
      .values(voters.map((v, i) => ({ proposal_id: id, user_id: v.id, value: i < 2 ? 1 : -1 })))
      .execute();
    await t.db.insertInto("comments").values({ proposal_id: id, author_id: voters[0].id, body_md: "Gute Idee" }).execute();

    const res = await preview(id);
    expect(res.headers.get("Cache-Control")).toMatch(/private/);
    const data = await expectOk(res);
    expect(data).toEqual({
      id,
      url: `/vorschlaege/${id}`,
      placeholder: false,
      title: "Fahrradständer am Bahnhof",
      category: { name: "Radwege", color: "#1f6f8b" },
      status: "under_review",
      votesFor: 2,
      votesAgainst: 1,
      net: 1,
      commentCount: 1,
      excerpt: expect.any(String),
      hidden: false,
    });
    expect(data.excerpt.length).toBeLessThanOrEqual(200);
    expect(data.excerpt).toMatch(/^Worum es geht Am Bahnhof fehlen Fahrradständer\. Noch mehr Text\./);
    expect(data.excerpt).toMatch(/…$/);
    expect(data.excerpt).not.toMatch(/[#*[\]]|https?:/);
  });

  it("a hidden proposal is only its placeholder for the public (no title, no text); moderators see it marked hidden", async () => {
    const c = await consultation();
    const id = await proposal(c, "Geheimer Titel", "Geheimer Text");
    await hide(id, "Beleidigung einer Person");
    for (const cookie of [undefined, (await signedIn()).cookie]) {
      const data = await expectOk(await preview(id, cookie));
      expect(data).toEqual({ id, url: `/vorschlaege/${id}`, placeholder: true, hiddenReason: "Beleidigung einer Person" });
      expect(JSON.stringify(data)).not.toMatch(/Geheim/);
    }
    const staff = await expectOk(await preview(id, (await signedIn({ role: "moderator" })).cookie));
    expect(staff).toMatchObject({ placeholder: false, title: "Geheimer Titel", hidden: true });
  });

  it("a draft consultation's proposal is a 404 for guests and residents, visible to admins; bad ids are a 404", async () => {
    const draft = await consultation("draft");
    const id = await proposal(draft, "Vorschlag im Entwurf");
    await expectHttpError(await preview(id), 404, "not_found");
    await expectHttpError(await preview(id, (await signedIn()).cookie), 404, "not_found");
    await expectHttpError(await preview(id, (await signedIn({ role: "moderator" })).cookie), 404, "not_found");
    expect(await expectOk(await preview(id, (await signedIn({ role: "admin" })).cookie))).toMatchObject({ title: "Vorschlag im Entwurf" });
    for (const bad of ["999999", "abc", "-1", "1e3", "99999999999999999999"]) await expectHttpError(await preview(bad), 404, "not_found");
  });
});
