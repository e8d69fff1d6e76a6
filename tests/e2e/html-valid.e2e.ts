import fs from "node:fs";
import http from "node:http";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toLocalInputValue } from "~/domain/consultations/consultations.time";
import { demoAccounts } from "../../db/seed";
import { startServer, type AppServer } from "./harness";
import { serverErrorPages } from "./server-error";
import { checkHtml, describeMessage, Visitor, type Answer, type CheckerMessage } from "./html-check";

// Every page template is valid HTML (DESIGN §8): the Nu Html Checker (npm `vnu-jar`, on the machine's Java) finds
// 0 errors on every page, as guest, resident, moderator, council member and admin, in German and English, on error
// pages of every status and nesting, and on forms shown again with errors. The pages are fetched as a browser
// without JavaScript does (plain HTTP with cookies) from the production build with a fresh demo database, and all
// of them are checked by one run of the checker. Warnings are printed, not failed.

// The 500 pages are rendered in this process from the app's own modules (server-error.ts); Remix's compiler would
// turn the stylesheet import into its URL, which vitest does not do.
vi.mock("~/styles/app.css", () => ({ default: "/build/_assets/app.css" }));

const account = (role: string) => demoAccounts.find((a) => a.role === role)!;
const DAY = 24 * 3600 * 1000;

const GROUPS = ["guest", "resident", "moderator", "council", "admin", "new account", "English", "errors", "forms with errors"] as const;
type Group = (typeof GROUPS)[number];

interface Visited {
  group: Group;
  label: string;
  url: string;
  status: number;
  expected: number;
  html: string;
  messages: CheckerMessage[];
}

let server: AppServer;
const visited: Visited[] = [];

function record(group: Group, label: string, answer: Answer, expected: number) {
  visited.push({
    group,
    label,
    url: answer.url.replace(/^https?:\/\/[^/]+/, ""),
    status: answer.status,
    expected,
    html: answer.html,
    messages: [],
  });
  return answer;
}

/** The distinct numbers in `html` that follow `prefix` in a link (`href="/vorschlaege/12"` → 12), in page order. */
function idsIn(html: string, prefix: string): string[] {
  const found = [...html.matchAll(new RegExp(`href="${prefix.replace(/[/.]/g, "\\$&")}(\\d+)`, "g"))].map((m) => m[1]);
  return [...new Set(found)];
}

/** The id in the link of the element whose text is `text` (`<a href="/beteiligungen/3">text</a>`). */
function idOfLink(html: string, prefix: string, text: string): string {
  const match = html.match(new RegExp(`href="${prefix.replace(/[/.]/g, "\\$&")}(\\d+)"[^>]*>${text}<`));
  if (!match) throw new Error(`kein Link „${text}“ unter ${prefix}`);
  return match[1];
}

/** The version (`seen`) the inline decision form `target` carries in a page, sent back as a browser sends the form. */
function seenIn(html: string, target: string): string {
  const form = html.split("<form").find((f) => f.includes(`name="target" value="${target}"`));
  const seen = form?.match(/name="seen" value="(\d+)"/)?.[1];
  if (!seen) throw new Error(`kein Entscheidungsformular „${target}“`);
  return seen;
}

/** A raw request, for answers the server gives before Remix runs (a declared size too large, chunked bodies). */
function rawRequest(baseUrl: string, pathname: string, headers: Record<string, string>, body = ""): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(pathname, baseUrl), { method: "POST", headers }, (response) => {
      let html = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (html += chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          url: pathname,
          html,
          headers: new Headers(response.headers as Record<string, string>),
        }),
      );
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function tinyPhoto(): Promise<Blob> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 120, b: 90 } } })
    .png()
    .toBuffer();
  return new Blob([new Uint8Array(png)], { type: "image/png" });
}

/** Walks every page template as every role and records what the server answered. */
async function visitEverything(baseUrl: string) {
  const guest = new Visitor(baseUrl);
  const resident = new Visitor(baseUrl);
  const moderator = new Visitor(baseUrl);
  const council = new Visitor(baseUrl);
  const admin = new Visitor(baseUrl);
  const newcomer = new Visitor(baseUrl);
  const english = new Visitor(baseUrl);
  await resident.login(account("resident").email, account("resident").password);
  await moderator.login(account("moderator").email, account("moderator").password);
  await council.login(account("council").email, account("council").password);
  await admin.login(account("admin").email, account("admin").password);

  // The demo town's ids, read from its pages: an open, a closed (with a published result), a scheduled and a draft
  // consultation; proposals with and without a point, with an official answer; a text document with sections.
  const adminList = (await admin.get("/verwaltung")).html;
  const open = idOfLink(adminList, "/verwaltung/", "Radverkehr in der Innenstadt");
  const closed = idOfLink(adminList, "/verwaltung/", "Neugestaltung des Marktplatzes");
  const scheduled = idOfLink(adminList, "/verwaltung/", "Erweiterung der Grundschule am Lindenpark");
  const draft = idOfLink(adminList, "/verwaltung/", "Spielplatzkonzept 2027");
  const premoderated = idOfLink(adminList, "/verwaltung/", "Windpark am Hohen Berg");
  const openPage = (await guest.get(`/beteiligungen/${open}`)).html;
  const [proposal, otherProposal] = idsIn(openPage, "/vorschlaege/");
  const describedPlace = idOfLink(openPage, "/vorschlaege/", "Sichere Querung am Friedhof");
  const answered = idsIn((await guest.get(`/beteiligungen/${closed}?status=angenommen`)).html, "/vorschlaege/")[0];
  const closedProposal = idsIn((await guest.get(`/beteiligungen/${closed}?status=eingegangen`)).html, "/vorschlaege/")[0];
  const documents = idsIn(openPage, "/dokumente/");
  const textDocument = documents.find((d) => openPage.includes(`href="/dokumente/${d}"`))!;
  const textPage = (await guest.get(`/dokumente/${textDocument}`)).html;
  const section = idsIn(textPage, "/abschnitte/")[0];
  const adminDocuments = (await admin.get(`/verwaltung/${open}/dokumente`)).html;
  const documentEdits = idsIn(adminDocuments, "/verwaltung/dokumente/");
  expect([open, closed, scheduled, draft, proposal, otherProposal, describedPlace, answered, closedProposal, section]).not.toContain(
    undefined,
  );
  expect(documentEdits.length).toBeGreaterThanOrEqual(2);

  // ── Guests ──────────────────────────────────────────────────────────────────────────────────────────────
  const g = (label: string, path: string, status = 200) => guest.get(path).then((a) => record("guest", label, a, status));
  await g("start", "/");
  for (const phase of ["offen", "demnaechst", "beendet", "ergebnis"]) await g(`start, phase ${phase}`, `/?phase=${phase}`);
  await g("start, search", "/?suche=Radwege");
  await g("start, search without hits", "/?suche=Zeppelinlandeplatz");
  await g("results", "/ergebnisse");
  await g("consultation open", `/beteiligungen/${open}`);
  await g("consultation open, page 2", `/beteiligungen/${open}?seite=2`);
  await g("consultation open, filtered", `/beteiligungen/${open}?sortierung=unterstuetzt&suche=Rad`);
  await g("consultation open, no hits", `/beteiligungen/${open}?suche=Zeppelinlandeplatz`);
  await g("consultation closed", `/beteiligungen/${closed}`);
  await g("consultation closed, status filter", `/beteiligungen/${closed}?status=abgelehnt`);
  await g("consultation scheduled", `/beteiligungen/${scheduled}`);
  await g("result report", `/beteiligungen/${closed}/ergebnis`);
  await g("proposal", `/vorschlaege/${proposal}`);
  await g("proposal, comments page 2", `/vorschlaege/${proposal}?seite=2`);
  await g("proposal with a described place", `/vorschlaege/${describedPlace}`);
  await g("proposal with an answer", `/vorschlaege/${answered}`);
  await g("proposal of a closed consultation", `/vorschlaege/${closedProposal}`);
  await g("new proposal, not signed in", `/beteiligungen/${open}/vorschlag`);
  await g("text document", `/dokumente/${textDocument}`);
  await g("section", `/abschnitte/${section}`);
  await g("login", "/anmelden");
  await g("login after registration", "/anmelden?hinweis=registered");
  await g("login by mailed link", "/anmelden/link");
  await g("login by mailed link, sent", "/anmelden/link?gesendet=1");
  await g("login link, redeem", "/anmelden/link/einloesen?token=abc");
  await g("registration", "/registrieren");
  await g("verification link", "/bestaetigen?token=abc");
  await g("unsubscribe, invalid link", "/abbestellen?t=abc", 400);
  await g("house rules", "/netiquette");
  await g("house rules with a consultation's additions", `/netiquette?beteiligung=${open}`);
  expect((await g("transparency", "/transparenz")).html).toContain("<table");
  expect((await g("transparency of a consultation", `/beteiligungen/${open}/transparenz`)).html).toContain("<table");

  // ── Residents ───────────────────────────────────────────────────────────────────────────────────────────
  const r = (label: string, path: string, status = 200) => resident.get(path).then((a) => record("resident", label, a, status));
  await r("start", "/");
  await r("consultation open", `/beteiligungen/${open}`);
  await r("consultation scheduled", `/beteiligungen/${scheduled}`);
  await r("new proposal", `/beteiligungen/${open}/vorschlag`);
  await r("new proposal, consultation not open", `/beteiligungen/${scheduled}/vorschlag`);
  const photoForm = new FormData();
  for (const [k, v] of Object.entries({ title: "Schattenbäume am Busbahnhof", body: "Im Sommer ist es am Busbahnhof sehr heiß." })) {
    photoForm.set(k, v);
  }
  photoForm.set("lat", "50.5519");
  photoForm.set("lng", "9.6759");
  photoForm.set("photo", await tinyPhoto(), "busbahnhof.png");
  photoForm.set("photoAlt", "Der Busbahnhof in der Mittagssonne");
  const created = record(
    "resident",
    "proposal with a photo, just created",
    await resident.post(`/beteiligungen/${open}/vorschlag`, photoForm),
    200,
  );
  const ownProposal = created.url.match(/\/vorschlaege\/(\d+)/)?.[1] ?? "0";
  expect(created.html, "der neue Vorschlag zeigt sein Foto").toContain(`/vorschlaege/${ownProposal}/foto?v=`);
  await r("own proposal, edit form", `/vorschlaege/${ownProposal}/bearbeiten`);
  const commented = record(
    "resident",
    "proposal after a comment",
    await resident.post(`/vorschlaege/${proposal}`, { intent: "comment", target: "comment", page: "1", body: "Das finde ich gut." }),
    200,
  );
  const ownComment = commented.url.match(/#kommentar-(\d+)/)?.[1] ?? idsIn(commented.html, "#kommentar-").pop() ?? "0";
  await r("own comment, edit form", `/kommentare/${ownComment}/bearbeiten`);
  await r("report form (proposal)", `/melden?typ=vorschlag&id=${otherProposal}`);
  await r("report form (photo)", `/melden?typ=foto&id=${ownProposal}`, 403);
  record("resident", "report without a reason", await resident.post(`/melden?typ=vorschlag&id=${otherProposal}`, { note: "" }), 422);
  record(
    "resident",
    "proposal after a report",
    await resident.post(`/melden?typ=vorschlag&id=${otherProposal}`, { reason: "off_topic", note: "Passt nicht zum Thema." }),
    200,
  );
  await resident.post(`/vorschlaege/${proposal}`, { intent: "vote", value: "1" });
  record("resident", "proposal after a vote", await resident.get(`/vorschlaege/${proposal}`), 200);
  record(
    "resident",
    "proposal followed",
    await resident.post(`/vorschlaege/${proposal}/folgen`, { folgen: "1", weiter: `/vorschlaege/${proposal}` }),
    200,
  );
  await r("follow route opened directly", `/vorschlaege/${proposal}/folgen`);
  record("resident", "follow refused", await resident.post(`/vorschlaege/${proposal}/folgen`, { folgen: "vielleicht" }), 422);
  record("resident", "consultation follow refused", await resident.post(`/beteiligungen/${open}/folgen`, { folgen: "?" }), 422);
  await r("text document", `/dokumente/${textDocument}`);
  await r("section", `/abschnitte/${section}`);
  record(
    "resident",
    "section after a comment",
    await resident.post(`/abschnitte/${section}`, { intent: "comment", target: "comment", page: "1", body: "Ein wichtiger Abschnitt." }),
    200,
  );
  await r("account", "/konto");
  await r("result report", `/beteiligungen/${closed}/ergebnis`);

  // ── Moderators ──────────────────────────────────────────────────────────────────────────────────────────
  const m = (label: string, path: string, status = 200) => moderator.get(path).then((a) => record("moderator", label, a, status));
  await m("start", "/");
  await m("proposal with moderation forms", `/vorschlaege/${proposal}`);
  // An admin comments on the followed proposal: the resident gets a mail with an unsubscribe link.
  await admin.post(`/vorschlaege/${proposal}`, { intent: "comment", target: "comment", page: "1", body: "Die Verwaltung prüft das." });
  // Inline decisions as the proposal page's forms send them: a house rule, a reason and the version the moderator saw.
  const otherProposalPage = (await moderator.get(`/vorschlaege/${otherProposal}`)).html;
  record(
    "moderator",
    "proposal hidden (moderator's view)",
    await moderator.post(`/vorschlaege/${otherProposal}`, {
      intent: "hide",
      target: `moderate-proposal-${otherProposal}-hide`,
      targetType: "proposal",
      targetId: otherProposal,
      seen: seenIn(otherProposalPage, `moderate-proposal-${otherProposal}-hide`),
      rule: "regel-3",
      reason: "Werbung für ein Geschäft",
    }),
    200,
  );
  const proposalPage = (await moderator.get(`/vorschlaege/${proposal}`)).html;
  const commentHidden = record(
    "moderator",
    "comment hidden (moderator's view)",
    await moderator.post(`/vorschlaege/${proposal}`, {
      intent: "hide",
      target: `moderate-comment-${ownComment}-hide`,
      targetType: "comment",
      targetId: ownComment,
      seen: seenIn(proposalPage, `moderate-comment-${ownComment}-hide`),
      rule: "regel-2",
      reason: "Beleidigung einer Person",
      page: "1",
    }),
    200,
  );
  expect(commentHidden.url, "der Kommentar ist ausgeblendet").toContain("hinweis=hidden");
  await g("proposal hidden", `/vorschlaege/${otherProposal}`);
  await g("proposal with a hidden comment", `/vorschlaege/${proposal}`);
  const ownHidden = await r("own hidden comment, with its statement of reasons", `/vorschlaege/${proposal}`);
  expect(ownHidden.html, "Begründung für die Verfasserin").toContain("Begründung der Entscheidung");
  // The author objects to the decision: the objection page before and after sending.
  const decisionId = ownHidden.html.match(/href="\/widerspruch\/(\d+)"/)?.[1];
  expect(decisionId, "Link zum Widerspruch").toBeTruthy();
  await r("objection form", `/widerspruch/${decisionId}`);
  const objected = record(
    "resident",
    "objection sent",
    await resident.post(`/widerspruch/${decisionId}`, { body: "Das war keine Beleidigung, nur eine klare Meinung." }),
    200,
  );
  expect(objected.url).toContain("gesendet=1");
  // A pre-moderated consultation: the author's new comment waits, marked “Wird geprüft” for them.
  const premoderatedProposal = idsIn((await guest.get(`/beteiligungen/${premoderated}`)).html, "/vorschlaege/")[0];
  const waiting = record(
    "resident",
    "pre-moderated comment, author's view",
    await resident.post(`/vorschlaege/${premoderatedProposal}`, {
      intent: "comment",
      target: "comment",
      page: "1",
      body: "Wie hoch werden die Windräder?",
    }),
    200,
  );
  expect(waiting.html, "wartender Kommentar").toContain("Wird geprüft");
  // The moderation pages, each with data: reports (open, decided), items waiting, the log, unanswered proposals,
  // objections (the demo's open one was decided by this moderator: no form for them).
  // Each list shows items (the queue's items and the objections are articles, the log a table).
  const listed = async (answer: Promise<Answer>, marker: string) => expect((await answer).html).toContain(marker);
  await listed(m("moderation queue, reports", "/moderation"), 'name="item"');
  await listed(m("moderation queue, waiting for approval", "/moderation?ansicht=freigabe"), 'name="item"');
  await listed(m("moderation queue, decided reports", "/moderation?stand=entschieden"), "<article");
  await listed(m("moderation queue, filtered", `/moderation?beteiligung=${open}&grund=spam`), 'name="item"');
  await listed(m("moderation log", "/moderation/protokoll"), "<tbody>");
  await listed(m("moderation log, automatic decisions", "/moderation/protokoll?wer=automatisch"), "<tbody>");
  await listed(m("proposals without an answer", "/moderation/stellungnahmen"), "/vorschlaege/");
  await listed(m("objections, open", "/moderation/widersprueche"), "<article");
  await m("answer form, new", `/vorschlaege/${proposal}/stellungnahme`);
  await m("answer form, existing answer", `/vorschlaege/${answered}/stellungnahme`);
  await m("result report", `/beteiligungen/${closed}/ergebnis`);

  // ── Admins ──────────────────────────────────────────────────────────────────────────────────────────────
  const a = (label: string, path: string, status = 200) => admin.get(path).then((x) => record("admin", label, x, status));
  await a("admin start", "/verwaltung");
  await a("new consultation", "/verwaltung/neu");
  await a("editor, open consultation", `/verwaltung/${open}`);
  await a("editor, draft", `/verwaltung/${draft}`);
  await a("editor, closed consultation", `/verwaltung/${closed}`);
  await a("draft consultation", `/beteiligungen/${draft}`);
  await a("documents", `/verwaltung/${open}/dokumente`);
  await a("new text", `/verwaltung/${open}/dokumente/text`);
  await a("house rules editor", "/verwaltung/netiquette");
  await a("moderation settings", `/verwaltung/${open}/moderation`);
  await a("accounts", "/verwaltung/konten");
  const found = await a("accounts, searched", "/verwaltung/konten?suche=Mustermann");
  const residentAccount = idOfLink(found.html, "/verwaltung/konten/", "Erika Mustermann");
  await a("account of a resident", `/verwaltung/konten/${residentAccount}`);
  // Another person than the one who hid the comment decides the resident's objection.
  const openObjections = await a("objections, open, with forms", "/moderation/widersprueche");
  const objectionId = openObjections.html
    .split("<article")
    .find((article) => article.includes("Das war keine Beleidigung"))
    ?.match(/name="objection" value="(\d+)"/)?.[1];
  expect(objectionId, "Formular zum Widerspruch").toBeTruthy();
  record(
    "admin",
    "objection decided",
    await admin.post("/moderation/widersprueche", {
      objection: objectionId!,
      outcome: "upheld",
      reason: "Die Aussage greift eine Person an.",
    }),
    200,
  );
  expect((await a("objections, decided", "/moderation/widersprueche?zustand=entschieden")).html).toContain(
    "Die Aussage greift eine Person an.",
  );
  expect((await r("objection decided, author's view", `/widerspruch/${decisionId}`)).html).toContain("Die Aussage greift eine Person an.");
  await a("house rules editor, a consultation's additions", `/verwaltung/netiquette?beteiligung=${open}`);
  for (const [i, doc] of documentEdits.entries()) await a(`document editor ${i + 1}`, `/verwaltung/dokumente/${doc}`);
  // A consultation that ran last week and is closed without a result yet.
  const consultationForm = {
    title: "Lärmschutz an der Umgehungsstraße",
    summary: "Wo ist es an der Umgehungsstraße zu laut? Die Beteiligung ist beendet.",
    plainSummary: "",
    body: "## Worum ging es?\n\nUm **Lärm** an der Umgehungsstraße.",
    opensAt: toLocalInputValue(new Date(Date.now() - 9 * DAY)),
    closesAt: toLocalInputValue(new Date(Date.now() - 2 * DAY)),
    contactName: "",
    contactOffice: "",
    contactEmail: "",
    contactPhone: "",
    inputUse: "",
    centerLat: "50.5519",
    centerLng: "9.6759",
    zoom: "14",
    area: "",
  };
  const createdConsultation = await admin.post("/verwaltung/neu", consultationForm);
  record("admin", "new consultation created", createdConsultation, 200);
  const ended = createdConsultation.url.match(/\/verwaltung\/(\d+)/)?.[1] ?? "0";
  record("admin", "published", await admin.post(`/verwaltung/${ended}`, { intent: "publish" }), 200);
  await g("consultation closed without result", `/beteiligungen/${ended}`);
  await m("result report editor, no report yet", `/beteiligungen/${ended}/ergebnis/bearbeiten`);
  record(
    "moderator",
    "result report saved as draft",
    await moderator.post(`/beteiligungen/${ended}/ergebnis/bearbeiten`, {
      intent: "save",
      summary: "## Zusammenfassung\n\nViele wünschen sich eine Lärmschutzwand.",
    }),
    200,
  );
  await m("result draft", `/beteiligungen/${ended}/ergebnis`);
  await a("mail outbox", "/postausgang");

  // ── Council members ─────────────────────────────────────────────────────────────────────────────────────
  const c = (label: string, path: string, status = 200) => council.get(path).then((x) => record("council", label, x, status));
  await c("start", "/");
  await c("results", "/ergebnisse");
  await c("result report", `/beteiligungen/${closed}/ergebnis`);
  await c("result draft", `/beteiligungen/${ended}/ergebnis`);
  await c("consultation closed without published result", `/beteiligungen/${ended}`);
  await c("account", "/konto");

  // ── A new account: registered, not yet verified, then verified by the mailed link ──────────────────────
  const n = (label: string, path: string, status = 200) => newcomer.get(path).then((x) => record("new account", label, x, status));
  const registered = await newcomer.post("/registrieren", {
    email: "neu@example.org",
    displayName: "Nora Neu",
    password: "ein-langes-Passwort-2026",
  });
  record("new account", "after registration", registered, 200);
  await newcomer.login("neu@example.org", "ein-langes-Passwort-2026");
  await n("account, not verified", "/konto");
  await n("consultation, not verified", `/beteiligungen/${open}`);
  await n("proposal, not verified", `/vorschlaege/${proposal}`);
  const outbox = (await admin.get("/postausgang")).html;
  const verifyToken = outbox.match(/bestaetigen\?token=([A-Za-z0-9_-]+)/)?.[1];
  expect(verifyToken, "Bestätigungslink im Postausgang").toBeTruthy();
  await n("verification form", `/bestaetigen?token=${verifyToken}`);
  record("new account", "account, just verified", await newcomer.post("/bestaetigen", { token: verifyToken! }), 200);
  const unsubscribeToken = outbox.match(/abbestellen\?t=([A-Za-z0-9_.~%-]+)/)?.[1];
  expect(unsubscribeToken, "Abbestell-Link im Postausgang").toBeTruthy();
  await g("unsubscribe page", `/abbestellen?t=${unsubscribeToken}`);
  record(
    "guest",
    "unsubscribed",
    await guest.post(`/abbestellen?t=${unsubscribeToken}`, { t: decodeURIComponent(unsubscribeToken!) }),
    200,
  );

  // ── In English ──────────────────────────────────────────────────────────────────────────────────────────
  await english.post("/sprache", { locale: "en", redirectTo: "/" });
  const e = (label: string, path: string, status = 200) => english.get(path).then((x) => record("English", label, x, status));
  await e("start", "/");
  await e("consultation", `/beteiligungen/${open}`);
  await e("proposal", `/vorschlaege/${answered}`);
  await e("result report", `/beteiligungen/${closed}/ergebnis`);
  await e("login", "/anmelden");
  await e("not found", "/beteiligungen/999999", 404);
  await e("login required", "/konto", 401);

  // ── Error pages in every nesting ────────────────────────────────────────────────────────────────────────
  const x = (who: Visitor, label: string, path: string, status: number) => who.get(path).then((y) => record("errors", label, y, status));
  await x(guest, "404 top level", "/gibt-es-nicht", 404);
  await x(guest, "404 deep", "/gibt/es/nicht", 404);
  await x(guest, "404 unknown consultation", "/beteiligungen/999999", 404);
  await x(guest, "404 id not a number", "/beteiligungen/abc", 404);
  await x(guest, "404 no result yet", `/beteiligungen/${scheduled}/ergebnis`, 404);
  await x(guest, "404 draft for guests", `/beteiligungen/${draft}`, 404);
  await x(guest, "404 unknown proposal", "/vorschlaege/999999", 404);
  await x(resident, "404 unknown proposal's edit form", "/vorschlaege/999999/bearbeiten", 404);
  await x(guest, "404 unknown document", "/dokumente/999999", 404);
  await x(guest, "404 unknown section", "/abschnitte/999999", 404);
  await x(admin, "404 unknown consultation's documents", "/verwaltung/999999/dokumente/text", 404);
  await x(guest, "404 outbox for guests", "/postausgang", 404);
  await x(guest, "401 account", "/konto", 401);
  await x(guest, "401 comment edit", `/kommentare/${ownComment}/bearbeiten`, 401);
  await x(resident, "403 admin", "/verwaltung", 403);
  await x(resident, "403 moderation", "/moderation", 403);
  await x(council, "403 editor", `/verwaltung/${open}`, 403);
  await x(resident, "403 answer form", `/vorschlaege/${proposal}/stellungnahme`, 403);
  await x(resident, "403 someone else's proposal", `/vorschlaege/${proposal}/bearbeiten`, 403);
  await x(moderator, "403 someone else's comment", `/kommentare/${ownComment}/bearbeiten`, 403);
  await x(moderator, "409 result editor while open", `/beteiligungen/${open}/ergebnis/bearbeiten`, 409);
  await x(moderator, "409 result editor once published", `/beteiligungen/${closed}/ergebnis/bearbeiten`, 409);
  // Refused before Remix runs (server.ts): a foreign origin, a body that is no form, of unknown or too large size.
  const origin = new URL(baseUrl).origin;
  record(
    "errors",
    "403 cross-origin POST",
    await rawRequest(
      baseUrl,
      "/anmelden",
      { Origin: "https://angreifer.example", "Content-Type": "application/x-www-form-urlencoded" },
      "a=1",
    ),
    403,
  );
  record("errors", "415 not a form", await rawRequest(baseUrl, "/anmelden", { Origin: origin, "Content-Type": "text/plain" }, "a"), 415);
  record(
    "errors",
    "411 chunked form",
    await rawRequest(
      baseUrl,
      "/anmelden",
      { Origin: origin, "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      "a=1",
    ),
    411,
  );
  record(
    "errors",
    "413 too large",
    await rawRequest(baseUrl, "/anmelden", {
      Origin: origin,
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": String(27 * 1024 * 1024),
      Connection: "close",
    }),
    413,
  );
  record(
    "errors",
    "400 multipart without boundary",
    await rawRequest(baseUrl, "/anmelden", { Origin: origin, "Content-Type": "multipart/form-data" }, "email=x"),
    400,
  );

  // ── Forms shown again with their errors (no JavaScript) ─────────────────────────────────────────────────
  const f = async (who: Visitor, label: string, path: string, body: Record<string, string> | FormData, status: number) =>
    record("forms with errors", label, await who.post(path, body), status);
  await f(guest, "registration", "/registrieren", { email: "kein-at", displayName: "N", password: "kurz" }, 422);
  await f(guest, "login, wrong password", "/anmelden", { email: account("resident").email, password: "falsch-falsch", weiter: "/" }, 401);
  await f(guest, "login, empty", "/anmelden", { email: "", password: "", weiter: "/" }, 422);
  await f(guest, "verification, invalid token", "/bestaetigen", { token: "abc" }, 400);
  await f(guest, "login link, no address", "/anmelden/link", { email: "" }, 422);
  await f(guest, "login link, invalid token", "/anmelden/link/einloesen", { token: "abc" }, 400);
  await f(
    guest,
    "comment, not signed in",
    `/vorschlaege/${proposal}`,
    { intent: "comment", target: "comment", page: "1", body: "Hallo" },
    401,
  );
  await f(resident, "comment, too short", `/vorschlaege/${proposal}`, { intent: "comment", target: "comment", page: "1", body: "x" }, 422);
  await f(
    resident,
    "reply, too short",
    `/vorschlaege/${proposal}`,
    {
      intent: "comment",
      target: `reply-${ownComment}`,
      page: "1",
      parentId: ownComment,
      body: "",
    },
    422,
  );
  await f(
    resident,
    "section comment, too short",
    `/abschnitte/${section}`,
    { intent: "comment", target: "comment", page: "1", body: "" },
    422,
  );
  await f(resident, "vote on a closed consultation", `/vorschlaege/${closedProposal}`, { intent: "vote", value: "1" }, 409);
  const badProposal = new FormData();
  badProposal.set("title", "Rad");
  badProposal.set("body", "kurz");
  badProposal.set("lat", "500");
  badProposal.set("lng", "");
  await f(resident, "proposal", `/beteiligungen/${open}/vorschlag`, badProposal, 422);
  const badEdit = new FormData();
  badEdit.set("title", "");
  badEdit.set("body", "");
  await f(resident, "proposal edit", `/vorschlaege/${ownProposal}/bearbeiten`, badEdit, 422);
  await f(resident, "comment edit", `/kommentare/${ownComment}/bearbeiten`, { body: "" }, 422);
  await f(
    moderator,
    "hide without a reason",
    `/vorschlaege/${proposal}`,
    {
      intent: "hide",
      target: `moderate-proposal-${proposal}-hide`,
      targetType: "proposal",
      targetId: proposal,
      seen: seenIn((await moderator.get(`/vorschlaege/${proposal}`)).html, `moderate-proposal-${proposal}-hide`),
      rule: "regel-1",
      reason: "",
    },
    400,
  );
  await f(moderator, "moderation queue, decision incomplete", "/moderation?index", { decision: "hide", reason: "kurz" }, 400);
  await f(admin, "objection decision without an outcome", "/moderation/widersprueche", { objection: "1", reason: "" }, 422);
  await f(
    admin,
    "moderation settings",
    `/verwaltung/${open}/moderation`,
    { autoHide: "on", autoHideThreshold: "99", premoderated: "off" },
    400,
  );
  await f(admin, "suspension without a reason", `/verwaltung/konten/${residentAccount}`, { intent: "suspend" }, 400);
  await f(moderator, "answer", `/vorschlaege/${proposal}/stellungnahme`, { status: "", body: "kurz" }, 422);
  await f(moderator, "result report", `/beteiligungen/${ended}/ergebnis/bearbeiten`, { intent: "save", summary: "" }, 422);
  await f(
    admin,
    "new consultation",
    "/verwaltung/neu",
    { ...consultationForm, title: "", closesAt: consultationForm.opensAt, area: "{" },
    422,
  );
  await f(admin, "new consultation, preview", "/verwaltung/neu", { ...consultationForm, intent: "preview" }, 200);
  await f(admin, "consultation edit", `/verwaltung/${open}`, { ...consultationForm, summary: "" }, 422);
  await f(admin, "consultation edit, preview", `/verwaltung/${open}`, { ...consultationForm, intent: "preview" }, 200);
  await f(admin, "category", `/verwaltung/${open}`, { intent: "add-category", name: "", color: "" }, 422);
  await f(admin, "house rules without a numbered rule", "/verwaltung/netiquette", { intent: "save", body: "Nur Text." }, 422);
  await f(admin, "house rules, preview", "/verwaltung/netiquette", { intent: "preview", body: "1. Respektvoll bleiben." }, 200);
  const badUpload = new FormData();
  badUpload.set("title", "");
  badUpload.set("accessibleSummary", "");
  await f(admin, "document upload", `/verwaltung/${open}/dokumente`, badUpload, 422);
  await f(admin, "new text", `/verwaltung/${open}/dokumente/text`, { kind: "text", title: "", body: "" }, 422);
  await f(admin, "document edit", `/verwaltung/dokumente/${documentEdits[0]}`, { kind: "text", title: "", body: "" }, 422);
  // Too many failed logins: the form again with a 429 (the last thing done, as it blocks this address for a while).
  let tooMany: Answer | null = null;
  for (let i = 0; i < 60 && tooMany?.status !== 429; i++) {
    tooMany = await guest.post("/anmelden", { email: "niemand@example.org", password: "falsch-falsch", weiter: "/" });
  }
  record("forms with errors", "login, too many attempts", tooMany!, 429);

  for (const page of await serverErrorPages()) {
    visited.push({
      group: "errors",
      label: page.label,
      url: "(im Testprozess gerendert)",
      status: page.status,
      expected: 500,
      html: page.html,
      messages: [],
    });
  }
}

/**
 * The page routes (route modules with a component, so they render HTML) and a pattern of their URLs, read from
 * Remix's flat route names: `.` separates segments, `[.]` is a dot, `$id` a parameter, `$` the rest of the URL,
 * `_index` and segments starting with `_` add nothing to the URL, a trailing `_` only leaves the parent's layout.
 */
function pageRoutes() {
  return fs
    .readdirSync("app/routes")
    .filter((file) => file.endsWith(".tsx") && /^export default/m.test(fs.readFileSync(`app/routes/${file}`, "utf8")))
    .map((file) => {
      const segments = file
        .replace(/\.tsx$/, "")
        .replace(/\[\.\]/g, "\0")
        .split(".")
        .map((segment) => segment.replace(/\0/g, ".").replace(/_$/, ""))
        .filter((segment) => !segment.startsWith("_"));
      const pattern = segments.map((s) => (s === "$" ? "(?:/.*)?" : s.startsWith("$") ? "/[^/]+" : `/${s.replace(/\./g, "\\.")}`));
      // Remix prefers static segments to parameters, and anything to the rest-of-URL match.
      const rank = segments.reduce((sum, s) => sum + (s === "$" ? -1 : s.startsWith("$") ? 2 : 3), 0);
      return { file, pattern: new RegExp(`^${pattern.join("") || "/"}$`), rank };
    });
}

/** The page route that answers a path, as Remix would choose it. */
function routeOf(routes: ReturnType<typeof pageRoutes>, pathname: string) {
  return routes.filter((r) => r.pattern.test(pathname)).sort((a, b) => b.rank - a.rank)[0]?.file;
}

beforeAll(async () => {
  server = await startServer();
  try {
    await visitEverything(server.baseUrl);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.stack : error}\n--- server log ---\n${server.log().slice(-4000)}`, { cause: error });
  }
  const messages = await checkHtml(visited.map((v) => v.html));
  visited.forEach((v, i) => (v.messages = messages[i]));
  const warnings = visited.flatMap((v) =>
    v.messages
      .filter((m) => m.type === "info" && m.subType === "warning")
      .map((m) => `${v.group} / ${v.label} (${v.url}): ${describeMessage(m)}`),
  );
  if (warnings.length) console.log(`Nu Html Checker: ${warnings.length} Warnungen\n  ${[...new Set(warnings)].join("\n  ")}`);
  console.log(`Nu Html Checker: ${visited.length} Seiten geprüft`);
});

afterAll(async () => {
  await server?.stop();
});

describe("every page is valid HTML (Nu Html Checker)", () => {
  it("visits every page route", () => {
    const routes = pageRoutes();
    const seen = new Set(visited.map((v) => routeOf(routes, v.url.split(/[?#]/)[0])));
    expect(routes.length).toBeGreaterThan(20);
    expect(
      routes.map((r) => r.file).filter((file) => !seen.has(file)),
      "Seitenrouten, die dieser Test nicht besucht: bitte in visitEverything ergänzen",
    ).toEqual([]);
  });

  it.each(GROUPS)("%s", (group) => {
    const pages = visited.filter((v) => v.group === group);
    expect(pages.length).toBeGreaterThan(0);
    const problems = pages.flatMap((v) => {
      const errors = v.messages.filter((m) => m.type !== "info").map(describeMessage);
      const status = v.status === v.expected ? [] : [`status ${v.status}, erwartet ${v.expected}`];
      return status.length || errors.length ? [`${v.label} (${v.url}):\n    ${[...status, ...errors].join("\n    ")}`] : [];
    });
    expect(problems, `Seiten mit Fehlern (${group})`).toEqual([]);
  });
});
