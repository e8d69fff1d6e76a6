import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createUser, sessionCookieFor } from "../setup/fixtures";
import { expectHttpError, expectOk, expectRedirect, routes } from "../setup/routes";
import type { Role } from "~/domain/accounts/accounts.policy";
import * as page from "~/routes/netiquette";
import * as editor from "~/routes/verwaltung.netiquette";

const t = useTestDatabase();
const r = routes(t);

async function cookieOf(role: Role) {
  return sessionCookieFor(t.db, await createUser(t.db, { role }));
}

const written = async () => ({
  rules: (await t.db.selectFrom("house_rules").select("id").execute()).length,
  audit: (await t.db.selectFrom("audit_log").select("id").execute()).length,
});

describe("/netiquette", () => {
  it("shows the built-in rules to a guest before anyone wrote them, each rule with its anchor", async () => {
    const data = await expectOk(await r.get(page.loader, "/netiquette"));
    for (const n of [1, 2, 3, 4, 5, 6]) expect(data.html).toContain(`<li id="regel-${n}">`);
    expect(data.rules.map((rule: { number: number }) => rule.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data).toMatchObject({ updatedAt: null, consultation: null, canEdit: false });
  });

  it("with ?beteiligung shows the consultation's additions; an unknown, invalid or hidden one is a 404", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await createConsultation(t.db, admin, "open");
    const adminCookie = await sessionCookieFor(t.db, admin);
    const form = { intent: "save", body: "- Bitte den Straßenabschnitt nennen." };
    expectRedirect(
      await r.post(editor.action, `/verwaltung/netiquette?beteiligung=${id}`, { form, cookie: adminCookie }),
      `/netiquette?beteiligung=${id}&hinweis=saved`,
    );
    const data = await expectOk(await r.get(page.loader, `/netiquette?beteiligung=${id}`));
    expect(data.consultation).toMatchObject({ id, additionsHtml: expect.stringContaining("Bitte den Straßenabschnitt nennen.") });
    expect(data.html).toContain('id="regel-1"');
    const draft = await createConsultation(t.db, admin, "draft");
    await expectHttpError(await r.get(page.loader, `/netiquette?beteiligung=${draft}`), 404, "not_found");
    await expectHttpError(await r.get(page.loader, "/netiquette?beteiligung=abc"), 404, "not_found");
    await expectHttpError(await r.get(page.loader, "/netiquette?beteiligung=987654"), 404, "not_found");
  });
});

describe("/verwaltung/netiquette", () => {
  it("an admin saves the platform's rules: the page shows them, numbered, and the audit log has the entry", async () => {
    const cookie = await cookieOf("admin");
    const editing = await expectOk(await r.get(editor.loader, "/verwaltung/netiquette", { cookie }));
    expect(editing.isDefault).toBe(true);
    const body = "Unsere Regeln:\n\n1. Freundlich sein.\n2. Beim Thema bleiben.";
    expectRedirect(
      await r.post(editor.action, "/verwaltung/netiquette", { form: { intent: "save", body }, cookie }),
      "/netiquette?hinweis=saved",
    );
    const data = await expectOk(await r.get(page.loader, "/netiquette"));
    expect(data.rules).toEqual([
      { number: 1, text: "Freundlich sein." },
      { number: 2, text: "Beim Thema bleiben." },
    ]);
    expect(data.html).toContain('<li id="regel-2">Beim Thema bleiben.</li>');
    expect(data.updatedAt).not.toBeNull();
    const audit = await t.db.selectFrom("audit_log").select(["action", "target_type"]).execute();
    expect(audit).toEqual([{ action: "edit", target_type: "house_rules" }]);
  });

  it("the preview renders the text as the page will and saves nothing", async () => {
    const cookie = await cookieOf("admin");
    const response = await r.post(editor.action, "/verwaltung/netiquette", {
      form: { intent: "preview", body: "1. Eins\n2. Zwei" },
      cookie,
    });
    const data = await expectOk(response);
    expect(data.preview).toContain('<li id="regel-2">Zwei</li>');
    expect(await written()).toEqual({ rules: 0, audit: 0 });
  });

  it("moderators, council members and residents are refused with 403, guests with 401, and nothing is written", async () => {
    const form = { intent: "save", body: "1. Eine Regel." };
    for (const role of ["moderator", "council", "resident"] as const) {
      const cookie = await cookieOf(role);
      await expectHttpError(await r.post(editor.action, "/verwaltung/netiquette", { form, cookie }), 403, "forbidden");
      await expectHttpError(await r.get(editor.loader, "/verwaltung/netiquette", { cookie }), 403, "forbidden");
    }
    await expectHttpError(await r.post(editor.action, "/verwaltung/netiquette", { form }), 401);
    expect(await written()).toEqual({ rules: 0, audit: 0 });
  });

  it("text without a numbered rule, too long a text or no text is refused with 422 and a German message, nothing written", async () => {
    const cookie = await cookieOf("admin");
    const cases: [Record<string, string>, string][] = [
      [{ intent: "save", body: "Nur ein Absatz ohne Regeln." }, "house_rules_no_rule"],
      [{ intent: "save", body: `1. Regel\n\n${"x".repeat(20_001)}` }, "house_rules_long"],
      [{ intent: "save", body: "   " }, "required"],
      [{ intent: "save" }, "required"],
    ];
    for (const [form, code] of cases) {
      const response = await r.post(editor.action, "/verwaltung/netiquette", { form, cookie });
      expect(response.status).toBe(422);
      const body = await response.json();
      expect(body).toMatchObject({ formError: "form_invalid", fieldErrors: { body: code } });
    }
    const tooLong = await r.post(editor.action, "/verwaltung/netiquette?beteiligung=1", { form: { body: "y".repeat(20_001) }, cookie });
    expect(tooLong.status).toBe(422);
    expect(await written()).toEqual({ rules: 0, audit: 0 });
  });

  it("a consultation that does not exist is a 404 in the editor", async () => {
    const cookie = await cookieOf("admin");
    await expectHttpError(await r.get(editor.loader, "/verwaltung/netiquette?beteiligung=987654", { cookie }), 404, "not_found");
    await expectHttpError(await r.get(editor.loader, "/verwaltung/netiquette?beteiligung=x", { cookie }), 404, "not_found");
    const response = await r.post(editor.action, "/verwaltung/netiquette?beteiligung=987654", { form: { body: "- Zusatz" }, cookie });
    expect(response.status).toBe(404);
    expect(await written()).toEqual({ rules: 0, audit: 0 });
  });
});
