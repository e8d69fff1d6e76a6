import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, callRoute, expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import * as adminNew from "~/routes/verwaltung.neu";
import * as adminEdit from "~/routes/verwaltung.$id";
import * as preview from "~/routes/verwaltung.vorschau";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as newProposal from "~/routes/beteiligungen.$id.vorschlag";

const t = useTestDatabase();
const r = routes(t);

const form = {
  title: "Erweiterung der Grundschule",
  summary: "Die Grundschule am Lindenpark wird größer. Reden Sie mit!",
  plainSummary: "Die Schule wird größer.\n\n- Es gibt mehr Klassen-Räume.\n- Es gibt eine Mensa.",
  body: "## Worum geht es?\n\nEin **Anbau** mit vier Klassenräumen.",
  opensAt: "2026-03-29T02:30",
  closesAt: "2026-10-25T02:30",
  contactName: "Max Muster",
  contactOffice: "Schulverwaltungsamt",
  contactEmail: "schulen@musterstadt.example",
  contactPhone: "+49 (0)6621 123-789",
  inputUse: "**Wer entscheidet?** Der Schulausschuss, im Herbst.\n\nDas Ergebnis steht dann auf dieser Seite.",
  centerLat: "50,5519",
  centerLng: "9,6759",
  zoom: "14",
};

async function signedIn(role: "admin" | "resident" | "moderator" | "council" = "admin") {
  const user = await createUser(t.db, { role });
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function create(cookie: string, fields: Record<string, string> = form) {
  const location = expectRedirect(
    await r.post(adminNew.action, "/verwaltung/neu", { form: fields, cookie }),
    /^\/verwaltung\/\d+\?hinweis=created$/,
  );
  return /\/verwaltung\/(\d+)/.exec(location)![1];
}

const edit = (id: string, fields: Record<string, string>, cookie: string) =>
  r.post(adminEdit.action, `/verwaltung/${id}`, { params: { id }, form: fields, cookie });
const page = (id: string, cookie?: string) => r.get(consultationPage.loader, `/beteiligungen/${id}`, { params: { id }, cookie });

describe("the consultation editor", () => {
  it("saves plain language, contact and what happens with the input, and the public page shows them", async () => {
    const { cookie } = await signedIn();
    const id = await create(cookie);
    const row = await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      plain_summary: form.plainSummary,
      contact_name: "Max Muster",
      contact_office: "Schulverwaltungsamt",
      contact_email: "schulen@musterstadt.example",
      contact_phone: "+49 (0)6621 123-789",
      input_use_md: form.inputUse,
    });
    // The dates were typed in town time across both daylight-saving changes.
    expect([row.opens_at.toISOString(), row.closes_at.toISOString()]).toEqual(["2026-03-29T01:30:00.000Z", "2026-10-25T00:30:00.000Z"]);
    // The editor shows every field again.
    const editor = await expectOk(await r.get(adminEdit.loader, `/verwaltung/${id}`, { params: { id }, cookie }));
    expect(editor.values).toMatchObject({
      plainSummary: form.plainSummary,
      contactName: "Max Muster",
      contactPhone: "+49 (0)6621 123-789",
      inputUse: form.inputUse,
      opensAt: "2026-03-29T03:30",
    });

    expectRedirect(await edit(id, { intent: "publish" }, cookie));
    const shown = await expectOk(await page(id));
    expect(shown.plainSummaryHtml).toBe(
      "<p>Die Schule wird größer.</p>\n<ul>\n<li>Es gibt mehr Klassen-Räume.</li>\n<li>Es gibt eine Mensa.</li>\n</ul>\n",
    );
    expect(shown.inputUseHtml).toContain("<strong>Wer entscheidet?</strong>");
    expect(shown.consultation).toMatchObject({
      contactName: "Max Muster",
      contactOffice: "Schulverwaltungsamt",
      contactEmail: "schulen@musterstadt.example",
    });
    // Publication alone is not a change.
    expect(shown.history).toEqual({ revisions: [], total: 0, lastChangedAt: null });
  });

  it("the optional fields may stay empty; a bad e-mail or phone number is refused at its field, keeping what was typed", async () => {
    const { cookie } = await signedIn();
    const empty = { ...form, plainSummary: "", contactName: "", contactOffice: "", contactEmail: "", contactPhone: "", inputUse: "" };
    const id = await create(cookie, empty);
    expect(
      await t.db
        .selectFrom("consultations")
        .select(["plain_summary", "contact_email", "input_use_md"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      plain_summary: "",
      contact_email: "",
      input_use_md: "",
    });
    const bad = { ...form, contactEmail: "schulen at musterstadt", contactPhone: "ruf an!", contactName: "x".repeat(121) };
    const body = await expectRefused(await r.post(adminNew.action, "/verwaltung/neu", { form: bad, cookie }), 422, "form_invalid");
    expect(body.fieldErrors).toEqual({
      contactEmail: "contact_email_invalid",
      contactPhone: "contact_phone_invalid",
      contactName: "contact_long",
    });
    expect((body as unknown as { values: Record<string, string> }).values).toMatchObject({
      contactEmail: "schulen at musterstadt",
      plainSummary: form.plainSummary,
    });
    expect(await countRows(t.db, "consultations")).toBe(1);
  });

  it('"Vorschau" without JavaScript renders the markdown on the server, keeps every typed value and saves nothing', async () => {
    const { cookie } = await signedIn();
    const typed = { ...form, intent: "preview", body: "Neu: **fett** und <script>alert(1)</script>", areaSouth: "50,54", title: "x" };
    const created = await expectOk(await r.post(adminNew.action, "/verwaltung/neu", { form: typed, cookie }));
    expect(created.preview.body).toBe("<p>Neu: <strong>fett</strong> und &lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    expect(created.preview.inputUse).toContain("<strong>Wer entscheidet?</strong>");
    expect(created.preview.plainSummary).toContain("<li>Es gibt eine Mensa.</li>");
    // A too short title is not refused in a preview: nothing is being saved yet.
    expect(created.values).toMatchObject({ title: "x", areaSouth: "50,54", contactPhone: form.contactPhone, body: typed.body });
    expect(await countRows(t.db, "consultations")).toBe(0);

    const id = await create(cookie);
    expectRedirect(await edit(id, { intent: "publish" }, cookie));
    const before = await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const audit = await countRows(t.db, "audit_log");
    const previewed = await expectOk(await edit(id, { ...form, intent: "preview", title: "Neuer Titel", body: "# Überschrift" }, cookie));
    expect(previewed.preview.body).toBe("<h1>Überschrift</h1>\n");
    expect(previewed.values.title).toBe("Neuer Titel");
    expect(await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(before);
    expect(await countRows(t.db, "audit_log")).toBe(audit);
    expect(await t.db.selectFrom("consultation_revisions").select("number").where("consultation_id", "=", id).execute()).toEqual([
      { number: 1 },
    ]);
  });

  it("the live preview answers admins only, by POST, with server-rendered HTML", async () => {
    const post = (text: string, cookie?: string) => r.post(preview.action, "/verwaltung/vorschau", { form: { text }, cookie });
    const { cookie } = await signedIn();
    const res = await post("Ein [Link](https://example.org) und <b>kein HTML</b>", cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await bodyOf(res)).toEqual({
      html: '<p>Ein <a href="https://example.org" rel="nofollow ugc noopener">Link</a> und &lt;b&gt;kein HTML&lt;/b&gt;</p>\n',
    });
    expect(await bodyOf(await post("   ", cookie))).toEqual({ html: "" });
    await expectRefused(await post("x".repeat(50_001), cookie), 422, "form_invalid");

    await expectHttpError(await post("**fett**"), 401, "login_required");
    for (const role of ["resident", "moderator", "council"] as const) {
      await expectHttpError(await post("**fett**", (await signedIn(role)).cookie), 403, "forbidden");
    }
    await expectHttpError(await callRoute(t.db, preview.loader, "/verwaltung/vorschau", { cookie }), 405, "method_not_allowed");
  });

  it("an edit after publication is kept as a revision; residents see that and when it changed, and what", async () => {
    const { cookie } = await signedIn();
    const id = await create(cookie);
    expectRedirect(await edit(id, { intent: "publish" }, cookie));
    expectRedirect(
      await edit(id, { ...form, title: "Erweiterung der Grundschule am Lindenpark", inputUse: "Der Rat entscheidet im Oktober." }, cookie),
      `/verwaltung/${id}?hinweis=saved`,
    );
    const resident = await signedIn("resident");
    const shown = await expectOk(await page(id, resident.cookie));
    expect(shown.consultation.title).toBe("Erweiterung der Grundschule am Lindenpark");
    expect(shown.history.total).toBe(1);
    expect(shown.history.revisions).toEqual([{ number: 2, createdAt: expect.any(String), changedFields: ["title", "inputUse"] }]);
    expect(Date.parse(shown.history.lastChangedAt)).toBe(Date.parse(shown.history.revisions[0].createdAt));
    const editor = await expectOk(await r.get(adminEdit.loader, `/verwaltung/${id}`, { params: { id }, cookie }));
    expect(editor.history.total).toBe(1);
  });

  it("a scheduled consultation is shown with its dates, but no one can contribute yet", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await createConsultation(t.db, admin, "scheduled");
    const resident = await signedIn("resident");
    const shown = await expectOk(await page(id, resident.cookie));
    expect(shown.consultation.phase).toBe("scheduled");
    expect(new Date(shown.consultation.opensAt).getTime()).toBeGreaterThan(Date.now());
    expect(shown.consultation.closesAt).toEqual(expect.any(String));
    expect(shown.refusal).toBe("not_open");
    const proposal = { title: "Fahrradständer am Schultor", body: "Am Schultor fehlen Fahrradständer.", lat: "50.5519", lng: "9.6759" };
    await expectRefused(
      await r.post(newProposal.action, `/beteiligungen/${id}/vorschlag`, { params: { id }, form: proposal, cookie: resident.cookie }),
      409,
      "not_open",
    );
    expect(await countRows(t.db, "proposals")).toBe(0);
    // A guest sees it too.
    expect((await expectOk(await page(id))).consultation.id).toBe(id);
  });

  it("only admins reach the editor and its preview; others change nothing", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await createConsultation(t.db, admin, "open");
    for (const role of ["resident", "moderator", "council"] as const) {
      const { cookie } = await signedIn(role);
      await expectHttpError(await edit(id, { ...form, intent: "preview" }, cookie), 403, "forbidden");
      await expectHttpError(await edit(id, form, cookie), 403, "forbidden");
    }
    await expectHttpError(await edit(id, form, ""), 401, "login_required");
    expect(await countRows(t.db, "audit_log")).toBe(0);
    expect(await t.db.selectFrom("consultation_revisions").selectAll().execute()).toEqual([]);
  });
});
