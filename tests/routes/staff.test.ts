import { afterEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import type { Role } from "~/domain/accounts/accounts.policy";
import { toLocalInputValue } from "~/domain/consultations/consultations.time";
import { enqueueMail } from "~/domain/mail/mail.server";
import { env, setEnvForTests } from "~/lib/env.server";
import * as adminIndex from "~/routes/verwaltung._index";
import * as adminNew from "~/routes/verwaltung.neu";
import * as adminEdit from "~/routes/verwaltung.$id";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as moderationIndex from "~/routes/moderation._index";
import * as reportEdit from "~/routes/beteiligungen.$id.ergebnis.bearbeiten";
import * as outbox from "~/routes/postausgang";

const t = useTestDatabase();
const r = routes(t);
const DAY = 24 * 3600 * 1000;

async function cookieOf(role: Role) {
  return sessionCookieFor(t.db, await createUser(t.db, { role }));
}

function consultationForm(overrides: Record<string, string> = {}) {
  return {
    title: "Neugestaltung des Marktplatzes",
    summary: "Wie soll der Marktplatz künftig aussehen?",
    body: "Die Stadt plant den Umbau des Marktplatzes.",
    opensAt: toLocalInputValue(new Date(Date.now() - DAY)),
    closesAt: toLocalInputValue(new Date(Date.now() + 20 * DAY)),
    centerLat: "50,5519",
    centerLng: "9.6759",
    zoom: "14",
    ...overrides,
  };
}

describe("administration pages are for admins only", () => {
  const pages = async () => {
    const id = await createConsultation(t.db, await createUser(t.db, { role: "admin" }), "draft");
    return [
      { name: "verwaltung._index", loader: adminIndex.loader, path: "/verwaltung", params: {} },
      { name: "verwaltung.neu", loader: adminNew.loader, path: "/verwaltung/neu", params: {} },
      { name: "verwaltung.$id", loader: adminEdit.loader, path: `/verwaltung/${id}`, params: { id } },
    ];
  };

  it("guests get 401", async () => {
    for (const page of await pages()) {
      await expectHttpError(await r.get(page.loader, page.path, { params: page.params }), 401, "login_required");
    }
  });

  it("residents, moderators and council members get 403", async () => {
    for (const role of ["resident", "moderator", "council"] as const) {
      const cookie = await cookieOf(role);
      for (const page of await pages()) {
        const res = await r.get(page.loader, page.path, { params: page.params, cookie });
        expect(res.status, `${role} on ${page.name}`).toBe(403);
        await expectHttpError(res, 403, "forbidden");
      }
    }
  });

  it("admins get 200", async () => {
    const cookie = await cookieOf("admin");
    for (const page of await pages()) {
      const res = await r.get(page.loader, page.path, { params: page.params, cookie });
      expect(res.status, page.name).toBe(200);
    }
  });

  it("the edit page answers 404 for unknown and malformed ids", async () => {
    const cookie = await cookieOf("admin");
    for (const id of ["999999", "abc", "99999999999999999999"]) {
      await expectHttpError(await r.get(adminEdit.loader, "/verwaltung/x", { params: { id }, cookie }), 404, "not_found");
    }
  });
});

describe("creating and publishing a consultation", () => {
  it("an admin creates a draft: redirect to its page, audit entry, invisible to guests until published", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const cookie = await sessionCookieFor(t.db, admin);
    const location = expectRedirect(
      await r.post(adminNew.action, "/verwaltung/neu", { form: consultationForm(), cookie }),
      /^\/verwaltung\/\d+\?hinweis=created$/,
    );
    const id = /\/verwaltung\/(\d+)/.exec(location)![1];
    const row = await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: "Neugestaltung des Marktplatzes", published_at: null, center_lat: 50.5519, created_by: admin.id });
    expect(await t.db.selectFrom("audit_log").select(["actor_id", "action", "target_type", "target_id"]).execute()).toEqual([
      { actor_id: admin.id, action: "create", target_type: "consultation", target_id: id },
    ]);

    const page = `/beteiligungen/${id}`;
    await expectHttpError(await r.get(consultationPage.loader, page, { params: { id } }), 404, "not_found");
    await expectHttpError(
      await r.get(consultationPage.loader, page, { params: { id }, cookie: await cookieOf("resident") }),
      404,
      "not_found",
    );
    expect((await expectOk(await r.get(consultationPage.loader, page, { params: { id }, cookie }))).consultation.phase).toBe("draft");

    expectRedirect(
      await r.post(adminEdit.action, `/verwaltung/${id}`, { params: { id }, form: { intent: "publish" }, cookie }),
      `/beteiligungen/${id}?hinweis=published`,
    );
    const published = await expectOk(await r.get(consultationPage.loader, page, { params: { id } }));
    expect(published.consultation).toMatchObject({ id, phase: "open" });
    expect(await t.db.selectFrom("audit_log").select("action").orderBy("id").execute()).toEqual([
      { action: "create" },
      { action: "publish" },
    ]);

    await expectRefused(
      await r.post(adminEdit.action, `/verwaltung/${id}`, { params: { id }, form: { intent: "publish" }, cookie }),
      409,
      "already_published",
    );
    expect(await countRows(t.db, "audit_log")).toBe(2);
  });

  it("invalid input is a 422 per field and writes nothing", async () => {
    const cookie = await cookieOf("admin");
    const form = consultationForm({
      title: "Kurz",
      closesAt: toLocalInputValue(new Date(Date.now() - 2 * DAY)),
      centerLat: "Norden",
      zoom: "30",
    });
    const body = await expectRefused(await r.post(adminNew.action, "/verwaltung/neu", { form, cookie }), 422, "form_invalid");
    expect(body.fieldErrors).toMatchObject({ title: "title_short", centerLat: "number_invalid", zoom: "zoom_invalid" });
    const dates = await expectRefused(
      await r.post(adminNew.action, "/verwaltung/neu", {
        form: consultationForm({ closesAt: toLocalInputValue(new Date(Date.now() - 2 * DAY)) }),
        cookie,
      }),
      422,
      "form_invalid",
    );
    expect(dates.fieldErrors).toEqual({ closesAt: "closes_before_opens" });
    const badDate = await expectRefused(
      await r.post(adminNew.action, "/verwaltung/neu", { form: consultationForm({ opensAt: "morgen früh" }), cookie }),
      422,
      "form_invalid",
    );
    expect(badDate.fieldErrors).toEqual({ opensAt: "date_invalid" });
    expect([await countRows(t.db, "consultations"), await countRows(t.db, "audit_log")]).toEqual([0, 0]);
  });

  it("non-admins cannot create, edit or publish: 401/403 and nothing is written", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const draft = await createConsultation(t.db, admin, "draft");
    await expectHttpError(await r.post(adminNew.action, "/verwaltung/neu", { form: consultationForm() }), 401, "login_required");
    for (const role of ["resident", "moderator", "council"] as const) {
      const cookie = await cookieOf(role);
      await expectHttpError(await r.post(adminNew.action, "/verwaltung/neu", { form: consultationForm(), cookie }), 403, "forbidden");
      await expectHttpError(
        await r.post(adminEdit.action, `/verwaltung/${draft}`, { params: { id: draft }, form: { intent: "publish" }, cookie }),
        403,
        "forbidden",
      );
      await expectHttpError(
        await r.post(adminEdit.action, `/verwaltung/${draft}`, {
          params: { id: draft },
          form: consultationForm({ title: "Übernommen vom Rat" }),
          cookie,
        }),
        403,
        "forbidden",
      );
    }
    expect(await countRows(t.db, "consultations")).toBe(1);
    expect(await t.db.selectFrom("consultations").select(["title", "published_at"]).executeTakeFirst()).toMatchObject({
      published_at: null,
    });
    expect((await t.db.selectFrom("consultations").select("title").executeTakeFirstOrThrow()).title).not.toBe("Übernommen vom Rat");
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("an admin edits a consultation; editing an unknown one is a 404", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const cookie = await sessionCookieFor(t.db, admin);
    const id = await createConsultation(t.db, admin, "open");
    expectRedirect(
      await r.post(adminEdit.action, `/verwaltung/${id}`, {
        params: { id },
        form: consultationForm({ title: "Ein neuer, besserer Titel" }),
        cookie,
      }),
      `/verwaltung/${id}?hinweis=saved`,
    );
    expect((await t.db.selectFrom("consultations").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).toBe(
      "Ein neuer, besserer Titel",
    );
    await expectRefused(
      await r.post(adminEdit.action, "/verwaltung/999999", { params: { id: "999999" }, form: consultationForm(), cookie }),
      404,
      "not_found",
    );
    await expectHttpError(
      await r.post(adminEdit.action, "/verwaltung/abc", { params: { id: "abc" }, form: consultationForm(), cookie }),
      404,
      "not_found",
    );
  });
});

describe("the moderation log", () => {
  it("is for moderators and admins only", async () => {
    await expectHttpError(await r.get(moderationIndex.loader, "/moderation"), 401, "login_required");
    for (const role of ["resident", "council"] as const) {
      await expectHttpError(await r.get(moderationIndex.loader, "/moderation", { cookie: await cookieOf(role) }), 403, "forbidden");
    }
    for (const role of ["moderator", "admin"] as const) {
      const data = await expectOk(await r.get(moderationIndex.loader, "/moderation", { cookie: await cookieOf(role) }));
      expect(data).toMatchObject({ rows: [], total: 0, page: 1 });
    }
  });
});

describe("writing the result report", () => {
  const summary = "Es kamen viele gute Vorschläge zusammen, vor allem zum Radverkehr.";

  it("only moderators and admins may open the editor", async () => {
    const id = await createConsultation(t.db, await createUser(t.db, { role: "admin" }), "closed");
    const path = `/beteiligungen/${id}/ergebnis/bearbeiten`;
    await expectHttpError(await r.get(reportEdit.loader, path, { params: { id } }), 401, "login_required");
    for (const role of ["resident", "council"] as const) {
      await expectHttpError(await r.get(reportEdit.loader, path, { params: { id }, cookie: await cookieOf(role) }), 403, "forbidden");
    }
    for (const role of ["moderator", "admin"] as const) {
      await expectOk(await r.get(reportEdit.loader, path, { params: { id }, cookie: await cookieOf(role) }));
    }
  });

  it("while the consultation is open the report cannot be written: 409 not_closed, nothing stored", async () => {
    const id = await createConsultation(t.db, await createUser(t.db, { role: "admin" }), "open");
    const path = `/beteiligungen/${id}/ergebnis/bearbeiten`;
    const cookie = await cookieOf("moderator");
    await expectHttpError(await r.get(reportEdit.loader, path, { params: { id }, cookie }), 409, "not_closed");
    await expectRefused(
      await r.post(reportEdit.action, path, { params: { id }, form: { summary, intent: "publish" }, cookie }),
      409,
      "not_closed",
    );
    expect(await countRows(t.db, "result_reports")).toBe(0);
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("a resident or council member cannot write it: 403, nothing stored", async () => {
    const id = await createConsultation(t.db, await createUser(t.db, { role: "admin" }), "closed");
    const path = `/beteiligungen/${id}/ergebnis/bearbeiten`;
    for (const role of ["resident", "council"] as const) {
      await expectHttpError(
        await r.post(reportEdit.action, path, { params: { id }, form: { summary, intent: "publish" }, cookie: await cookieOf(role) }),
        403,
        "forbidden",
      );
    }
    expect(await countRows(t.db, "result_reports")).toBe(0);
  });

  it("a moderator saves a draft, then publishes it; publishing twice is a 409", async () => {
    const id = await createConsultation(t.db, await createUser(t.db, { role: "admin" }), "open");
    await setPhase(t.db, id, "closed");
    const path = `/beteiligungen/${id}/ergebnis/bearbeiten`;
    const moderator = await createUser(t.db, { role: "moderator" });
    const cookie = await sessionCookieFor(t.db, moderator);

    const short = await expectRefused(
      await r.post(reportEdit.action, path, { params: { id }, form: { summary: "Zu kurz", intent: "save" }, cookie }),
      422,
      "form_invalid",
    );
    expect(short.fieldErrors).toEqual({ summary: "summary_short" });
    expect(await countRows(t.db, "result_reports")).toBe(0);

    expectRedirect(
      await r.post(reportEdit.action, path, { params: { id }, form: { summary, intent: "save" }, cookie }),
      `/beteiligungen/${id}/ergebnis?hinweis=saved`,
    );
    expect(await t.db.selectFrom("result_reports").select(["summary_md", "published_at", "author_id"]).execute()).toEqual([
      { summary_md: summary, published_at: null, author_id: moderator.id },
    ]);
    expect(await countRows(t.db, "audit_log")).toBe(0);

    expectRedirect(
      await r.post(reportEdit.action, path, { params: { id }, form: { summary, intent: "publish" }, cookie }),
      `/beteiligungen/${id}/ergebnis?hinweis=report_published`,
    );
    const report = await t.db.selectFrom("result_reports").select(["id", "published_at", "figures"]).executeTakeFirstOrThrow();
    expect(report.published_at).not.toBeNull();
    expect(report.figures).toMatchObject({ proposals: 0, votes: 0 });
    expect(await t.db.selectFrom("audit_log").select(["actor_id", "action", "target_type", "target_id"]).execute()).toEqual([
      { actor_id: moderator.id, action: "publish", target_type: "result_report", target_id: report.id },
    ]);

    await expectRefused(
      await r.post(reportEdit.action, path, { params: { id }, form: { summary: summary + " Nachtrag.", intent: "save" }, cookie }),
      409,
      "already_published",
    );
    expect((await t.db.selectFrom("result_reports").select("summary_md").executeTakeFirstOrThrow()).summary_md).toBe(summary);
  });

  it("unknown and malformed consultation ids are a 404", async () => {
    const cookie = await cookieOf("moderator");
    for (const id of ["999999", "abc", "99999999999999999999"]) {
      await expectHttpError(await r.get(reportEdit.loader, "/x", { params: { id }, cookie }), 404, "not_found");
      const res = await r.post(reportEdit.action, "/x", { params: { id }, form: { summary, intent: "save" }, cookie });
      expect(res.status, id).toBe(404);
    }
    expect(await countRows(t.db, "result_reports")).toBe(0);
  });
});

describe("the outbox page", () => {
  const original = env();
  afterEach(() => setEnvForTests(original));

  async function withMail() {
    await enqueueMail(t.db, { to: "erika@example.org", subject: "Bitte bestätigen", body: "Link: …" });
  }

  it("is readable by everyone in development and tests, when no SMTP server is configured", async () => {
    expect(env().NODE_ENV).toBe("test");
    await withMail();
    const data = await expectOk(await r.get(outbox.loader, "/postausgang"));
    expect(data.total).toBe(1);
    expect(data.items).toHaveLength(1);
  });

  it("in production it is a 404 for guests and residents, and readable by admins", async () => {
    setEnvForTests({ ...original, NODE_ENV: "production" });
    await withMail();
    await expectHttpError(await r.get(outbox.loader, "/postausgang"), 404, "not_found");
    await expectHttpError(await r.get(outbox.loader, "/postausgang", { cookie: await cookieOf("resident") }), 404, "not_found");
    await expectHttpError(await r.get(outbox.loader, "/postausgang", { cookie: await cookieOf("moderator") }), 404, "not_found");
    expect((await expectOk(await r.get(outbox.loader, "/postausgang", { cookie: await cookieOf("admin") }))).total).toBe(1);
  });

  it("with SMTP configured it is not shown at all", async () => {
    setEnvForTests({ ...original, SMTP_URL: "smtp://mail.example.org:25" });
    await withMail();
    await expectHttpError(await r.get(outbox.loader, "/postausgang"), 404, "not_found");
    await expectHttpError(await r.get(outbox.loader, "/postausgang", { cookie: await cookieOf("admin") }), 404, "not_found");
  });
});
