import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { expectHttpError, expectOk, routes } from "../setup/routes";
import * as home from "~/routes/_index";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as consultationMap from "~/routes/beteiligungen.$id.karte";
import * as newProposalPage from "~/routes/beteiligungen.$id.vorschlag";
import * as resultPage from "~/routes/beteiligungen.$id.ergebnis._index";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as notFoundPage from "~/routes/$";

const t = useTestDatabase();
const r = routes(t);

async function admin() {
  return createUser(t.db, { role: "admin" });
}

describe("consultation pages", () => {
  it("a guest reads an open consultation with its proposals", async () => {
    const id = await createConsultation(t.db, await admin(), "open");
    await createProposal(t.db, id, await createUser(t.db), "Mehr Bänke am Marktplatz");
    const data = await expectOk(await r.get(consultationPage.loader, `/beteiligungen/${id}`, { params: { id } }));
    expect(data.consultation).toMatchObject({ id, phase: "open" });
    expect(data.proposals.map((p: { title: string }) => p.title)).toEqual(["Mehr Bänke am Marktplatz"]);
    expect(data.refusal).toBe("login_required");
  });

  it("a draft is not found for guests, residents and council members, but shown to admins", async () => {
    const id = await createConsultation(t.db, await admin(), "draft");
    const path = `/beteiligungen/${id}`;
    await expectHttpError(await r.get(consultationPage.loader, path, { params: { id } }), 404, "not_found");
    for (const role of ["resident", "council"] as const) {
      const cookie = await sessionCookieFor(t.db, await createUser(t.db, { role }));
      await expectHttpError(await r.get(consultationPage.loader, path, { params: { id }, cookie }), 404, "not_found");
    }
    const cookie = await sessionCookieFor(t.db, await admin());
    const data = await expectOk(await r.get(consultationPage.loader, path, { params: { id }, cookie }));
    expect(data.consultation.phase).toBe("draft");
  });

  it("a draft stays hidden on every page that hangs off it", async () => {
    const id = await createConsultation(t.db, await admin(), "draft");
    const proposal = await createProposal(t.db, id, await createUser(t.db));
    const opts = { params: { id } };
    await expectHttpError(await r.get(newProposalPage.loader, `/beteiligungen/${id}/vorschlag`, opts), 404);
    await expectHttpError(await r.get(consultationMap.loader, `/beteiligungen/${id}/karte?bbox=50,9,51,10&zoom=14`, opts), 404);
    await expectHttpError(await r.get(resultPage.loader, `/beteiligungen/${id}/ergebnis`, opts), 404);
    await expectHttpError(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal } }), 404);
  });

  it("the start page lists published consultations only, unless an admin looks", async () => {
    const a = await admin();
    const open = await createConsultation(t.db, a, "open");
    const draft = await createConsultation(t.db, a, "draft");
    const guestView = await expectOk(await r.get(home.loader, "/"));
    expect(guestView.items.map((c: { id: string }) => c.id)).toEqual([open]);
    expect(guestView.total).toBe(1);
    const adminView = await expectOk(await r.get(home.loader, "/", { cookie: await sessionCookieFor(t.db, a) }));
    expect(adminView.items.map((c: { id: string }) => c.id).sort()).toEqual([open, draft].sort());
  });

  it("an odd page number in the query string shows the first page", async () => {
    await createConsultation(t.db, await admin(), "open");
    for (const seite of ["abc", "0", "-2", "1.5", "99999999999"]) {
      const data = await expectOk(await r.get(home.loader, `/?seite=${seite}`));
      expect(data.page).toBe(1);
      expect(data.items).toHaveLength(1);
    }
  });

  it("unknown and malformed ids are a 404, never a database error", async () => {
    const id = await createConsultation(t.db, await admin(), "open");
    for (const bad of ["999999", "abc", "99999999999999999999", "0", "-1", "1.5", `${id} `, "1e3", ""]) {
      const opts = { params: { id: bad } };
      await expectHttpError(await r.get(consultationPage.loader, `/beteiligungen/${encodeURIComponent(bad)}`, opts), 404, "not_found");
      await expectHttpError(await r.get(consultationMap.loader, `/beteiligungen/x/karte?bbox=50,9,51,10&zoom=14`, opts), 404, "not_found");
      await expectHttpError(await r.get(newProposalPage.loader, `/beteiligungen/x/vorschlag`, opts), 404, "not_found");
      await expectHttpError(await r.get(resultPage.loader, `/beteiligungen/x/ergebnis`, opts), 404, "not_found");
    }
  });

  it("unknown URLs answer 404 on GET and POST, and a POST there writes nothing", async () => {
    await expectHttpError(await r.get(notFoundPage.loader, "/gibt/es/nicht", { params: { "*": "gibt/es/nicht" } }), 404, "not_found");
    const cookie = await sessionCookieFor(t.db, await createUser(t.db));
    const res = await r.post(notFoundPage.action, "/gibt/es/nicht", { params: { "*": "gibt/es/nicht" }, cookie, form: { title: "x" } });
    await expectHttpError(res, 404, "not_found");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });
});

describe("map data", () => {
  it("answers the proposals inside the viewport and leaves out hidden ones", async () => {
    const a = await admin();
    const id = await createConsultation(t.db, a, "open");
    const inside = await createProposal(t.db, id, await createUser(t.db), "Im Ausschnitt");
    const hidden = await createProposal(t.db, id, await createUser(t.db), "Ausgeblendet");
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: a.id, hidden_reason: "Beleidigung" })
      .where("id", "=", hidden)
      .execute();
    const far = await createProposal(t.db, id, await createUser(t.db), "Weit weg");
    await t.db.updateTable("proposals").set({ lat: 10, lng: 10 }).where("id", "=", far).execute();
    const data = await expectOk(
      await r.get(consultationMap.loader, `/beteiligungen/${id}/karte?bbox=50,9,51,10&zoom=14`, { params: { id } }),
    );
    expect(data.clusters).toEqual([{ count: 1, id: inside, title: "Im Ausschnitt", lat: 50.55, lng: 9.67 }]);
  });

  it("a malformed viewport is a 400 with an explanation, not a 500", async () => {
    const id = await createConsultation(t.db, await admin(), "open");
    for (const bbox of ["", "abc", "50,9,51", "51,9,50,10", "50,9,51,10,5", "100,9,101,10"]) {
      const res = await r.get(consultationMap.loader, `/beteiligungen/${id}/karte?bbox=${bbox}&zoom=12`, { params: { id } });
      expect(res.status, `bbox=${bbox}`).toBe(400);
    }
    for (const zoom of ["", "x", "-1", "23", "1.5"]) {
      const res = await r.get(consultationMap.loader, `/beteiligungen/${id}/karte?bbox=50,9,51,10&zoom=${zoom}`, { params: { id } });
      expect(res.status, `zoom=${zoom}`).toBe(400);
    }
  });
});
