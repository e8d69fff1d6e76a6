import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectRedirect, expectRefused, routes } from "../setup/routes";
import * as answerRoute from "~/routes/vorschlaege.$id.stellungnahme";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as exportRoute from "~/routes/beteiligungen.$id.export[.]geojson";
import * as mapRoute from "~/routes/beteiligungen.$id.karte";

const t = useTestDatabase();
const r = routes(t);

async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const resident = await createUser(t.db);
  const proposal = await createProposal(t.db, consultation, resident, "Radweg an der Schule");
  const other = await createProposal(t.db, consultation, resident, "Bank am Markt");
  return { admin, adminCookie: await sessionCookieFor(t.db, admin), consultation, resident, proposal, other };
}

const answer = (proposal: string, form: Record<string, string>, cookie?: string) =>
  r.post(answerRoute.action, `/vorschlaege/${proposal}/stellungnahme`, { params: { id: proposal }, form, cookie });

const valid = { status: "accepted", body: "Wir bauen den Radweg im nächsten Jahr." };

describe("the administration's answer (Stellungnahme)", () => {
  it("an admin's answer is published on the proposal page and gives the proposal its status, logged", async () => {
    const s = await setting();
    expectRedirect(await answer(s.proposal, valid, s.adminCookie), new RegExp(`^/vorschlaege/${s.proposal}\\?hinweis=saved`));
    const row = await t.db.selectFrom("proposals").select("status").where("id", "=", s.proposal).executeTakeFirstOrThrow();
    expect(row.status).toBe("accepted");
    const page = await bodyOf(await r.get(proposalPage.loader, `/vorschlaege/${s.proposal}`, { params: { id: s.proposal } }));
    expect(page.answer).toMatchObject({ status: "accepted", authorName: s.admin.displayName });
    expect(page.answer.html).toContain("Radweg im nächsten Jahr");
    expect(page.canAnswer).toBe(false);
    const audit = await t.db.selectFrom("audit_log").selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "answer", target_type: "proposal", target_id: s.proposal, reason: "accepted" });
  });

  it("a second answer replaces the first (one per proposal) and is logged as a change", async () => {
    const s = await setting();
    await answer(s.proposal, { status: "under_review", body: "Wir prüfen das noch genau." }, s.adminCookie);
    await answer(s.proposal, valid, s.adminCookie);
    expect(await countRows(t.db, "proposal_answers")).toBe(1);
    const actions = await t.db.selectFrom("audit_log").select("action").orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["answer", "answer_change"]);
  });

  it("is also possible after the consultation has closed", async () => {
    const s = await setting();
    await setPhase(t.db, s.consultation, "closed");
    expectRedirect(await answer(s.proposal, valid, s.adminCookie), /hinweis=saved/);
  });

  it("moderators answer too (DESIGN §1)", async () => {
    const s = await setting();
    const moderator = await sessionCookieFor(t.db, await createUser(t.db, { role: "moderator" }));
    expectRedirect(await answer(s.proposal, valid, moderator), /hinweis=saved/);
  });

  it("residents and council members cannot answer, nor open the form; nothing is written", async () => {
    const s = await setting();
    const council = await createUser(t.db, { role: "council" });
    for (const user of [s.resident, council]) {
      const cookie = await sessionCookieFor(t.db, user);
      await expectHttpError(await answer(s.proposal, valid, cookie), 403, "forbidden");
      await expectHttpError(
        await r.get(answerRoute.loader, `/vorschlaege/${s.proposal}/stellungnahme`, { params: { id: s.proposal }, cookie }),
        403,
        "forbidden",
      );
    }
    expect(await countRows(t.db, "proposal_answers")).toBe(0);
    expect((await t.db.selectFrom("proposals").select("status").where("id", "=", s.proposal).executeTakeFirstOrThrow()).status).toBe(
      "submitted",
    );
  });

  it("refuses an unknown status or a missing text with the message at the field", async () => {
    const s = await setting();
    const bad = await expectRefused(
      await answer(s.proposal, { status: "submitted", body: valid.body }, s.adminCookie),
      422,
      "form_invalid",
    );
    expect(bad.fieldErrors.status).toBe("status_invalid");
    const short = await expectRefused(await answer(s.proposal, { status: "accepted", body: "kurz" }, s.adminCookie), 422, "form_invalid");
    expect(short.fieldErrors.body).toBe("text_short");
    expect(await countRows(t.db, "proposal_answers")).toBe(0);
  });

  it("an unknown proposal is a 404", async () => {
    const s = await setting();
    await expectHttpError(await answer("999999", valid, s.adminCookie), 404);
  });
});

describe("filtering by status", () => {
  it("the list, the map and the export show the same proposals for ?status=", async () => {
    const s = await setting();
    await answer(s.proposal, valid, s.adminCookie);
    const list = await bodyOf(
      await r.get(consultationPage.loader, `/beteiligungen/${s.consultation}?status=angenommen`, { params: { id: s.consultation } }),
    );
    expect(list.proposals.map((p: { id: string }) => p.id)).toEqual([s.proposal]);
    const open = await bodyOf(
      await r.get(consultationPage.loader, `/beteiligungen/${s.consultation}?status=eingegangen`, { params: { id: s.consultation } }),
    );
    expect(open.proposals.map((p: { id: string }) => p.id)).toEqual([s.other]);
    const all = await bodyOf(
      await r.get(consultationPage.loader, `/beteiligungen/${s.consultation}?status=unsinn`, { params: { id: s.consultation } }),
    );
    expect(all.proposals).toHaveLength(2);

    const map = await bodyOf(
      await r.get(mapRoute.loader, `/beteiligungen/${s.consultation}/karte?bbox=-90,-180,90,180&zoom=18&status=angenommen`, {
        params: { id: s.consultation },
      }),
    );
    expect(map.clusters.map((c: { id: string }) => c.id)).toEqual([s.proposal]);
    const geojson = await bodyOf(
      await r.get(exportRoute.loader, `/beteiligungen/${s.consultation}/export.geojson?status=angenommen`, {
        params: { id: s.consultation },
      }),
    );
    expect(geojson.features.map((f: { properties: { id: string; status: string } }) => [f.properties.id, f.properties.status])).toEqual([
      [s.proposal, "accepted"],
    ]);
  });
});
