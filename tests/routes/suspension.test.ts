import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, FIXTURE_PASSWORD, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addTextDocument } from "~/domain/documents/documents.server";
import { addDays, townDay } from "~/domain/accounts/suspension.schema";
import { withSuspension } from "~/i18n";
import { de } from "~/i18n/de";
import * as root from "~/root";
import * as accounts from "~/routes/verwaltung.konten._index";
import * as account from "~/routes/verwaltung.konten.$id";
import * as admin from "~/routes/verwaltung._index";
import * as accountPage from "~/routes/konto";
import * as loginPage from "~/routes/anmelden";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as newProposal from "~/routes/beteiligungen.$id.vorschlag";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as editProposal from "~/routes/vorschlaege.$id.bearbeiten";
import * as editComment from "~/routes/kommentare.$id.bearbeiten";
import * as sectionPage from "~/routes/abschnitte.$id";
import * as report from "~/routes/melden";

// Suspension by admins through the pages (issue 9): the admin's list and account page, the forms' answers (redirect,
// 400 for invalid input, 403 for who may not, nothing written), and what a suspended resident's session can still do
// (sign in, read, "Mein Konto") and what it cannot (every kind of contribution: 403 with the German message).

const t = useTestDatabase();
const r = routes(t);
const reason = "Beleidigungen in mehreren Kommentaren";
/** A last day 100 days ahead (town time), as the date field sends it, and as German text shows it. */
const lastDay = () => addDays(townDay(new Date()), 100);
const germanDay = (day: string) => day.split("-").reverse().join(".");

async function signedIn(opts: Parameters<typeof createUser>[1] = {}): Promise<{ user: CurrentUser; cookie: string }> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

const suspend = (id: string, form: Record<string, string>, cookie?: string) =>
  r.post(account.action, `/verwaltung/konten/${id}`, { params: { id }, form: { intent: "suspend", ...form }, cookie });
const lift = (id: string, form: Record<string, string>, cookie?: string) =>
  r.post(account.action, `/verwaltung/konten/${id}`, { params: { id }, form: { intent: "lift", ...form }, cookie });

const userRow = (id: string) =>
  t.db.selectFrom("users").select(["suspended_until", "suspension_reason"]).where("id", "=", id).executeTakeFirstOrThrow();
const mails = () => t.db.selectFrom("mail_outbox").select(["to_address", "subject", "body_text"]).orderBy("id").execute();
/** The audit entries about accounts (the setting's document has its own). */
const audit = () =>
  t.db
    .selectFrom("audit_log")
    .select(["actor_id", "action", "target_type", "target_id", "subject_id", "reason"])
    .where("target_type", "=", "user")
    .orderBy("id")
    .execute();

/** Nothing a suspension writes: no suspended account, no audit entry about an account, no mail. */
async function expectNothingWritten() {
  expect(await t.db.selectFrom("users").select("id").where("suspended_until", "is not", null).execute()).toEqual([]);
  expect(await audit()).toEqual([]);
  expect(await countRows(t.db, "mail_outbox")).toBe(0);
}

async function setting() {
  const adminUser = await signedIn({ role: "admin", name: "Ada Admin" });
  // The resident's session is opened before the suspension: it keeps working.
  const resident = await signedIn({ name: "Rita Rüpel" });
  const consultation = await createConsultation(t.db, adminUser.user);
  const own = await createProposal(t.db, consultation, resident.user, "Ritas eigener Vorschlag");
  const other = await createProposal(t.db, consultation, adminUser.user, "Ein anderer Vorschlag");
  const comment = await t.db
    .insertInto("comments")
    .values({ proposal_id: other, author_id: resident.user.id, body_md: "Ritas Kommentar" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const doc = await addTextDocument(t.db, adminUser.user, consultation, {
    title: "Rahmenplan",
    description: "",
    body: "# Ziele\nMehr Grün.",
  });
  if (!doc.ok) throw new Error(doc.reason);
  const section = await t.db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
  return { admin: adminUser, resident, consultation, own, other, comment: comment.id, section: section.id };
}

describe("an admin suspends a resident", () => {
  it("the form suspends: the account, an audit entry and a mail; the account page shows it", async () => {
    const s = await setting();
    expectRedirect(
      await suspend(s.resident.user.id, { duration: "7", reason }, s.admin.cookie),
      `/verwaltung/konten/${s.resident.user.id}?hinweis=suspended`,
    );
    const row = await userRow(s.resident.user.id);
    expect(row.suspension_reason).toBe(reason);
    // Through the seventh day from today, in town time: more than 7 and at most 8 days from now.
    const days = (row.suspended_until!.getTime() - Date.now()) / (24 * 3600 * 1000);
    expect(days).toBeGreaterThan(7);
    expect(days).toBeLessThanOrEqual(8);
    expect(await audit()).toEqual([
      {
        actor_id: s.admin.user.id,
        action: "suspend",
        target_type: "user",
        target_id: s.resident.user.id,
        subject_id: s.resident.user.id,
        reason,
      },
    ]);
    const [mail] = await mails();
    expect(mail).toMatchObject({ to_address: s.resident.user.email, subject: "Ihr Konto ist gesperrt / Your account is suspended" });
    expect(mail.body_text).toContain(`Grund: ${reason}`);

    const page = await expectOk(
      await r.get(account.loader, `/verwaltung/konten/${s.resident.user.id}`, {
        params: { id: s.resident.user.id },
        cookie: s.admin.cookie,
      }),
    );
    expect(page.account).toMatchObject({ displayName: "Rita Rüpel", suspension: { until: row.suspended_until!.toISOString(), reason } });
    expect(page.suspensionRefusal).toBeNull();
    expect(page.history).toMatchObject([{ action: "suspend", actorName: "Ada Admin", reason }]);
  });

  it("the suspended resident still signs in and reads; every kind of contribution is refused with 403 and the German message", async () => {
    const s = await setting();
    const day = lastDay();
    expectRedirect(await suspend(s.resident.user.id, { duration: "date", until: day, reason }, s.admin.cookie));
    const cookie = s.resident.cookie;
    const before = {
      proposals: await countRows(t.db, "proposals"),
      comments: await countRows(t.db, "comments"),
      votes: await countRows(t.db, "votes"),
    };

    // The old session works, for reading; the layout's user carries the suspension, so the pages name it.
    const layout = await expectOk(await r.get(root.loader, "/", { cookie }));
    expect(layout.user).toMatchObject({ id: s.resident.user.id, suspensionReason: reason });
    expect(withSuspension(de, layout.user).errors.suspended).toBe(`Ihr Konto ist bis ${germanDay(day)} gesperrt. Grund: ${reason}`);
    await expectOk(await r.get(consultationPage.loader, `/beteiligungen/${s.consultation}`, { params: { id: s.consultation }, cookie }));
    const proposal = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${s.other}`, { params: { id: s.other }, cookie }));
    expect(proposal.commentRefusal).toBe("suspended");
    const mine = await expectOk(await r.get(accountPage.loader, "/konto", { cookie }));
    expect(mine.suspension).toEqual({ until: layout.user.suspendedUntil, reason });
    const form = await expectOk(
      await r.get(newProposal.loader, `/beteiligungen/${s.consultation}/vorschlag`, { params: { id: s.consultation }, cookie }),
    );
    expect(form.refusal).toBe("suspended");
    // A new sign-in works too.
    const login = await r.post(loginPage.action, "/anmelden", { form: { email: s.resident.user.email, password: FIXTURE_PASSWORD } });
    expectRedirect(login);
    expect(login.headers.get("Set-Cookie")).toMatch(/ratschlag_session=/);

    const proposalForm = {
      title: "Fahrradständer am Bahnhof",
      body: "Am Bahnhof fehlen überdachte Fahrradständer.",
      lat: "50.55",
      lng: "9.67",
    };
    const refusedKinds = {
      propose: await r.post(newProposal.action, `/beteiligungen/${s.consultation}/vorschlag`, {
        params: { id: s.consultation },
        form: proposalForm,
        cookie,
      }),
      comment: await r.post(proposalPage.action, `/vorschlaege/${s.other}`, {
        params: { id: s.other },
        form: { intent: "comment", body: "Noch ein Kommentar", page: "1" },
        cookie,
      }),
      sectionComment: await r.post(sectionPage.action, `/abschnitte/${s.section}`, {
        params: { id: s.section },
        form: { intent: "comment", body: "Zum Abschnitt" },
        cookie,
      }),
      vote: await r.post(proposalPage.action, `/vorschlaege/${s.other}`, {
        params: { id: s.other },
        form: { intent: "vote", value: "1" },
        cookie,
      }),
      report: await r.post(report.action, `/melden?typ=vorschlag&id=${s.other}`, { form: { reason: "spam" }, cookie }),
      editProposal: await r.post(editProposal.action, `/vorschlaege/${s.own}/bearbeiten`, {
        params: { id: s.own },
        form: { ...proposalForm, title: "Geänderter Titel" },
        cookie,
      }),
      editComment: await r.post(editComment.action, `/kommentare/${s.comment}/bearbeiten`, {
        params: { id: s.comment },
        form: { body: "Geänderter Kommentar" },
        cookie,
      }),
      deleteComment: await r.post(proposalPage.action, `/vorschlaege/${s.other}`, {
        params: { id: s.other },
        form: { intent: "delete-comment", target: `delete-${s.comment}`, commentId: s.comment, page: "1" },
        cookie,
      }),
    };
    for (const [kind, res] of Object.entries(refusedKinds)) {
      const body = await bodyOf(res);
      expect({ kind, status: res.status, formError: body.formError }).toEqual({ kind, status: 403, formError: "suspended" });
    }
    expect(de.errors.suspended).toMatch(/^Ihr Konto ist gesperrt\./);
    // The pages that refuse before showing a form refuse with the same reason.
    await expectHttpError(await r.get(report.loader, `/melden?typ=vorschlag&id=${s.other}`, { cookie }), 403, "suspended");
    await expectHttpError(
      await r.get(editProposal.loader, `/vorschlaege/${s.own}/bearbeiten`, { params: { id: s.own }, cookie }),
      403,
      "suspended",
    );

    expect({
      proposals: await countRows(t.db, "proposals"),
      comments: await countRows(t.db, "comments"),
      votes: await countRows(t.db, "votes"),
    }).toEqual(before);
    expect(await t.db.selectFrom("flags").select("id").execute()).toEqual([]);
    const unchanged = await t.db
      .selectFrom("comments")
      .select(["body_md", "deleted_at"])
      .where("id", "=", s.comment)
      .executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ body_md: "Ritas Kommentar", deleted_at: null });
    expect((await t.db.selectFrom("proposals").select("title").where("id", "=", s.own).executeTakeFirstOrThrow()).title).toBe(
      "Ritas eigener Vorschlag",
    );
  });

  it("suspending again replaces the period; lifting clears it with an audit entry and a mail, and the resident contributes again", async () => {
    const s = await setting();
    expectRedirect(await suspend(s.resident.user.id, { duration: "1", reason }, s.admin.cookie));
    expectRedirect(
      await suspend(
        s.resident.user.id,
        { duration: "date", until: germanDay(lastDay()), reason: "Wiederholt Werbung gepostet" },
        s.admin.cookie,
      ),
    );
    expect(await userRow(s.resident.user.id)).toMatchObject({ suspension_reason: "Wiederholt Werbung gepostet" });
    // The date of one's own (typed the German way) replaced the one day.
    expect((await userRow(s.resident.user.id)).suspended_until!.getTime()).toBeGreaterThan(Date.now() + 99 * 24 * 3600 * 1000);
    expectRedirect(
      await lift(s.resident.user.id, { liftReason: "Nach einem klärenden Gespräch" }, s.admin.cookie),
      `/verwaltung/konten/${s.resident.user.id}?hinweis=lifted`,
    );
    expect(await userRow(s.resident.user.id)).toEqual({ suspended_until: null, suspension_reason: null });
    expect((await audit()).map((a) => a.action)).toEqual(["suspend", "suspend", "unsuspend"]);
    expect((await mails()).map((m) => m.subject)).toEqual([
      "Ihr Konto ist gesperrt / Your account is suspended",
      "Ihr Konto ist gesperrt / Your account is suspended",
      "Ihre Sperre ist aufgehoben / Your suspension is lifted",
    ]);
    expectRedirect(
      await r.post(proposalPage.action, `/vorschlaege/${s.other}`, {
        params: { id: s.other },
        form: { intent: "vote", value: "1" },
        cookie: s.resident.cookie,
      }),
    );
    expect(await countRows(t.db, "votes")).toBe(1);
    // Nothing to lift any more: 409, nothing written.
    await expectRefused(await lift(s.resident.user.id, { liftReason: "Noch einmal aufheben" }, s.admin.cookie), 409, "not_suspended");
    expect(await audit()).toHaveLength(3);
  });

  it("after the last day the account contributes again without anyone acting", async () => {
    const s = await setting();
    expectRedirect(await suspend(s.resident.user.id, { duration: "1", reason }, s.admin.cookie));
    const vote = () =>
      r.post(proposalPage.action, `/vorschlaege/${s.other}`, {
        params: { id: s.other },
        form: { intent: "vote", value: "1" },
        cookie: s.resident.cookie,
      });
    await expectRefused(await vote(), 403, "suspended");
    // Time passes beyond the end (the stored end moved into the past, as the clock would).
    await t.db
      .updateTable("users")
      .set({ suspended_until: new Date(Date.now() - 1000) })
      .where("id", "=", s.resident.user.id)
      .execute();
    expectRedirect(await vote());
    expect(await countRows(t.db, "votes")).toBe(1);
    const mine = await expectOk(await r.get(accountPage.loader, "/konto", { cookie: s.resident.cookie }));
    expect(mine.suspension).toBeNull();
  });
});

describe("who may suspend, and what input", () => {
  it("moderators and residents cannot see or use the administration of accounts (403), guests are sent to sign in", async () => {
    const s = await setting();
    const moderator = await signedIn({ role: "moderator" });
    for (const cookie of [moderator.cookie, s.resident.cookie]) {
      await expectHttpError(await r.get(accounts.loader, "/verwaltung/konten", { cookie }), 403, "forbidden");
      await expectHttpError(
        await r.get(account.loader, `/verwaltung/konten/${s.resident.user.id}`, { params: { id: s.resident.user.id }, cookie }),
        403,
        "forbidden",
      );
      await expectHttpError(await suspend(s.resident.user.id, { duration: "7", reason }, cookie), 403, "forbidden");
      await expectHttpError(await lift(s.resident.user.id, { liftReason: reason }, cookie), 403, "forbidden");
    }
    await expectHttpError(await r.get(accounts.loader, "/verwaltung/konten"), 401, "login_required");
    await expectHttpError(await suspend(s.resident.user.id, { duration: "7", reason }), 401, "login_required");
    await expectNothingWritten();
  });

  it("an admin cannot suspend themselves or another admin (403); the page offers no form there", async () => {
    const s = await setting();
    const other = await signedIn({ role: "admin" });
    await expectRefused(await suspend(s.admin.user.id, { duration: "7", reason }, s.admin.cookie), 403, "suspend_self");
    await expectRefused(await suspend(other.user.id, { duration: "7", reason }, s.admin.cookie), 403, "suspend_admin");
    await expectNothingWritten();
    const own = await expectOk(
      await r.get(account.loader, `/verwaltung/konten/${s.admin.user.id}`, { params: { id: s.admin.user.id }, cookie: s.admin.cookie }),
    );
    expect(own.suspensionRefusal).toBe("suspend_self");
    const theirs = await expectOk(
      await r.get(account.loader, `/verwaltung/konten/${other.user.id}`, { params: { id: other.user.id }, cookie: s.admin.cookie }),
    );
    expect(theirs.suspensionRefusal).toBe("suspend_admin");
  });

  it("invalid input answers 400 with the fields' messages and writes nothing", async () => {
    const s = await setting();
    const id = s.resident.user.id;
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ duration: "7" }, { reason: "suspension_reason_length" }],
      [{ duration: "7", reason: "zu kurz" }, { reason: "suspension_reason_length" }],
      [{ duration: "7", reason: "x".repeat(501) }, { reason: "suspension_reason_length" }],
      [{ duration: "date", until: "2020-01-01", reason }, { until: "until_past" }],
      [{ duration: "date", until: "31.02.2030", reason }, { until: "until_invalid" }],
      [{ duration: "date", until: addDays(townDay(new Date()), 3661), reason }, { until: "until_far" }],
      [{ duration: "date", reason }, { until: "until_missing" }],
      [{ duration: "ewig", reason }, { duration: "duration_invalid" }],
      [{ reason }, { duration: "duration_invalid" }],
    ];
    for (const [form, fieldErrors] of cases) {
      const body = await expectRefused(await suspend(id, form, s.admin.cookie), 400, "form_invalid");
      expect({ form, fieldErrors: body.fieldErrors }).toEqual({ form, fieldErrors });
    }
    const liftBody = await expectRefused(await lift(id, { liftReason: "kurz" }, s.admin.cookie), 400, "form_invalid");
    expect(liftBody.fieldErrors).toEqual({ liftReason: "suspension_reason_length" });
    await expectRefused(
      await r.post(account.action, `/verwaltung/konten/${id}`, {
        params: { id },
        form: { intent: "sperren", reason },
        cookie: s.admin.cookie,
      }),
      400,
      "intent_invalid",
    );
    await expectRefused(await suspend("999999", { duration: "7", reason }, s.admin.cookie), 404, "not_found");
    await expectHttpError(await suspend("abc", { duration: "7", reason }, s.admin.cookie), 404, "not_found");
    for (const code of ["suspension_reason_length", "until_past", "until_invalid", "until_missing", "duration_invalid", "until_far"]) {
      expect(de.errors[code], code).toEqual(expect.any(String));
    }
    await expectNothingWritten();
  });
});

describe("the list of accounts", () => {
  it("is linked from /verwaltung and finds accounts by name or address, role and state, 20 to a page", async () => {
    const s = await setting();
    expect(de.accounts.manage).toBe("Konten verwalten");
    await expectOk(await r.get(admin.loader, "/verwaltung", { cookie: s.admin.cookie }));
    await createUser(t.db, { name: "Mo Moderation", role: "moderator", email: "mo@example.org" });
    expectRedirect(await suspend(s.resident.user.id, { duration: "30", reason }, s.admin.cookie));
    const list = async (query: string) => {
      const page = await expectOk(await r.get(accounts.loader, `/verwaltung/konten${query}`, { cookie: s.admin.cookie }));
      return { names: page.items.map((i: { displayName: string }) => i.displayName), total: page.total, query: page.query };
    };
    expect(await list("?suche=r%C3%BCpel")).toMatchObject({ names: ["Rita Rüpel"], query: { suche: "rüpel", rolle: "", zustand: "" } });
    expect((await list("?suche=MO%40EXAMPLE")).names).toEqual(["Mo Moderation"]);
    expect((await list("?rolle=moderation")).names).toEqual(["Mo Moderation"]);
    expect((await list("?zustand=gesperrt")).names).toEqual(["Rita Rüpel"]);
    expect((await list("?zustand=gesperrt")).query).toEqual({ suche: "", rolle: "", zustand: "gesperrt" });
    const gesperrt = await expectOk(await r.get(accounts.loader, "/verwaltung/konten?zustand=gesperrt", { cookie: s.admin.cookie }));
    expect(gesperrt.items[0].suspendedUntil).toEqual((await userRow(s.resident.user.id)).suspended_until!.toISOString());
    // Unknown values mean "all"; odd input is no error.
    expect((await list("?rolle=constructor&zustand=__proto__&seite=abc")).total).toBe(3);
    for (let i = 0; i < 20; i++) await createUser(t.db, { name: `Person ${i}` });
    expect((await list("")).names).toHaveLength(20);
    expect(await list("?seite=2")).toMatchObject({ names: ["Mo Moderation", "Rita Rüpel", "Ada Admin"], total: 23 });
  });
});
