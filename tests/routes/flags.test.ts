import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment, addSectionComment } from "~/domain/comments/comments.server";
import { addTextDocument } from "~/domain/documents/documents.server";
import { de } from "~/i18n/de";
import * as report from "~/routes/melden";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as sectionPage from "~/routes/abschnitte.$id";

// The report form /melden (issue 9): what it shows, the redirect with the notice, refusals as German 4xx that write
// nothing, and the "Melden" links that the pages offer by the flags' policy.

const t = useTestDatabase();
const r = routes(t);

async function signedIn(opts: Parameters<typeof createUser>[1] = {}): Promise<{ user: CurrentUser; cookie: string }> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const author = await signedIn();
  const consultation = await createConsultation(t.db, admin);
  const proposal = await createProposal(t.db, consultation, author.user, "Mehr Bänke am Fluss");
  return { admin, author, consultation, proposal };
}

const flags = () =>
  t.db.selectFrom("flags").select(["contribution_type", "contribution_id", "reason", "note"]).orderBy("flags.id").execute();
const mails = async () =>
  (
    await t.db
      .selectFrom("mail_outbox")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
  ).n;

describe("/melden", () => {
  it("shows what is reported and the reasons; sending it stores the report and returns to the item with a notice", async () => {
    const { proposal } = await setting();
    const { cookie } = await signedIn();
    const path = `/melden?typ=vorschlag&id=${proposal}`;
    const page = await expectOk(await r.get(report.loader, path, { cookie }));
    expect(page.item).toMatchObject({ type: "proposal", excerpt: "Mehr Bänke am Fluss", url: `/vorschlaege/${proposal}` });
    expect(page.previous).toBeNull();
    expectRedirect(
      await r.post(report.action, path, { cookie, form: { reason: "spam", note: "Werbung" } }),
      `/vorschlaege/${proposal}?hinweis=flagged`,
    );
    expect(await flags()).toEqual([{ contribution_type: "proposal", contribution_id: proposal, reason: "spam", note: "Werbung" }]);
    expect(await mails()).toBe(1);
    // Again: the form shows the earlier choice, and sending replaces it.
    const again = await expectOk(await r.get(report.loader, path, { cookie }));
    expect(again.previous).toEqual({ reason: "spam", note: "Werbung" });
    expectRedirect(await r.post(report.action, path, { cookie, form: { reason: "illegal" } }));
    expect(await flags()).toEqual([{ contribution_type: "proposal", contribution_id: proposal, reason: "illegal", note: null }]);
    expect(de.flag.sent).toMatch(/^Danke, Ihre Meldung ist eingegangen/);
  });

  it("a comment's report returns to the comment on its page, a section comment's to the section", async () => {
    const { admin, author, consultation, proposal } = await setting();
    const { cookie } = await signedIn();
    const c = await addComment(t.db, author.user, proposal, { body: "Ein Kommentar zum Vorschlag", parentId: null });
    if (!c.ok) throw new Error(c.reason);
    expectRedirect(
      await r.post(report.action, `/melden?typ=kommentar&id=${c.id}`, { cookie, form: { reason: "insult" } }),
      `/vorschlaege/${proposal}?hinweis=flagged#kommentar-${c.id}`,
    );
    const doc = await addTextDocument(t.db, admin, consultation, { title: "Rahmenplan", description: "", body: "# Ziele\nMehr Grün." });
    if (!doc.ok) throw new Error(doc.reason);
    const section = await t.db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    const sc = await addSectionComment(t.db, author.user, section.id, { body: "Zum Abschnitt", parentId: null });
    if (!sc.ok) throw new Error(sc.reason);
    expectRedirect(
      await r.post(report.action, `/melden?typ=kommentar&id=${sc.id}`, { cookie, form: { reason: "off_topic" } }),
      `/abschnitte/${section.id}?hinweis=flagged#kommentar-${sc.id}`,
    );
  });

  it("refuses with German messages and 4xx and writes nothing", async () => {
    const { author, consultation, proposal } = await setting();
    const { cookie } = await signedIn();
    const path = `/melden?typ=vorschlag&id=${proposal}`;
    await expectHttpError(await r.get(report.loader, path), 401, "login_required");
    await expectHttpError(await r.post(report.action, path, { form: { reason: "spam" } }), 401, "login_required");
    await expectHttpError(await r.get(report.loader, `/melden?typ=quatsch&id=${proposal}`, { cookie }), 404, "not_found");
    await expectHttpError(await r.get(report.loader, `/melden?typ=vorschlag&id=abc`, { cookie }), 404, "not_found");
    await expectHttpError(await r.get(report.loader, `/melden?typ=foto&id=${proposal}`, { cookie }), 404, "not_found");
    await expectHttpError(await r.get(report.loader, path, { cookie: author.cookie }), 403, "own_contribution");
    await expectRefused(await r.post(report.action, path, { cookie: author.cookie, form: { reason: "spam" } }), 403, "own_contribution");
    const body = await expectRefused(await r.post(report.action, path, { cookie, form: { reason: "egal" } }), 422, "form_invalid");
    expect(body.fieldErrors).toEqual({ reason: "reason_required" });
    const missing = await expectRefused(await r.post(report.action, path, { cookie, form: {} }), 422, "form_invalid");
    expect(missing.fieldErrors).toEqual({ reason: "reason_required" });
    const long = await expectRefused(
      await r.post(report.action, path, { cookie, form: { reason: "other", note: "x".repeat(1001) } }),
      422,
      "form_invalid",
    );
    expect(long.fieldErrors).toEqual({ note: "text_long" });
    const unverified = await signedIn({ verified: false });
    await expectRefused(await r.post(report.action, path, { cookie: unverified.cookie, form: { reason: "spam" } }), 403, "not_verified");
    await setPhase(t.db, consultation, "closed");
    await expectHttpError(await r.get(report.loader, path, { cookie }), 409, "not_open");
    await expectRefused(await r.post(report.action, path, { cookie, form: { reason: "spam" } }), 409, "not_open");
    expect(await flags()).toEqual([]);
    expect(await mails()).toBe(0);
  });
});

describe("the Melden links", () => {
  it("the proposal page offers them to others (proposal, photo, comments), not to the author or guests", async () => {
    const { admin, author, consultation, proposal } = await setting();
    const c = await addComment(t.db, author.user, proposal, { body: "Ein Kommentar zum Vorschlag", parentId: null });
    if (!c.ok) throw new Error(c.reason);
    const other = await signedIn();
    const page = (cookie?: string) => r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal }, cookie });
    const seen = await expectOk(await page(other.cookie));
    expect(seen.canFlag).toBe(true);
    expect(seen.threads[0].canFlag).toBe(true);
    const own = await expectOk(await page(author.cookie));
    expect(own.canFlag).toBe(false);
    expect(own.threads[0].canFlag).toBe(false);
    const guest = await expectOk(await page());
    expect(guest.canFlag).toBe(false);
    expect(guest.threads[0].canFlag).toBe(false);

    const doc = await addTextDocument(t.db, admin, consultation, { title: "Rahmenplan", description: "", body: "# Ziele\nMehr Grün." });
    if (!doc.ok) throw new Error(doc.reason);
    const section = await t.db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    await addSectionComment(t.db, author.user, section.id, { body: "Zum Abschnitt", parentId: null });
    const sp = await expectOk(
      await r.get(sectionPage.loader, `/abschnitte/${section.id}`, { params: { id: section.id }, cookie: other.cookie }),
    );
    expect(sp.threads[0].canFlag).toBe(true);

    await setPhase(t.db, consultation, "closed");
    const closed = await expectOk(await page(other.cookie));
    expect(closed.canFlag).toBe(false);
    expect(closed.threads[0].canFlag).toBe(false);
  });
});
