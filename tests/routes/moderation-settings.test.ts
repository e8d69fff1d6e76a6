import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import type { Role } from "~/domain/accounts/accounts.policy";
import { createProposal } from "~/domain/proposals/proposals.server";
import { de } from "~/i18n/de";
import * as settingsPage from "~/routes/verwaltung.$id_.moderation";
import * as adminEdit from "~/routes/verwaltung.$id";

// /verwaltung/:id/moderation (issue 9): an admin switches auto-hide (after N reports) and pre-moderation of a
// consultation; the change and an audit entry are written together, refusals write nothing.

const t = useTestDatabase();
const r = routes(t);

async function signedIn(role: Role = "admin") {
  const user = await createUser(t.db, { role });
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

const path = (id: string) => `/verwaltung/${id}/moderation`;
const load = (id: string, cookie?: string) => r.get(settingsPage.loader, path(id), { params: { id }, cookie });
const save = (id: string, form: Record<string, string>, cookie?: string) =>
  r.post(settingsPage.action, path(id), { params: { id }, form, cookie });
const stored = (id: string) =>
  t.db.selectFrom("consultations").select(["auto_hide_threshold", "premoderated"]).where("id", "=", id).executeTakeFirstOrThrow();

describe("/verwaltung/:id/moderation", () => {
  it("shows an admin the settings, saves them with an audit entry, and /verwaltung/:id shows them with the link", async () => {
    const admin = await signedIn();
    const id = await createConsultation(t.db, admin.user);
    expect(await expectOk(await load(id, admin.cookie))).toEqual({
      consultation: { id, title: expect.any(String) },
      settings: { autoHideThreshold: null, premoderated: false },
    });

    expectRedirect(
      await save(id, { autoHide: "on", autoHideThreshold: " 3 ", premoderated: "on" }, admin.cookie),
      `/verwaltung/${id}/moderation?hinweis=saved`,
    );
    expect(await stored(id)).toEqual({ auto_hide_threshold: 3, premoderated: true });
    const audit = await t.db.selectFrom("audit_log").selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_id: admin.user.id,
      action: "moderation_settings",
      target_type: "consultation",
      target_id: id,
      consultation_id: id,
      reason: "Automatisch ausblenden: aus → nach 3 Meldungen; Beiträge vorab prüfen: aus → an",
    });
    expect((await expectOk(await load(id, admin.cookie))).settings).toEqual({ autoHideThreshold: 3, premoderated: true });
    const overview = await expectOk(await r.get(adminEdit.loader, `/verwaltung/${id}`, { params: { id }, cookie: admin.cookie }));
    expect(overview.moderation).toEqual({ autoHideThreshold: 3, premoderated: true });
    expect(de.moderationSettings.autoHideState(3)).toBe("Automatisch ausblenden: an, nach 3 Meldungen");

    // Saving the same again changes nothing and logs nothing; switching auto-hide off ignores the number field.
    expectRedirect(await save(id, { autoHide: "on", autoHideThreshold: "3", premoderated: "on" }, admin.cookie));
    expect(await countRows(t.db, "audit_log")).toBe(1);
    expectRedirect(await save(id, { autoHide: "off", autoHideThreshold: "egal", premoderated: "on" }, admin.cookie));
    expect(await stored(id)).toEqual({ auto_hide_threshold: null, premoderated: true });
    expect(await countRows(t.db, "audit_log")).toBe(2);
  });

  it("takes effect at once: a resident's new proposal then waits for approval", async () => {
    const admin = await signedIn();
    const resident = await createUser(t.db);
    const id = await createConsultation(t.db, admin.user);
    expectRedirect(await save(id, { autoHide: "off", premoderated: "on" }, admin.cookie));
    const created = await createProposal(t.db, resident, id, {
      title: "Ein Brunnen am Markt",
      body: "Eine Beschreibung.",
      lat: 50.55,
      lng: 9.67,
    });
    if (!created.ok) throw new Error(created.reason);
    const row = await t.db.selectFrom("proposals").select("hidden_kind").where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(row.hidden_kind).toBe("review");
  });

  it("refuses moderators, residents and council with 403 and guests with 401, writing nothing", async () => {
    const admin = await signedIn();
    const id = await createConsultation(t.db, admin.user);
    const form = { autoHide: "on", autoHideThreshold: "3", premoderated: "on" };
    for (const role of ["moderator", "resident", "council"] as const) {
      const { cookie } = await signedIn(role);
      await expectHttpError(await load(id, cookie), 403, "forbidden");
      await expectHttpError(await save(id, form, cookie), 403, "forbidden");
    }
    await expectHttpError(await load(id), 401, "login_required");
    await expectHttpError(await save(id, form), 401, "login_required");
    expect(await stored(id)).toEqual({ auto_hide_threshold: null, premoderated: false });
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("answers invalid settings with 400 and the field's German error, writing nothing", async () => {
    const admin = await signedIn();
    const id = await createConsultation(t.db, admin.user);
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ autoHide: "on", autoHideThreshold: "0", premoderated: "off" }, { autoHideThreshold: "auto_hide_threshold_invalid" }],
      [{ autoHide: "on", autoHideThreshold: "51", premoderated: "off" }, { autoHideThreshold: "auto_hide_threshold_invalid" }],
      [{ autoHide: "on", autoHideThreshold: "3,5", premoderated: "off" }, { autoHideThreshold: "auto_hide_threshold_invalid" }],
      [{ autoHide: "on", autoHideThreshold: "", premoderated: "off" }, { autoHideThreshold: "auto_hide_threshold_invalid" }],
      [{ autoHide: "on", autoHideThreshold: "1e1", premoderated: "off" }, { autoHideThreshold: "auto_hide_threshold_invalid" }],
      [{ autoHide: "vielleicht", premoderated: "on" }, { autoHide: "choice_required" }],
      [{ autoHide: "off" }, { premoderated: "choice_required" }],
    ];
    for (const [form, fieldErrors] of cases) {
      const response = await save(id, form, admin.cookie);
      expect(response.status).toBe(400);
      const body = await bodyOf(response);
      expect(body).toMatchObject({ formError: "form_invalid", fieldErrors });
      for (const code of Object.values(fieldErrors)) expect(de.errors[code]).toEqual(expect.any(String));
    }
    expect(await stored(id)).toEqual({ auto_hide_threshold: null, premoderated: false });
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("answers 404 for a consultation that does not exist", async () => {
    const admin = await signedIn();
    await expectHttpError(await load("999999", admin.cookie), 404, "not_found");
    await expectRefused(await save("999999", { autoHide: "off", premoderated: "on" }, admin.cookie), 404, "not_found");
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });
});
