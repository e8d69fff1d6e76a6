import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { expectHttpError, expectOk, expectRedirect, routes } from "../setup/routes";
import type { Role } from "~/domain/accounts/accounts.policy";
import * as resultPage from "~/routes/beteiligungen.$id.ergebnis._index";
import * as reportEdit from "~/routes/beteiligungen.$id.ergebnis.bearbeiten";
import * as resultList from "~/routes/ergebnisse._index";
import * as proposalPage from "~/routes/vorschlaege.$id._index";

const t = useTestDatabase();
const r = routes(t);

const summary = "Die Beteiligung brachte **viele** Vorschläge zum Radverkehr. <script>alert(1)</script>";

async function cookieOf(role: Role) {
  return sessionCookieFor(t.db, await createUser(t.db, { role }));
}

/** A closed consultation with one proposal and two votes, and a report written through the editor. */
async function consultationWithReport(state: "published" | "draft" | "none") {
  const admin = await createUser(t.db, { role: "admin" });
  const id = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, id, await createUser(t.db), "Radweg entlang der Fulda");
  for (const value of ["1", "1"]) {
    const cookie = await cookieOf("resident");
    expectRedirect(
      await r.post(proposalPage.action, `/vorschlaege/${proposal}`, { params: { id: proposal }, form: { intent: "vote", value }, cookie }),
    );
  }
  await setPhase(t.db, id, "closed");
  if (state !== "none") {
    const cookie = await cookieOf("moderator");
    const form = { summary, intent: state === "published" ? "publish" : "save" };
    expectRedirect(await r.post(reportEdit.action, `/beteiligungen/${id}/ergebnis/bearbeiten`, { params: { id }, form, cookie }));
  }
  return { id, proposal };
}

function readReport(id: string, cookie?: string) {
  return r.get(resultPage.loader, `/beteiligungen/${id}/ergebnis`, { params: { id }, cookie });
}

describe("result reports", () => {
  it("a published report is readable by a guest, with its figures and safe HTML", async () => {
    const { id, proposal } = await consultationWithReport("published");
    const data = await expectOk(await readReport(id));
    expect(data.report.summaryHtml).toContain("<strong>viele</strong>");
    expect(data.report.summaryHtml).not.toContain("<script");
    expect(data.report.publishedAt).not.toBeNull();
    expect(data.figures).toMatchObject({ proposals: 1, votes: 2, votesFor: 2, votesAgainst: 0 });
    expect(data.figures.topProposals[0]).toMatchObject({ id: proposal, votesFor: 2 });
    expect(data.canWrite).toBe(false);
    const list = await expectOk(await r.get(resultList.loader, "/ergebnisse"));
    expect(list.total).toBe(1);
  });

  it("a report in preparation is a 404 for guests and residents, and readable by council and moderators", async () => {
    const { id } = await consultationWithReport("draft");
    await expectHttpError(await readReport(id), 404, "not_found");
    await expectHttpError(await readReport(id, await cookieOf("resident")), 404, "not_found");
    for (const role of ["council", "moderator", "admin"] as const) {
      const data = await expectOk(await readReport(id, await cookieOf(role)));
      expect(data.report.publishedAt, role).toBeNull();
      expect(data.report.summaryHtml).toContain("<strong>viele</strong>");
    }
  });

  it("the list of reports shows one in preparation only to council and staff", async () => {
    await consultationWithReport("draft");
    expect((await expectOk(await r.get(resultList.loader, "/ergebnisse"))).total).toBe(0);
    expect((await expectOk(await r.get(resultList.loader, "/ergebnisse", { cookie: await cookieOf("resident") }))).total).toBe(0);
    expect((await expectOk(await r.get(resultList.loader, "/ergebnisse", { cookie: await cookieOf("council") }))).total).toBe(1);
  });

  it("without any report the page is a 404 for the public; council sees the live figures", async () => {
    const { id } = await consultationWithReport("none");
    await expectHttpError(await readReport(id), 404, "not_found");
    const data = await expectOk(await readReport(id, await cookieOf("council")));
    expect(data.report).toBeNull();
    expect(data.figures).toMatchObject({ proposals: 1, votes: 2 });
  });

  it("published figures are frozen: later changes do not alter what the council read", async () => {
    const { id, proposal } = await consultationWithReport("published");
    await t.db.deleteFrom("votes").where("proposal_id", "=", proposal).execute();
    const data = await expectOk(await readReport(id));
    expect(data.figures).toMatchObject({ votes: 2, votesFor: 2 });
  });

  it("a draft consultation's results are not found, even for council", async () => {
    const id = await createConsultation(t.db, await createUser(t.db, { role: "admin" }), "draft");
    await expectHttpError(await readReport(id), 404, "not_found");
    await expectHttpError(await readReport(id, await cookieOf("council")), 404, "not_found");
  });

  it("unknown and malformed ids are a 404", async () => {
    const cookie = await cookieOf("council");
    for (const id of ["999999", "abc", "99999999999999999999", "-1"]) {
      await expectHttpError(await readReport(id), 404, "not_found");
      await expectHttpError(await readReport(id, cookie), 404, "not_found");
    }
  });
});
