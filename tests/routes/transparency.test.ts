import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { expectHttpError, expectOk, routes } from "../setup/routes";
import { checkHtml, describeMessage } from "../e2e/html-check";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { decide, latestDecisionId } from "~/domain/moderation/decisions.server";
import { reportContribution } from "~/domain/moderation/flags.server";
import { giveAnswer } from "~/domain/answers/answers.server";
import * as entryServer from "~/entry.server";
import * as root from "~/root";
import * as platformPage from "~/routes/transparenz";
import * as consultationPage from "~/routes/beteiligungen.$id.transparenz";
import * as consultationIndex from "~/routes/beteiligungen.$id._index";

// The transparency pages /transparenz and /beteiligungen/:id/transparenz (issue 9): public, a draft's page a 404 for
// guests, each consultation's page counting only its own, the platform's list paginated; and both pages, rendered as
// the server renders them for a guest (the app's root and these routes inside Remix's request handling), are valid
// HTML for the Nu Html Checker, in German and English, empty and with figures.

// Remix's compiler turns the stylesheet import into its URL; vitest does not.
vi.mock("~/styles/app.css", () => ({ default: "/build/_assets/app.css" }));

const t = useTestDatabase();
const r = routes(t);

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

async function hide(moderator: CurrentUser, ref: ContributionRef, rule: string) {
  ok(
    await decide(t.db, moderator, ref, {
      decision: "hide",
      rule,
      reason: "Verstößt gegen die Regeln",
      seen: await latestDecisionId(t.db, ref),
    }),
  );
}

/** Two open consultations with a little moderation each, and a draft. */
async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const moderator = await createUser(t.db, { role: "moderator" });
  const author = await createUser(t.db);
  const reporter = await createUser(t.db);
  const a = await createConsultation(t.db, admin, "open");
  const b = await createConsultation(t.db, admin, "open");
  const draft = await createConsultation(t.db, admin, "draft");
  const [p1, p2] = [await createProposal(t.db, a, author, "Mehr Bänke"), await createProposal(t.db, a, author, "Weniger Lärm")];
  const q1 = await createProposal(t.db, b, author, "Radweg am Fluss");
  ok(await reportContribution(t.db, reporter, { type: "proposal", id: p1 }, { reason: "insult", note: "" }));
  await hide(moderator, { type: "proposal", id: p1 }, "regel-2");
  ok(await reportContribution(t.db, reporter, { type: "proposal", id: p2 }, { reason: "spam", note: "" }));
  ok(await reportContribution(t.db, reporter, { type: "proposal", id: q1 }, { reason: "off_topic", note: "" }));
  ok(await giveAnswer(t.db, moderator, p2, { status: "accepted", body: "Das setzen wir im Frühjahr um." }));
  return { admin, a, b, draft };
}

describe("/transparenz", () => {
  it("shows everyone the platform's figures and the published consultations with their key figures", async () => {
    const { a, b, draft } = await setting();
    const page = await expectOk(await r.get(platformPage.loader, "/transparenz"));
    expect(page.figures.contributions.total).toBe(3);
    expect(page.figures.flags.total).toEqual({ received: 3, open: 2, hidden: 1, kept: 0 });
    expect(page.figures.decisions.hidden).toBe(1);
    expect(page.figures.hiddenByRule.map((x: { key: string; count: number }) => [x.key, x.count])).toEqual([["regel-2", 1]]);
    expect(page.total).toBe(2);
    const listed = Object.fromEntries(page.consultations.map((c: { id: string; figures: unknown }) => [c.id, c.figures]));
    expect(Object.keys(listed).sort()).toEqual([a, b].sort());
    expect(listed[a]).toMatchObject({ contributions: 2, flags: 2, openFlags: 1, hidden: 1 });
    expect(listed[b]).toMatchObject({ contributions: 1, flags: 1, openFlags: 1, hidden: 0 });
    expect(Object.keys(listed)).not.toContain(draft);
  });

  it("lists 20 consultations a page", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    for (let i = 0; i < 21; i++) await createConsultation(t.db, admin, "closed");
    const first = await expectOk(await r.get(platformPage.loader, "/transparenz"));
    const second = await expectOk(await r.get(platformPage.loader, "/transparenz?seite=2"));
    expect([first.consultations.length, second.consultations.length, first.total]).toEqual([20, 1, 21]);
    const odd = await expectOk(await r.get(platformPage.loader, "/transparenz?seite=0x2"));
    expect(odd.page).toBe(1);
  });
});

describe("/beteiligungen/:id/transparenz", () => {
  it("counts only its own consultation", async () => {
    const { a, b } = await setting();
    const pageA = await expectOk(await r.get(consultationPage.loader, `/beteiligungen/${a}/transparenz`, { params: { id: a } }));
    expect(pageA.consultation).toMatchObject({ id: a, phase: "open" });
    expect(pageA.figures.contributions.total).toBe(2);
    expect(pageA.figures.flags.total).toEqual({ received: 2, open: 1, hidden: 1, kept: 0 });
    expect(pageA.figures.times.answer.count).toBe(1);
    const pageB = await expectOk(await r.get(consultationPage.loader, `/beteiligungen/${b}/transparenz`, { params: { id: b } }));
    expect(pageB.figures.contributions.total).toBe(1);
    expect(pageB.figures.flags.total).toEqual({ received: 1, open: 1, hidden: 0, kept: 0 });
    expect(pageB.figures.decisions.hidden).toBe(0);
    expect(pageB.figures.times.answer).toEqual({ count: 0, medianSeconds: null });
  });

  it("a draft's page is a 404 for guests and others, and shown to admins; unknown ids are 404s", async () => {
    const { admin, draft } = await setting();
    const path = `/beteiligungen/${draft}/transparenz`;
    await expectHttpError(await r.get(consultationPage.loader, path, { params: { id: draft } }), 404, "not_found");
    const resident = await createUser(t.db);
    await expectHttpError(
      await r.get(consultationPage.loader, path, { params: { id: draft }, cookie: await sessionCookieFor(t.db, resident) }),
      404,
      "not_found",
    );
    const forAdmin = await expectOk(
      await r.get(consultationPage.loader, path, { params: { id: draft }, cookie: await sessionCookieFor(t.db, admin) }),
    );
    expect(forAdmin.consultation.phase).toBe("draft");
    await expectHttpError(
      await r.get(consultationPage.loader, "/beteiligungen/abc/transparenz", { params: { id: "abc" } }),
      404,
      "not_found",
    );
    await expectHttpError(
      await r.get(consultationPage.loader, "/beteiligungen/999999/transparenz", { params: { id: "999999" } }),
      404,
      "not_found",
    );
  });
});

// ── The pages as a browser without JavaScript gets them ─────────────────────────────────────────────────────────

function route(id: string, path: string | undefined, module: Record<string, unknown>, parentId?: string) {
  return {
    server: { id, parentId, path, module: module as never },
    client: {
      id,
      parentId,
      path,
      module: `/build/${id}.js`,
      hasAction: "action" in module,
      hasLoader: "loader" in module,
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: "ErrorBoundary" in module,
      imports: [],
    },
  };
}

const appRoutes = [
  route("root", "", root),
  route("routes/transparenz", "transparenz", platformPage, "root"),
  route("routes/beteiligungen.$id.transparenz", "beteiligungen/:id/transparenz", consultationPage, "root"),
  route("routes/beteiligungen.$id._index", "beteiligungen/:id", consultationIndex, "root"),
];

const build = {
  mode: "production",
  entry: { module: entryServer },
  routes: Object.fromEntries(appRoutes.map((x) => [x.server.id, x.server])),
  assets: {
    entry: { imports: [], module: "/build/entry.client.js" },
    routes: Object.fromEntries(appRoutes.map((x) => [x.client.id, x.client])),
    url: "/build/manifest-test.js",
    version: "test",
  },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: false,
  },
  isSpaMode: false,
} as unknown as ServerBuild;

const handle = createRequestHandler(build, "production");

async function render(path: string, cookie?: string) {
  const response = await handle(new Request(`http://localhost:3000${path}`, { headers: cookie ? { Cookie: cookie } : {} }), {
    db: t.db,
    nonce: "test-nonce",
    clientIp: "203.0.113.7",
  } as never);
  return { path, status: response.status, html: await response.text() };
}

describe("the pages' HTML", () => {
  it("is valid for guests, empty and with figures, in German and English; the footer and the consultation link to it", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const empty = await createConsultation(t.db, admin, "open");
    const pages = [await render("/transparenz"), await render(`/beteiligungen/${empty}/transparenz`)];
    const { a } = await setting();
    pages.push(
      await render("/transparenz"),
      await render(`/beteiligungen/${a}/transparenz`),
      await render("/transparenz", "lang=en"),
      await render(`/beteiligungen/${a}/transparenz`, "lang=en"),
    );
    for (const page of pages) expect(page.status, page.path).toBe(200);

    const [emptyPlatform, emptyConsultation, platform, consultation, english] = pages;
    // Nothing happened yet: zeros, and a dash (read out as "keine Angabe") for each median.
    expect(emptyConsultation.html).toContain('<span aria-hidden="true">–</span><span class="visually-hidden">keine Angabe</span>');
    expect(emptyConsultation.html).toContain("Bisher hat die Moderation keinen Beitrag wegen einer Regel ausgeblendet.");
    expect(emptyPlatform.html).toContain("<caption>Meldungen nach Grund</caption>");
    // With figures: the rule named, its words, the answer time; the platform lists the consultation's page.
    expect(consultation.html).toContain("<caption>Von einer Person ausgeblendet: nach Regel der Netiquette</caption>");
    expect(consultation.html).toContain("Regel 2");
    expect(consultation.html).toContain("Keine Beleidigungen oder Diskriminierung.");
    expect(consultation.html).toContain("weniger als 1 Stunde");
    expect(consultation.html).toContain('href="/netiquette"');
    expect(platform.html).toContain(`href="/beteiligungen/${a}/transparenz"`);
    expect(english.html).toContain("<caption>Reports by reason</caption>");
    // The footer of every page links /transparenz; the consultation's page links its transparency page.
    expect(platform.html).toMatch(/<footer[\s\S]*href="\/transparenz"/);
    const index = await render(`/beteiligungen/${a}`);
    expect(index.status).toBe(200);
    expect(index.html).toContain(`href="/beteiligungen/${a}/transparenz"`);

    const messages = await checkHtml(pages.map((p) => p.html));
    const errors = messages.flatMap((list, i) =>
      list.filter((m) => m.type !== "info").map((m) => `${pages[i].path}: ${describeMessage(m)}`),
    );
    expect(errors).toEqual([]);
  });

  it("a draft's page is the not-found page for guests", async () => {
    const { draft } = await setting();
    const page = await render(`/beteiligungen/${draft}/transparenz`);
    expect(page.status).toBe(404);
    expect(page.html).toContain("Seite nicht gefunden");
    expect(page.html).not.toContain("Transparenz:");
  });
});
