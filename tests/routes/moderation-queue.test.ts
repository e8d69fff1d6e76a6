import { sql } from "kysely";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectOk, expectRedirect, routes } from "../setup/routes";
import { setVisibility } from "../setup/moderation";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import type { ContributionRef, FlagReason } from "~/domain/moderation/contributions";
import { decide } from "~/domain/moderation/decisions.server";
import { de } from "~/i18n/de";
import * as queuePage from "~/routes/moderation._index";
import * as logPage from "~/routes/moderation.protokoll";
import * as unansweredPage from "~/routes/moderation.stellungnahmen";

// The moderation pages (issue 9): /moderation (the queue and its decision form), /moderation/protokoll (the audit
// log with filters) and /moderation/stellungnahmen (proposals without an official answer), as the server answers
// and renders them.

const t = useTestDatabase();
const r = routes(t);
const HOUR = 3600 * 1000;
const REASON = "Verstößt gegen Regel 1 der Netiquette";

type Person = { user: CurrentUser; cookie: string };
async function person(role: Role = "resident", name?: string): Promise<Person> {
  const user = await createUser(t.db, { role, name });
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function flag(
  ref: ContributionRef,
  consultationId: string,
  reason: FlagReason = "insult",
  opts: { note?: string; hoursAgo?: number } = {},
) {
  const reporter = await createUser(t.db, { name: `Melder ${Math.random().toString(36).slice(2, 8)}` });
  await t.db
    .insertInto("flags")
    .values({
      contribution_type: ref.type,
      contribution_id: ref.id,
      consultation_id: consultationId,
      reporter_id: reporter.id,
      reason,
      note: opts.note ?? null,
      created_at: new Date(Date.now() - (opts.hoursAgo ?? 1) * HOUR),
    })
    .execute();
  return reporter;
}

/** Moves a proposal's creation into the past (created_at is not writable through the typed builder). */
const backdate = (id: string, ms: number) =>
  sql`update proposals set created_at = ${new Date(Date.now() - ms)} where id = ${id}`.execute(t.db);

async function setting() {
  const admin = await person("admin", "Ada Verwaltung");
  const moderator = await person("moderator", "Mona Moderatorin");
  const author = await person("resident", "Anton Autor");
  const consultation = await createConsultation(t.db, admin.user);
  const a = await createProposal(t.db, consultation, author.user, "Mehr Bänke am Fluss");
  const b = await createProposal(t.db, consultation, author.user, "Tempo 30 vor der Schule");
  await flag({ type: "proposal", id: a }, consultation, "insult", { note: "Beleidigt die Nachbarn", hoursAgo: 3 });
  await flag({ type: "proposal", id: a }, consultation, "spam", { hoursAgo: 2 });
  await flag({ type: "proposal", id: b }, consultation, "spam", { hoursAgo: 1 });
  return { admin, moderator, author, consultation, a, b };
}

/** The page as the server renders it for this person (loader and component, no scripts); with `form`, after that POST. */
async function render(
  page: { default: ComponentType; loader: (args: any) => unknown; action?: (args: any) => unknown },
  path: string,
  cookie?: string,
  form?: [string, string][],
) {
  const context = { db: t.db, nonce: "test-nonce", clientIp: "203.0.113.7" } as AppLoadContext;
  const handler = createStaticHandler([
    {
      id: "root",
      path: path.split("?")[0],
      loader: (args) => page.loader({ ...args, params: {}, context }) as Promise<Response>,
      action: page.action ? (args) => page.action!({ ...args, params: {}, context }) as Promise<Response> : undefined,
      element: createElement(page.default),
    },
  ]);
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const request = new Request(
    new URL(path, "http://localhost:3000"),
    form ? { method: "POST", headers, body: toFormData(form) } : { headers },
  );
  const routerContext = await handler.query(request);
  if (routerContext instanceof Response) throw new Error(`unexpected answer ${routerContext.status}`);
  const router = createStaticRouter(handler.dataRoutes, routerContext);
  return renderToString(createElement(StaticRouterProvider, { router, context: routerContext }));
}
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

const written = async () => ({
  audit: await countRows(t.db, "audit_log"),
  mails: await countRows(t.db, "mail_outbox"),
  decided: (await t.db.selectFrom("flags").select("id").where("decided_at", "is not", null).execute()).length,
  hidden: (await t.db.selectFrom("proposals").select("id").where("hidden_at", "is not", null).execute()).length,
});

/** The queue's rows as the loader sends them. */
async function rows(path: string, cookie: string) {
  return (await expectOk<{ rows: { key: string; value: string | null }[] }>(await r.get(queuePage.loader, path, { cookie }))).rows;
}

describe("who may open the moderation pages", () => {
  it("guests are sent to the login, residents and council members get 403, moderators and admins the page", async () => {
    const people = await Promise.all((["resident", "council", "moderator", "admin"] as const).map((role) => person(role)));
    const pages: [string, Parameters<typeof r.get>[0]][] = [
      ["/moderation", queuePage.loader],
      ["/moderation?ansicht=freigabe", queuePage.loader],
      ["/moderation/protokoll", logPage.loader],
      ["/moderation/stellungnahmen", unansweredPage.loader],
    ];
    for (const [path, loader] of pages) {
      await expectHttpError(await r.get(loader, path), 401, "login_required");
      for (const { user, cookie } of people) {
        const res = await r.get(loader, path, { cookie });
        expect({ path, role: user.role, status: res.status }).toEqual({
          path,
          role: user.role,
          status: user.role === "moderator" || user.role === "admin" ? 200 : 403,
        });
      }
    }
    const resident = people[0];
    const res = await r.post(queuePage.action, "/moderation", {
      cookie: resident.cookie,
      form: { item: "proposal:1:0", decision: "dismiss" },
    });
    await expectHttpError(res, 403, "forbidden");
  });
});

describe("/moderation: the reports view", () => {
  it("lists reported items by number of reports, with reasons, notes and state; renders a labelled checkbox per item", async () => {
    const { moderator, a, b } = await setting();
    const data = await expectOk(await r.get(queuePage.loader, "/moderation", { cookie: moderator.cookie }));
    expect(data.rows.map((i: { key: string }) => i.key)).toEqual([`proposal:${a}`, `proposal:${b}`]);
    expect(data).toMatchObject({ total: 2, page: 1, view: "flags", decisions: ["hide", "dismiss", "restore"], openObjections: 0 });
    expect(data.rules[0]).toMatchObject({ key: "regel-1" });

    const html = await render(queuePage, "/moderation", moderator.cookie);
    const shown = text(html);
    expect(shown).toContain("Auswählen: Vorschlag „Mehr Bänke am Fluss“");
    expect(html).toMatch(new RegExp(`<input type="checkbox" id="auswahl-proposal-${a}" name="item" value="proposal:${a}:0"/>`));
    expect(html).toContain(`<label for="auswahl-proposal-${a}">`);
    expect(shown).toContain(`${de.flag.reasons.insult}: 1`);
    expect(shown).toContain("Beleidigt die Nachbarn");
    expect(shown).toContain("Bisher ausgeblendet: keine Beiträge");
    expect(shown).toContain(de.queue.onlyThis);
    expect(html).toContain(`name="only" value="proposal:${a}:0"`);
    expect(shown).toContain("Widersprüche (0 offen)");
    expect(html).toMatch(/<legend>Was soll mit den ausgewählten Beiträgen geschehen\?/);
  });

  it("filters by consultation, reason and state in the address; the consultation's own rules are offered", async () => {
    const { admin, moderator, author, consultation, a, b } = await setting();
    const other = await createConsultation(t.db, admin.user);
    const c = await createProposal(t.db, other, author.user, "Woanders gemeldet");
    await flag({ type: "proposal", id: c }, other, "illegal");
    await t.db
      .insertInto("house_rules")
      .values({ consultation_id: other, body_md: "1. Keine Werbung für Geschäfte.", updated_by: admin.user.id })
      .execute();

    expect((await rows(`/moderation?beteiligung=${other}`, moderator.cookie)).map((i) => i.key)).toEqual([`proposal:${c}`]);
    expect((await rows("/moderation?grund=spam", moderator.cookie)).map((i) => i.key)).toEqual([`proposal:${a}`, `proposal:${b}`]);
    expect((await rows("/moderation?grund=illegal", moderator.cookie)).map((i) => i.key)).toEqual([`proposal:${c}`]);
    const filtered = await expectOk(await r.get(queuePage.loader, `/moderation?beteiligung=${other}`, { cookie: moderator.cookie }));
    expect(filtered.rules.map((rule: { key: string }) => rule.key)).toContain("zusatz-1");
    const unfiltered = await expectOk(
      await r.get(queuePage.loader, `/moderation?beteiligung=${consultation}`, { cookie: moderator.cookie }),
    );
    expect(unfiltered.rules.map((rule: { key: string }) => rule.key)).not.toContain("zusatz-1");

    await decide(t.db, moderator.user, { type: "proposal", id: b }, { decision: "dismiss", reason: null, seen: "0" });
    expect((await rows("/moderation?stand=entschieden", moderator.cookie)).map((i) => i.key)).toEqual([`proposal:${b}`]);
    expect((await rows("/moderation", moderator.cookie)).map((i) => i.key)).toEqual([`proposal:${a}`, `proposal:${c}`]);
    const html = text(await render(queuePage, "/moderation?stand=entschieden", moderator.cookie));
    expect(html).toContain("Meldungen abgewiesen am");
  });

  it("shows the number of open objections", async () => {
    const { moderator, admin, author, consultation, a } = await setting();
    const ref = { type: "proposal" as const, id: a };
    await setVisibility(t.db, admin.user, ref, { hide: true, reason: REASON });
    const decision = await t.db.selectFrom("audit_log").select("id").where("action", "=", "hide").executeTakeFirstOrThrow();
    await t.db
      .insertInto("objections")
      .values({
        decision_id: decision.id,
        contribution_type: "proposal",
        contribution_id: a,
        consultation_id: consultation,
        author_id: author.user.id,
        body: "Das war keine Beleidigung.",
        decided_against_by: admin.user.id,
      })
      .execute();
    expect((await expectOk(await r.get(queuePage.loader, "/moderation", { cookie: moderator.cookie }))).openObjections).toBe(1);
  });
});

describe("/moderation: deciding", () => {
  it("hides two checked items at once and returns to the same filtered view with how many were decided", async () => {
    const { moderator, a, b } = await setting();
    const path = "/moderation?grund=spam";
    const items = await rows(path, moderator.cookie);
    const many = await postForm(`${path}&index`, moderator.cookie, [
      ...items.map((i): [string, string] => ["item", i.value!]),
      ["decision", "hide"],
      ["rule", "regel-1"],
      ["reason", REASON],
    ]);
    const location = expectRedirect(many);
    expect(location).toMatch(/^\/moderation\?/);
    const params = new URL(location, "http://x").searchParams;
    expect(Object.fromEntries(params)).toMatchObject({ ansicht: "meldungen", grund: "spam" });
    expect(params.has("index")).toBe(false);
    const hidden = await t.db
      .selectFrom("proposals")
      .select(["id", "hidden_kind"])
      .where("hidden_at", "is not", null)
      .orderBy("id")
      .execute();
    expect(hidden.map((p) => p.id)).toEqual([a, b]);
    const shown = text(await render(queuePage, location, moderator.cookie));
    expect(shown).toMatch(/\d Beiträge? (ist|sind) entschieden\./);
  });

  it("an item another moderator decided meanwhile is refused, the other applied; the message says so", async () => {
    const { admin, moderator, a, b } = await setting();
    const items = await rows("/moderation", moderator.cookie);
    await decide(t.db, admin.user, { type: "proposal", id: a }, { decision: "dismiss", reason: null, seen: "0" });
    const res = await postForm("/moderation?index", moderator.cookie, [
      ...items.map((i): [string, string] => ["item", i.value!]),
      ["decision", "hide"],
      ["rule", "regel-1"],
      ["reason", REASON],
    ]);
    const location = expectRedirect(res);
    expect(Object.fromEntries(new URL(location, "http://x").searchParams)).toMatchObject({ erledigt: "1", bereits: "1" });
    const hidden = await t.db.selectFrom("proposals").select("id").where("hidden_at", "is not", null).execute();
    expect(hidden.map((p) => p.id)).toEqual([b]);
    const shown = text(await render(queuePage, location, moderator.cookie));
    expect(shown).toContain("1 Beitrag ist entschieden.");
    expect(shown).toContain("(bereits entschieden)");
  });

  it("answers 409 with the message when every item was decided meanwhile, and writes nothing", async () => {
    const { admin, moderator, a, b } = await setting();
    const items = await rows("/moderation", moderator.cookie);
    for (const id of [a, b]) await decide(t.db, admin.user, { type: "proposal", id }, { decision: "dismiss", reason: null, seen: "0" });
    const before = await written();
    const res = await postForm("/moderation?index", moderator.cookie, [
      ...items.map((i): [string, string] => ["item", i.value!]),
      ["decision", "dismiss"],
    ]);
    expect(res.status).toBe(409);
    const body = await bodyOf(res);
    expect(body.formError).toBe("already_decided");
    expect(de.queue.errors.already_decided).toContain("bereits entschieden");
    expect(await written()).toEqual(before);
  });

  it("one item's own button decides that item only", async () => {
    const { moderator, a, b } = await setting();
    const items = await rows("/moderation", moderator.cookie);
    const first = items.find((i) => i.key === `proposal:${a}`)!;
    const res = await postForm("/moderation?index", moderator.cookie, [
      ...items.map((i): [string, string] => ["item", i.value!]),
      ["only", first.value!],
      ["decision", "dismiss"],
    ]);
    expectRedirect(res, /erledigt=1/);
    const open = await t.db.selectFrom("flags").select("contribution_id").where("decided_at", "is", null).execute();
    expect(open.map((f) => f.contribution_id)).toEqual([b]);
  });

  it("refuses an invalid form with 400 and field errors, writing nothing; the page shows the error summary", async () => {
    const { moderator, a } = await setting();
    const items = await rows("/moderation", moderator.cookie);
    const value = items.find((i) => i.key === `proposal:${a}`)!.value!;
    const before = await written();
    const cases: [[string, string][], Record<string, string>][] = [
      [[["decision", "dismiss"]], { item: "item_missing" }],
      [[["item", value]], { decision: "decision_missing" }],
      [
        [
          ["item", value],
          ["decision", "hide"],
          ["reason", REASON],
        ],
        { rule: "rule_missing" },
      ],
      [
        [
          ["item", value],
          ["decision", "hide"],
          ["rule", "regel-1"],
        ],
        { reason: "reason_missing" },
      ],
      [
        [
          ["item", value],
          ["decision", "hide"],
          ["rule", "regel-1"],
          ["reason", "kurz"],
        ],
        { reason: "reason_missing" },
      ],
      [
        [
          ["item", "proposal:abc:0"],
          ["decision", "dismiss"],
        ],
        { item: "item_invalid" },
      ],
      // A rule the item's consultation does not have.
      [
        [
          ["item", value],
          ["decision", "hide"],
          ["rule", "zusatz-7"],
          ["reason", REASON],
        ],
        { rule: "rule_unknown" },
      ],
    ];
    for (const [fields, fieldErrors] of cases) {
      const res = await postForm("/moderation?index", moderator.cookie, fields);
      expect({ fields, status: res.status }).toEqual({ fields, status: 400 });
      const body = await bodyOf(res);
      expect({ fields, errors: body.fieldErrors }).toEqual({ fields, errors: fieldErrors });
      for (const code of Object.values(fieldErrors)) expect(de.queue.errors[code], code).toEqual(expect.any(String));
    }
    expect(await written()).toEqual(before);
    // Shown again without JavaScript: the summary links each field, the fields say what is wrong, the typed reason stays.
    const html = await render(queuePage, "/moderation", moderator.cookie, [
      ["decision", "hide"],
      ["reason", "kurz"],
    ]);
    expect(html).toContain('role="alert"');
    for (const [field, code] of [
      ["item", "item_missing"],
      ["rule", "rule_missing"],
      ["reason", "reason_missing"],
    ]) {
      expect(html).toContain(`<a href="#feld-${field}">${de.queue.errors[code].replace(/"/g, "&quot;")}</a>`);
      expect(html).toContain(`id="feld-${field}-fehler"`);
    }
    expect(html).toMatch(/<input type="radio" id="entscheidung-hide" name="decision" checked="" value="hide"/);
    expect(html).toMatch(/<textarea id="feld-reason"[^>]*>kurz<\/textarea>/);
  });
});

describe("/moderation?ansicht=freigabe", () => {
  it("lists items waiting for approval, oldest first, and approves them", async () => {
    const { moderator, author, consultation } = await setting();
    const older = await createProposal(t.db, consultation, author.user, "Wartet am längsten");
    const newer = await createProposal(t.db, consultation, author.user, "Wartet kürzer");
    for (const [id, hours] of [
      [older, 5],
      [newer, 1],
    ] as const) {
      await t.db.updateTable("proposals").set({ hidden_at: new Date(), hidden_kind: "review" }).where("id", "=", id).execute();
      await backdate(id, hours * HOUR);
    }
    const path = "/moderation?ansicht=freigabe";
    const data = await expectOk(await r.get(queuePage.loader, path, { cookie: moderator.cookie }));
    expect(data.rows.map((i: { key: string }) => i.key)).toEqual([`proposal:${older}`, `proposal:${newer}`]);
    expect(data.decisions).toEqual(["approve", "hide"]);
    const shown = text(await render(queuePage, path, moderator.cookie));
    expect(shown).toContain(de.queue.reviewHeading);
    expect(shown).toContain(de.queue.reject);
    const res = await postForm(`${path}&index`, moderator.cookie, [
      ...data.rows.map((i: { value: string }): [string, string] => ["item", i.value]),
      ["decision", "approve"],
    ]);
    expectRedirect(res, /^\/moderation\?ansicht=freigabe&erledigt=2$/);
    const waiting = await t.db.selectFrom("proposals").select("id").where("hidden_kind", "=", "review").execute();
    expect(waiting).toEqual([]);
  });
});

describe("/moderation/protokoll", () => {
  it("filters the log by actor, automatic, action and consultation, and names no author", async () => {
    const { admin, moderator, author, consultation, a, b } = await setting();
    const other = await createConsultation(t.db, admin.user);
    const c = await createProposal(t.db, other, author.user, "Woanders");
    await setVisibility(t.db, moderator.user, { type: "proposal", id: a }, { hide: true, reason: REASON });
    await decide(t.db, admin.user, { type: "proposal", id: b }, { decision: "dismiss", reason: null, seen: "0" });
    await t.db
      .insertInto("audit_log")
      .values({
        actor_id: null,
        action: "auto_hide",
        target_type: "proposal",
        target_id: c,
        consultation_id: other,
        subject_id: author.user.id,
      })
      .execute();
    const log = async (qs: string) => expectOk(await r.get(logPage.loader, `/moderation/protokoll${qs}`, { cookie: moderator.cookie }));
    const all = await log("");
    expect(all.total).toBe(3);
    expect(all.actors.map((x: { name: string }) => x.name).sort()).toEqual(["Ada Verwaltung", "Mona Moderatorin"]);
    expect(all.actions.sort()).toEqual(["auto_hide", "dismiss", "hide"]);
    expect((await log(`?wer=${moderator.user.id}`)).rows.map((x: { action: string }) => x.action)).toEqual(["hide"]);
    expect((await log("?wer=automatisch")).rows.map((x: { action: string }) => x.action)).toEqual(["auto_hide"]);
    expect((await log("?aktion=dismiss")).rows.map((x: { targetId: string }) => x.targetId)).toEqual([b]);
    expect((await log(`?beteiligung=${other}`)).rows.map((x: { targetId: string }) => x.targetId)).toEqual([c]);
    expect((await log(`?beteiligung=${consultation}&wer=automatisch`)).total).toBe(0);
    expect((await log("?wer=abc&aktion=%3Cb%3E&beteiligung=x")).total).toBe(3);

    const html = await render(logPage, `/moderation/protokoll?beteiligung=${consultation}`, moderator.cookie);
    const shown = text(html);
    expect(shown).toContain("Mona Moderatorin");
    expect(shown).toContain("Regel 1");
    expect(shown).toContain(REASON);
    expect(shown).not.toContain("Anton Autor");
    expect(html).toMatch(new RegExp(`<option value="${consultation}" selected="">`));
  });

  it("keeps the filters in the pagination links", async () => {
    const { moderator, author, consultation } = await setting();
    for (let i = 0; i < 22; i++) {
      const id = await createProposal(t.db, consultation, author.user, `Vorschlag ${i}`);
      await setVisibility(t.db, moderator.user, { type: "proposal", id }, { hide: true, reason: REASON });
    }
    const html = await render(logPage, `/moderation/protokoll?aktion=hide&beteiligung=${consultation}`, moderator.cookie);
    expect(html).toContain(`href="/moderation/protokoll?aktion=hide&amp;beteiligung=${consultation}&amp;seite=2"`);
    const second = await expectOk(
      await r.get(logPage.loader, `/moderation/protokoll?aktion=hide&beteiligung=${consultation}&seite=2`, { cookie: moderator.cookie }),
    );
    expect([second.total, second.rows.length]).toEqual([22, 2]);
  });
});

describe("/moderation/stellungnahmen", () => {
  it("lists unanswered visible proposals oldest first with the days waited and the link to the answer form", async () => {
    const { admin, moderator, author, a, b } = await setting();
    const other = await createConsultation(t.db, admin.user);
    const c = await createProposal(t.db, other, author.user, "Woanders");
    const setAge = (id: string, days: number) => backdate(id, days * 24 * HOUR);
    await setAge(a, 2.5);
    await setAge(b, 9.5);
    await setAge(c, 4.5);
    const all = await expectOk(await r.get(unansweredPage.loader, "/moderation/stellungnahmen", { cookie: moderator.cookie }));
    expect(all.rows.map((x: { id: string; waitingDays: number }) => [x.id, x.waitingDays])).toEqual([
      [b, 9],
      [c, 4],
      [a, 2],
    ]);
    const filtered = await expectOk(
      await r.get(unansweredPage.loader, `/moderation/stellungnahmen?beteiligung=${other}`, { cookie: moderator.cookie }),
    );
    expect(filtered.rows.map((x: { id: string }) => x.id)).toEqual([c]);
    const html = await render(unansweredPage, "/moderation/stellungnahmen", moderator.cookie);
    expect(html).toContain(`href="/vorschlaege/${b}/stellungnahme"`);
    expect(text(html)).toContain("9 Tage");
  });
});

/** A POST with repeated fields, as a browser sends the form. */
function postForm(path: string, cookie: string, fields: [string, string][]) {
  return r.post(queuePage.action, path, { cookie, multipart: toFormData(fields) });
}
function toFormData(fields: [string, string][]) {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
}
