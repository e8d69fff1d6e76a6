import { sql } from "kysely";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectOk, expectRedirect, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { decide, latestDecisionId } from "~/domain/moderation/decisions.server";
import { de } from "~/i18n/de";
import * as objectionPage from "~/routes/widerspruch.$id";
import * as queuePage from "~/routes/moderation.widersprueche";

// The author's page /widerspruch/:decisionId and the moderators' /moderation/widersprueche (issue 9): who sees what,
// the forms as the server renders them, refusals as German 4xx that write nothing.

const t = useTestDatabase();
const r = routes(t);
const TEXT = "Mein Vorschlag verstößt gegen keine Regel der Netiquette.";

async function signedIn(opts: Parameters<typeof createUser>[1] = {}): Promise<{ user: CurrentUser; cookie: string }> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function setting() {
  const admin = await signedIn({ role: "admin" });
  const hider = await signedIn({ role: "moderator", name: "Hanna Hider" });
  const other = await signedIn({ role: "moderator", name: "Otto Other" });
  const author = await signedIn({ name: "Anton Autor" });
  const consultation = await createConsultation(t.db, admin.user);
  const proposal = await createProposal(t.db, consultation, author.user, "Mehr Bänke am Fluss");
  const ref: ContributionRef = { type: "proposal", id: proposal };
  const hidden = await decide(t.db, hider.user, ref, { decision: "hide", rule: "regel-2", reason: "Beleidigung einer Person", seen: "0" });
  if (!hidden.ok) throw new Error(hidden.reason);
  return {
    admin,
    hider,
    other,
    author,
    consultation,
    proposal,
    ref,
    decisionId: hidden.decisionId,
    path: `/widerspruch/${hidden.decisionId}`,
  };
}

const written = async () => ({
  objections: (
    await t.db
      .selectFrom("objections")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
  ).n,
  audit: await countRows(t.db, "audit_log"),
  mails: await countRows(t.db, "mail_outbox"),
});

/** A refusal of these forms: status and a code with German text (in the errors or the objection block). */
async function expectFormRefused(response: Response, status: number, code: string) {
  const body = await bodyOf<{ formError?: string; fieldErrors: Record<string, string> }>(response);
  expect({ status: response.status, formError: body.formError }).toEqual({ status, formError: code });
  expect(de.objection.errors[code] ?? de.errors[code], `German text for ${code}`).toEqual(expect.any(String));
  return body;
}

/** The page as the server renders it for this person (loader and component, no scripts). */
async function render(
  page: { default: ComponentType; loader: (args: any) => unknown },
  path: string,
  params: Record<string, string>,
  cookie?: string,
) {
  const context = { db: t.db, nonce: "test-nonce", clientIp: "203.0.113.7" } as AppLoadContext;
  const handler = createStaticHandler([
    {
      id: "root",
      path: path.split("?")[0],
      loader: (args) => page.loader({ ...args, params, context }) as Promise<Response>,
      element: createElement(page.default),
    },
  ]);
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const routerContext = await handler.query(new Request(new URL(path, "http://localhost:3000"), { headers }));
  if (routerContext instanceof Response) throw new Error(`unexpected redirect to ${routerContext.headers.get("Location")}`);
  const router = createStaticRouter(handler.dataRoutes, routerContext);
  const html = renderToString(createElement(StaticRouterProvider, { router, context: routerContext }));
  return html.slice(0, html.indexOf("<script>"));
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("/widerspruch/:decisionId", () => {
  it("shows the author the statement and the form; sending it stores the objection and shows it waiting", async () => {
    const { author, decisionId, path } = await setting();
    const params = { id: decisionId };
    const page = await expectOk(await r.get(objectionPage.loader, path, { params, cookie: author.cookie }));
    expect(page).toMatchObject({
      refusal: null,
      objection: null,
      item: { type: "proposal", excerpt: "Mehr Bänke am Fluss" },
      decision: { automatic: false, reason: "Beleidigung einer Person", rule: { label: "2", url: "/netiquette#regel-2" } },
    });
    const html = text(await render(objectionPage, path, params, author.cookie));
    expect(html).toContain(de.objection.title);
    expect(html).toContain("Beleidigung einer Person");
    expect(html).toContain(de.objection.bodyLabel);
    expect(html).toContain(de.objection.submit);
    expect(html).not.toContain("Hanna Hider");
    const raw = await render(objectionPage, path, params, author.cookie);
    expect(raw).toMatch(/<label for="feld-body">/);
    expect(raw).toMatch(/<textarea[^>]*maxLength="2000"|<textarea[^>]*maxlength="2000"/);

    expectRedirect(await r.post(objectionPage.action, path, { params, cookie: author.cookie, form: { body: TEXT } }), `${path}?gesendet=1`);
    const after = await expectOk(await r.get(objectionPage.loader, path, { params, cookie: author.cookie }));
    expect(after).toMatchObject({ refusal: "already_objected", objection: { body: TEXT, outcome: null } });
    const shown = text(await render(objectionPage, `${path}?gesendet=1`, params, author.cookie));
    expect(shown).toContain(de.objection.sent);
    expect(shown).toContain(de.objection.waiting);
    expect(shown).not.toContain(de.objection.submit);
    const [receipt] = await t.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", author.user.email)
      .where("subject", "like", "Ihr Widerspruch%")
      .execute();
    expect(receipt.body_text).toContain(`http://localhost:3000${path}`);
  });

  it("a second objection is a 409 that writes nothing; a too short text a 422 on its field", async () => {
    const { author, decisionId, path } = await setting();
    const params = { id: decisionId };
    const before = await written();
    const short = await expectFormRefused(
      await r.post(objectionPage.action, path, { params, cookie: author.cookie, form: { body: "Nein." } }),
      422,
      "form_invalid",
    );
    expect(short.fieldErrors).toEqual({ body: "text_short" });
    const long = await expectFormRefused(
      await r.post(objectionPage.action, path, { params, cookie: author.cookie, form: { body: "x".repeat(2001) } }),
      422,
      "form_invalid",
    );
    expect(long.fieldErrors).toEqual({ body: "text_long" });
    expect(await written()).toEqual(before);
    expectRedirect(await r.post(objectionPage.action, path, { params, cookie: author.cookie, form: { body: TEXT } }));
    const mid = await written();
    await expectFormRefused(
      await r.post(objectionPage.action, path, { params, cookie: author.cookie, form: { body: TEXT } }),
      409,
      "already_objected",
    );
    expect(await written()).toEqual(mid);
  });

  it("guests sign in and come back; for anyone but the author the page does not exist", async () => {
    const { other, admin, decisionId, path } = await setting();
    const params = { id: decisionId };
    expectRedirect(await r.get(objectionPage.loader, path, { params }), `/anmelden?weiter=${encodeURIComponent(path)}`);
    expectRedirect(
      await r.post(objectionPage.action, path, { params, form: { body: TEXT } }),
      `/anmelden?weiter=${encodeURIComponent(path)}`,
    );
    const stranger = await signedIn();
    const before = await written();
    for (const person of [stranger, other, admin]) {
      await expectHttpError(await r.get(objectionPage.loader, path, { params, cookie: person.cookie }), 404, "not_found");
      await expectHttpError(
        await r.post(objectionPage.action, path, { params, cookie: person.cookie, form: { body: TEXT } }),
        404,
        "not_found",
      );
    }
    await expectHttpError(await r.get(objectionPage.loader, "/widerspruch/abc", { params: { id: "abc" }, cookie: stranger.cookie }), 404);
    await expectHttpError(
      await r.get(objectionPage.loader, "/widerspruch/99999", { params: { id: "99999" }, cookie: stranger.cookie }),
      404,
    );
    expect(await written()).toEqual(before);
  });

  it("after 14 days: the page says the period has ended, and a POST is refused", async () => {
    const { author, hider, proposal, consultation } = await setting();
    // A decision made 15 days ago (the audit log is append-only, so it is written with its date).
    const old = await t.db
      .insertInto("audit_log")
      .values({
        actor_id: hider.user.id,
        action: "hide",
        target_type: "proposal",
        target_id: proposal,
        reason: "Beleidigung einer Person",
        consultation_id: consultation,
        subject_id: author.user.id,
        rule: "regel-2",
        rule_text: "Respekt",
        created_at: sql<Date>`now() - interval '15 days'`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Written after the fixture's decision, it is the item's newest hide (decisions are ordered by id).
    const path = `/widerspruch/${old.id}`;
    const params = { id: String(old.id) };
    const page = await expectOk(await r.get(objectionPage.loader, path, { params, cookie: author.cookie }));
    expect(page.refusal).toBe("objection_period_over");
    expect(text(await render(objectionPage, path, params, author.cookie))).toContain("Die Frist für einen Widerspruch ist am");
    const before = await written();
    await expectFormRefused(
      await r.post(objectionPage.action, path, { params, cookie: author.cookie, form: { body: TEXT } }),
      409,
      "objection_period_over",
    );
    expect(await written()).toEqual(before);
  });

  it("when the item is visible again the page says so and offers no form", async () => {
    const { author, other, ref, decisionId, path } = await setting();
    const restored = await decide(t.db, other.user, ref, {
      decision: "restore",
      reason: "Doch zulässig",
      seen: await latestDecisionId(t.db, ref),
    });
    expect(restored.ok).toBe(true);
    const params = { id: decisionId };
    const page = await expectOk(await r.get(objectionPage.loader, path, { params, cookie: author.cookie }));
    expect(page.refusal).toBe("no_longer_hidden");
    const html = text(await render(objectionPage, path, params, author.cookie));
    expect(html).toContain(de.objection.noLongerHidden);
    expect(html).not.toContain(de.objection.submit);
    await expectFormRefused(
      await r.post(objectionPage.action, path, { params, cookie: author.cookie, form: { body: TEXT } }),
      409,
      "no_longer_hidden",
    );
  });
});

describe("/moderation/widersprueche", () => {
  const QUEUE = "/moderation/widersprueche";

  async function objected() {
    const s = await setting();
    expectRedirect(
      await r.post(objectionPage.action, s.path, { params: { id: s.decisionId }, cookie: s.author.cookie, form: { body: TEXT } }),
    );
    const row = await t.db.selectFrom("objections").select("id").executeTakeFirstOrThrow();
    return { ...s, objectionId: String(row.id) };
  }

  it("moderators and admins only", async () => {
    const { author } = await objected();
    const council = await signedIn({ role: "council" });
    await expectHttpError(await r.get(queuePage.loader, QUEUE), 401, "login_required");
    await expectHttpError(await r.get(queuePage.loader, QUEUE, { cookie: author.cookie }), 403, "forbidden");
    await expectHttpError(await r.get(queuePage.loader, QUEUE, { cookie: council.cookie }), 403, "forbidden");
    const before = await written();
    const form = { objection: "1", outcome: "restored", reason: "Alles in Ordnung" };
    await expectHttpError(await r.post(queuePage.action, QUEUE, { cookie: author.cookie, form }), 403, "forbidden");
    await expectHttpError(await r.post(queuePage.action, QUEUE, { cookie: council.cookie, form }), 403, "forbidden");
    expect(await written()).toEqual(before);
  });

  it("the moderator who hid it sees the objection without a form, and a POST from them is a 403 that writes nothing", async () => {
    const { hider, objectionId } = await objected();
    const page = await expectOk(await r.get(queuePage.loader, QUEUE, { cookie: hider.cookie }));
    expect(page.rows).toMatchObject([{ id: objectionId, refusal: "own_decision", body: TEXT }]);
    const html = await render(queuePage, QUEUE, {}, hider.cookie);
    expect(text(html)).toContain("Sie haben die Entscheidung getroffen – eine andere Person entscheidet.");
    expect(text(html)).toContain(TEXT);
    expect(html).not.toContain('name="outcome"');
    const before = await written();
    await expectFormRefused(
      await r.post(queuePage.action, QUEUE, {
        cookie: hider.cookie,
        form: { objection: objectionId, outcome: "restored", reason: "Ich war zu streng" },
      }),
      403,
      "own_decision",
    );
    expect(await written()).toEqual(before);
    const item = await t.db.selectFrom("proposals").select("hidden_kind").executeTakeFirstOrThrow();
    expect(item.hidden_kind).toBe("decision");
  });

  it("another moderator sees the form, decides, and the item is visible again; a second decision is a 409", async () => {
    const { other, admin, author, objectionId, proposal, decisionId, path } = await objected();
    const html = await render(queuePage, QUEUE, {}, other.cookie);
    expect(html).toContain('name="outcome"');
    expect(html).toMatch(/<fieldset[^>]*><legend>/);
    expect(text(html)).toContain(de.objection.queue.outcomes.upheld);
    expect(text(html)).toContain(de.objection.queue.outcomes.restored);
    expect(text(html)).toContain("Mehr Bänke am Fluss");
    expect(text(html)).toContain("Beleidigung einer Person");
    expect(html).toContain(`for="ergebnis-${objectionId}-restored"`);
    expect(html).toContain(`for="feld-reason-${objectionId}"`);

    // Invalid input: 422 with field errors, nothing written.
    const before = await written();
    const invalid = await expectFormRefused(
      await r.post(queuePage.action, QUEUE, {
        cookie: other.cookie,
        form: { objection: objectionId, outcome: "vielleicht", reason: "ok" },
      }),
      422,
      "form_invalid",
    );
    expect(invalid.fieldErrors).toEqual({ outcome: "outcome_missing", reason: "reason_missing" });
    await expectFormRefused(
      await r.post(queuePage.action, QUEUE, { cookie: other.cookie, form: { objection: "abc", outcome: "upheld", reason: "Passt so" } }),
      404,
      "not_found",
    );
    await expectFormRefused(
      await r.post(queuePage.action, QUEUE, { cookie: other.cookie, form: { objection: "424242", outcome: "upheld", reason: "Passt so" } }),
      404,
      "not_found",
    );
    expect(await written()).toEqual(before);

    expectRedirect(
      await r.post(queuePage.action, QUEUE, {
        cookie: other.cookie,
        form: { objection: objectionId, outcome: "restored", reason: "Kritik ist erlaubt." },
      }),
      `${QUEUE}?erledigt=restored`,
    );
    const item = await t.db
      .selectFrom("proposals")
      .select(["hidden_at", "hidden_kind"])
      .where("id", "=", proposal)
      .executeTakeFirstOrThrow();
    expect(item).toEqual({ hidden_at: null, hidden_kind: null });
    const done = text(await render(queuePage, `${QUEUE}?erledigt=restored`, {}, other.cookie));
    expect(done).toContain(de.objection.queue.done.restored);
    expect(done).toContain(de.objection.queue.emptyOpen);

    const mid = await written();
    await expectFormRefused(
      await r.post(queuePage.action, QUEUE, {
        cookie: admin.cookie,
        form: { objection: objectionId, outcome: "upheld", reason: "Doch ein Verstoß" },
      }),
      409,
      "already_decided",
    );
    expect(await written()).toEqual(mid);
    expect(de.objection.errors.already_decided).toBe("Darüber hat bereits jemand entschieden.");

    // The decided view lists it with its outcome; the author's page shows it.
    const decided = await expectOk(await r.get(queuePage.loader, `${QUEUE}?zustand=entschieden`, { cookie: admin.cookie }));
    expect(decided.rows).toMatchObject([{ id: objectionId, outcome: "restored", outcomeReason: "Kritik ist erlaubt." }]);
    const authorView = text(await render(objectionPage, path, { id: decisionId }, author.cookie));
    expect(authorView).toContain(de.objection.outcome.restored);
    expect(authorView).toContain("Kritik ist erlaubt.");
  });

  it("an upheld objection leaves the item hidden and says so", async () => {
    const { other, objectionId, proposal } = await objected();
    expectRedirect(
      await r.post(queuePage.action, QUEUE, {
        cookie: other.cookie,
        form: { objection: objectionId, outcome: "upheld", reason: "Regel 2 ist verletzt." },
      }),
      `${QUEUE}?erledigt=upheld`,
    );
    const item = await t.db.selectFrom("proposals").select("hidden_kind").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(item.hidden_kind).toBe("decision");
    const entries = await t.db.selectFrom("audit_log").select(["action", "actor_id"]).where("action", "like", "objection_%").execute();
    expect(entries).toEqual([{ action: "objection_upheld", actor_id: other.user.id }]);
  });

  it("pages through many objections, 20 at a time", async () => {
    const { other, author, consultation } = await setting();
    for (let i = 0; i < 21; i++) {
      const p = await createProposal(t.db, consultation, author.user, `Vorschlag ${i}`);
      const d = await decide(
        t.db,
        other.user,
        { type: "proposal", id: p },
        { decision: "hide", rule: "regel-1", reason: "Kein Thema hier", seen: "0" },
      );
      if (!d.ok) throw new Error(d.reason);
      expectRedirect(
        await r.post(objectionPage.action, `/widerspruch/${d.decisionId}`, {
          params: { id: d.decisionId },
          cookie: author.cookie,
          form: { body: TEXT },
        }),
      );
    }
    const first = await expectOk(await r.get(queuePage.loader, QUEUE, { cookie: other.cookie }));
    expect({ total: first.total, rows: first.rows.length }).toEqual({ total: 21, rows: 20 });
    expect(first.rows[0].item.excerpt).toBe("Vorschlag 0");
    const second = await expectOk(await r.get(queuePage.loader, `${QUEUE}?seite=2`, { cookie: other.cookie }));
    expect(second.rows.map((row: { item: { excerpt: string } }) => row.item.excerpt)).toEqual(["Vorschlag 20"]);
  });
});
