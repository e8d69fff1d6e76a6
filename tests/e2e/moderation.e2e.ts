import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { toLocalInputValue } from "~/domain/consultations/consultations.time";
import { demoAccounts } from "../../db/seed";
import { checkPage, launchBrowser, newPerson, screenshot, startServer, type AppServer } from "./harness";
import { Visitor } from "./html-check";

// Moderation in a real browser against the production build (issue 9): a resident reports a comment, a moderator hides
// it from the queue naming a house rule, its author reads the statement of reasons and objects, another moderator
// restores it, a guest sees it again and the outbox holds the mails. Once with JavaScript, driven by the keyboard only
// (Tab, Shift+Tab, arrow keys, Space, Enter, typing), once without JavaScript (plain form posts; axe needs scripts in
// the page, so those pages get screenshots and the same pages are checked with axe in the run with JavaScript). Then a
// pre-moderated consultation: a new comment waits for approval.

const account = (role: string) => demoAccounts.find((a) => a.role === role)!;
const DAY = 24 * 3600 * 1000;
const reporter = account("resident"); // Erika Mustermann, confirmed
const moderator = account("moderator");
const admin = account("admin"); // admins have moderator rights: the second person who decides objections
const author = { email: "jonas@example.org", displayName: "Jonas Beispiel", password: "Jonas-schreibt-gern-2026" };
const secondReporter = { email: "mira@example.org", displayName: "Mira Muster", password: "Mira-meldet-selten-2026" };

const consultationTitle = "Ruhige Ecke am Stadtweiher";
const premoderatedTitle = "Neuer Bolzplatz im Westend";
/** The comments the two runs hide, and one reported earlier but only once (it must not come first in the queue). */
const comments = {
  keyboard: "Wer hier Bänke will, ist einfach zu faul zum Stehen.",
  noScript: "Wer Schatten will, soll doch zu Hause bleiben.",
  older: "Die Enten am Weiher sind lauter als jede Bank.",
};
const rule = { key: "regel-2", label: "Regel 2" };

let server: AppServer;
let browser: Browser;
const ids = { consultation: "", proposal: "", premoderated: "", premoderatedProposal: "" };

// ── Set-up through the app's own forms (plain HTTP, as the HTML validity test does) ──────────────────────────────

const consultationForm = (title: string) => ({
  title,
  summary: `${title}: Was wünschen Sie sich? Schreiben Sie uns Ihre Ideen.`,
  plainSummary: "",
  body: "## Worum geht es?\n\nDie Stadt plant um. Sagen Sie uns, was Ihnen wichtig ist.",
  opensAt: toLocalInputValue(new Date(Date.now() - DAY)),
  closesAt: toLocalInputValue(new Date(Date.now() + 30 * DAY)),
  contactName: "",
  contactOffice: "",
  contactEmail: "",
  contactPhone: "",
  inputUse: "",
  centerLat: "50.5519",
  centerLng: "9.6759",
  zoom: "14",
  area: "",
});

/** Creates and publishes a consultation as the admin (auto-hide off, the default); its id. */
async function openConsultation(adminVisitor: Visitor, title: string) {
  const created = await adminVisitor.post("/verwaltung/neu", consultationForm(title));
  const id = /\/verwaltung\/(\d+)/.exec(created.url)?.[1];
  expect(id, `Beteiligung „${title}“ angelegt`).toBeTruthy();
  const published = await adminVisitor.post(`/verwaltung/${id}`, { intent: "publish" });
  expect(published.status).toBe(200);
  return id!;
}

/** The mail in the outbox's HTML sent to `address` whose text matches `pattern`. */
function mailMatch(outboxHtml: string, address: string, pattern: RegExp) {
  const mail = outboxHtml.split('<article class="card mail">').find((m) => m.includes(address) && pattern.test(m));
  return mail ? pattern.exec(mail) : null;
}

/** Registers a resident and confirms the address by the mailed link; the signed-in visitor. */
async function newResident(adminVisitor: Visitor, person: typeof author) {
  const visitor = new Visitor(server.baseUrl);
  const registered = await visitor.post("/registrieren", person);
  expect(registered.url).toContain("hinweis=registered");
  const token = mailMatch((await adminVisitor.get("/postausgang")).html, person.email, /bestaetigen\?token=([A-Za-z0-9_-]+)/)?.[1];
  expect(token, `Bestätigungslink für ${person.email}`).toBeTruthy();
  await visitor.login(person.email, person.password);
  expect((await visitor.post("/bestaetigen", { token: token! })).status).toBe(200);
  return visitor;
}

async function propose(visitor: Visitor, consultation: string, title: string) {
  const form = new FormData();
  form.set("title", title);
  form.set("body", `${title}: Das wäre ein guter Ort zum Ausruhen für alle im Viertel.`);
  form.set("lat", "50.5521");
  form.set("lng", "9.6761");
  const created = await visitor.post(`/beteiligungen/${consultation}/vorschlag`, form);
  const id = /\/vorschlaege\/(\d+)/.exec(created.url)?.[1];
  expect(id, `Vorschlag „${title}“`).toBeTruthy();
  return id!;
}

async function comment(visitor: Visitor, proposal: string, body: string) {
  const answer = await visitor.post(`/vorschlaege/${proposal}`, { intent: "comment", target: "comment", page: "1", body });
  expect(answer.status).toBe(200);
  expect(answer.html).toContain(body);
}

async function report(visitor: Visitor, proposal: string, body: string) {
  const page = (await visitor.get(`/vorschlaege/${proposal}`)).html;
  const id = new RegExp(`id="kommentar-(\\d+)"(?:(?!id="kommentar-\\d+").)*${body}`, "s").exec(page)?.[1];
  expect(id, `Kommentar „${body}“`).toBeTruthy();
  const answer = await visitor.post(`/melden?typ=kommentar&id=${id}`, { reason: "insult", note: "Abwertend gegenüber anderen." });
  expect(answer.url).toContain("hinweis=flagged");
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  try {
    const adminVisitor = new Visitor(server.baseUrl);
    await adminVisitor.login(admin.email, admin.password);
    ids.consultation = await openConsultation(adminVisitor, consultationTitle);
    ids.premoderated = await openConsultation(adminVisitor, premoderatedTitle);
    const jonas = await newResident(adminVisitor, author);
    const mira = await newResident(adminVisitor, secondReporter);
    ids.proposal = await propose(jonas, ids.consultation, "Zwei Bänke mit Blick auf den Weiher");
    ids.premoderatedProposal = await propose(jonas, ids.premoderated, "Flutlicht für den Bolzplatz");
    // The older comment is reported first, once; each comment of the two runs once by Mira now and once by Erika in
    // the browser, so it has the most reports and comes first although its first report is younger.
    for (const body of [comments.older, comments.keyboard, comments.noScript]) await comment(jonas, ids.proposal, body);
    for (const body of [comments.older, comments.keyboard, comments.noScript]) await report(mira, ids.proposal, body);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.stack : error}\n--- server log ---\n${server.log().slice(-4000)}`, { cause: error });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// ── Keyboard helpers ──────────────────────────────────────────────────────────────────────────────────────────────

/** Whether the focus is on `target` (or on one of the elements it matches, e.g. the radios of a group). */
const hasFocus = (target: Locator) => target.evaluateAll((els) => els.some((el) => el === document.activeElement));

/** Presses Tab (or Shift+Tab) until `target` has the focus: the page's own order, as a keyboard user moves through it. */
async function tabTo(page: Page, target: Locator, backwards = false) {
  await target.first().waitFor({ state: "attached" });
  for (let i = 0; i < 400; i++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`Mit der Tastatur nicht erreichbar: ${target} (Fokus auf ${focused})`);
}

/** With the focus in a radio group, the arrow keys move to `radio` and check it. */
async function arrowToRadio(page: Page, radio: Locator) {
  for (let i = 0; i < 12 && !(await radio.isChecked()); i++) await page.keyboard.press("ArrowDown");
  expect(await radio.isChecked(), `${radio} mit den Pfeiltasten gewählt`).toBe(true);
  expect(await hasFocus(radio)).toBe(true);
}

/** With the focus on a closed select, the arrow keys choose the option with `value`. */
async function arrowToOption(page: Page, select: Locator, value: string) {
  for (let i = 0; i < 60 && (await select.inputValue()) !== value; i++) await page.keyboard.press("ArrowDown");
  expect(await select.inputValue(), `${select} mit den Pfeiltasten gewählt`).toBe(value);
}

/** Tabs to a text field and types into it. */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
  expect(await field.inputValue()).toBe(text);
}

/** Tabs to a link or button and presses Enter. */
async function activate(page: Page, target: Locator, backwards = false) {
  await tabTo(page, target, backwards);
  await page.keyboard.press("Enter");
}

async function keyboardLogin(page: Page, email: string, password: string) {
  await page.goto(`${server.baseUrl}/anmelden`);
  await typeInto(page, page.getByLabel("E-Mail-Adresse"), email);
  await page.keyboard.press("Tab");
  expect(await hasFocus(page.getByLabel("Passwort"))).toBe(true);
  await page.keyboard.type(password);
  await page.keyboard.press("Enter"); // submits the form
  await page.waitForURL((url) => !url.pathname.startsWith("/anmelden"));
}

/** A comment on the proposal page by its text. */
const commentOn = (page: Page, text: string) => page.locator("article.comment", { hasText: text });

const dateOf = (d: Date) => new Intl.DateTimeFormat("de-DE", { dateStyle: "medium", timeZone: "Europe/Berlin" }).format(d);

// ── The flow ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Report → hide from the queue → statement of reasons → objection → restored by another person → visible, mails. */
async function moderationFlow(mode: "keyboard" | "noScript") {
  const javaScriptEnabled = mode === "keyboard";
  const text = comments[mode];
  const suffix = javaScriptEnabled ? "" : "-ohne-js";
  // axe runs in the page: without JavaScript the page gets its screenshot, the run with JavaScript checks it.
  const check = (page: Page, name: string) => (javaScriptEnabled ? checkPage(page, name) : screenshot(page, `${name}${suffix}`));
  const person = () => newPerson(browser, server.baseUrl, { javaScriptEnabled });
  const proposalUrl = `${server.baseUrl}/vorschlaege/${ids.proposal}`;
  const foreign: string[] = [];

  /** What the steps learn on the way: the comment's id (from the report form's address), when it was hidden. */
  const noted = { commentId: "", decidedAt: new Date() };

  // 1. The resident reports the comment through its "Melden" link and the report form.
  {
    const { context, page, foreignRequests } = await person();
    await keyboardLogin(page, reporter.email, reporter.password);
    await page.goto(proposalUrl);
    await activate(page, commentOn(page, text).getByRole("link", { name: "Melden" }));
    await page.waitForURL(/\/melden\?typ=kommentar&id=\d+/);
    noted.commentId = new URL(page.url()).searchParams.get("id")!;
    await page.getByRole("heading", { level: 1, name: "Beitrag melden" }).waitFor();
    expect(await page.locator("blockquote").textContent()).toContain(text);
    await check(page, "melden");
    // Tab enters the group of reasons; the arrow keys choose one.
    await tabTo(page, page.getByLabel("Beleidigung oder Diskriminierung"));
    await page.keyboard.press("Space");
    await arrowToRadio(page, page.getByLabel("Spam oder Werbung"));
    await page.keyboard.press("ArrowUp");
    expect(await page.getByLabel("Beleidigung oder Diskriminierung").isChecked()).toBe(true);
    await typeInto(page, page.getByLabel("Hinweis an die Moderation"), "Das wertet andere Menschen ab.");
    await activate(page, page.getByRole("button", { name: "Meldung absenden" }));
    await page.waitForURL(/\/vorschlaege\/\d+\?hinweis=flagged/);
    await page.getByText("Danke, Ihre Meldung ist eingegangen.", { exact: false }).waitFor();
    await check(page, "gemeldet");
    foreign.push(...foreignRequests);
    await context.close();
  }

  // 2. A moderator filters the queue by the consultation, finds the comment first (most reports), checks it, chooses
  //    "Ausblenden", a house rule and a reason, and submits.
  const hideReason = "Der Kommentar wertet Menschen ab, die eine Bank möchten.";
  {
    const { context, page, foreignRequests } = await person();
    await keyboardLogin(page, moderator.email, moderator.password);
    await page.goto(`${server.baseUrl}/moderation`);
    await check(page, "moderation-meldungen");
    await tabTo(page, page.getByLabel("Beteiligung", { exact: true }));
    await arrowToOption(page, page.getByLabel("Beteiligung", { exact: true }), ids.consultation);
    await activate(page, page.getByRole("button", { name: "Anwenden" }));
    await page.waitForURL(new RegExp(`beteiligung=${ids.consultation}`));
    const items = page.locator("#feld-item article");
    // With JavaScript the address changes a moment before the filtered list replaces the old one.
    await expect
      .poll(() =>
        page
          .getByRole("status")
          .filter({ hasText: /^\d+ Beitr/ })
          .textContent(),
      )
      .toMatch(/^[23] Beiträge$/);
    const first = items.first();
    expect(await first.locator("h3").textContent()).toContain(text);
    expect(await first.textContent()).toContain("2 Meldungen");
    // The comment reported earlier but only once comes after it.
    expect(await items.filter({ hasText: comments.older }).textContent()).toContain("1 Meldung");
    await check(page, "moderation-gefiltert");

    const checkbox = first.getByRole("checkbox");
    await tabTo(page, checkbox);
    await page.keyboard.press("Space");
    expect(await checkbox.isChecked()).toBe(true);
    // The decision's fields stand above the items: back with Shift+Tab into the group of decisions.
    await tabTo(page, page.locator('input[name="decision"]'), true);
    await arrowToRadio(page, page.getByRole("radio", { name: "Ausblenden", exact: true }));
    await tabTo(page, page.getByLabel("Regel der Netiquette"));
    await arrowToOption(page, page.getByLabel("Regel der Netiquette"), rule.key);
    await typeInto(page, page.getByLabel("Begründung", { exact: true }), hideReason);
    noted.decidedAt = new Date();
    await activate(page, page.getByRole("button", { name: "Ausgewählte Beiträge entscheiden" }).first());
    await page.waitForURL(/erledigt=1/);
    await page.getByText("1 Beitrag ist entschieden.").waitFor();
    expect(await page.locator("#feld-item article", { hasText: text }).count()).toBe(0); // left the open reports
    await check(page, "moderation-entschieden");
    // The decided reports list it as hidden, with the rule and the reason.
    await page.goto(`${server.baseUrl}/moderation?stand=entschieden&beteiligung=${ids.consultation}`);
    const decided = page.locator("article", { hasText: text });
    expect(await decided.textContent()).toContain(`Ausgeblendet am`);
    expect(await decided.textContent()).toContain(`${rule.label}: ${hideReason}`);
    foreign.push(...foreignRequests);
    await context.close();
  }
  const guestHtml = await (await fetch(proposalUrl)).text();
  expect(guestHtml, "ausgeblendet für Gäste").not.toContain(text);
  expect(guestHtml).toContain(`Grund: ${hideReason}`);

  // 3. The author reads the statement of reasons on the proposal page and objects.
  const objection = "Ich habe niemanden beleidigt. Ich finde nur, dass Bänke dort wenig nützen.";
  {
    const { context, page, foreignRequests } = await person();
    await keyboardLogin(page, author.email, author.password);
    await page.goto(proposalUrl);
    // Its author sees the placeholder with the statement of reasons (the words are on the objection page).
    const own = page.locator(`#kommentar-${noted.commentId}`);
    expect(await own.textContent()).toContain("Dieser Kommentar wurde von der Moderation ausgeblendet.");
    const statement = own.locator("section.statement");
    await statement.getByRole("heading", { name: "Begründung der Entscheidung" }).waitFor();
    const said = (await statement.textContent()) ?? "";
    expect(said).toContain("Ihr Kommentar wurde am");
    expect(said).toContain("Eine Person aus der Moderation.");
    expect(said).toContain(`${rule.label} der Netiquette`);
    expect(said).toContain("Keine Beleidigungen oder Diskriminierung");
    expect(said).toContain(hideReason);
    const deadline = [dateOf(new Date(noted.decidedAt.getTime() + 14 * DAY)), dateOf(new Date(Date.now() + 14 * DAY))];
    expect(
      deadline.some((d) => said.includes(`Sie können bis ${d}`)),
      `Frist in „${said}“`,
    ).toBe(true);
    expect(await statement.getByRole("link", { name: `${rule.label} der Netiquette` }).getAttribute("href")).toMatch(/^\/netiquette/);
    await check(page, "begruendung-verfasser");

    await activate(page, statement.getByRole("link", { name: "Widerspruch einlegen" }));
    await page.waitForURL(/\/widerspruch\/\d+$/);
    await page.getByRole("heading", { level: 1, name: "Widerspruch gegen eine Moderationsentscheidung" }).waitFor();
    expect(await page.locator("section", { hasText: "Die Entscheidung" }).first().textContent()).toContain(hideReason);
    await check(page, "widerspruch");
    await typeInto(page, page.getByLabel("Warum ist die Entscheidung aus Ihrer Sicht falsch?"), objection);
    await page.keyboard.press("Tab");
    expect(await hasFocus(page.getByRole("button", { name: "Widerspruch absenden" }))).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/widerspruch\/\d+\?gesendet=1$/);
    await page.getByText("Ihr Widerspruch ist eingegangen.", { exact: false }).waitFor();
    await page.getByText("Ihr Widerspruch wird geprüft.", { exact: false }).waitFor();
    expect(await page.getByRole("button", { name: "Widerspruch absenden" }).count()).toBe(0); // once only
    await check(page, "widerspruch-gesendet");
    foreign.push(...foreignRequests);
    await context.close();
  }

  /** This run's objection in the list of objections. */
  const objectionOn = (page: Page) => page.locator("article", { hasText: objection }).filter({ hasText: text });

  // 4. The moderator who hid it sees no form for the objection; the admin, another person, restores the comment.
  const restoreReason = "Der Kommentar ist zugespitzt, aber keine Beleidigung.";
  {
    const { context, page, foreignRequests } = await person();
    await keyboardLogin(page, moderator.email, moderator.password);
    await page.goto(`${server.baseUrl}/moderation/widersprueche`);
    const item = objectionOn(page);
    await item.waitFor();
    expect(await item.textContent()).toContain("Sie haben die Entscheidung getroffen – eine andere Person entscheidet.");
    expect(await item.getByRole("button").count()).toBe(0);
    expect(await item.getByRole("radio").count()).toBe(0);
    await check(page, "widersprueche-eigene-entscheidung");
    foreign.push(...foreignRequests);
    await context.close();
  }
  {
    const { context, page, foreignRequests } = await person();
    await keyboardLogin(page, admin.email, admin.password);
    await page.goto(`${server.baseUrl}/moderation/widersprueche`);
    const item = objectionOn(page);
    expect(await item.getByRole("heading", { level: 2 }).textContent()).toContain(text);
    await check(page, "widersprueche");
    await tabTo(page, item.getByRole("radio"));
    await arrowToRadio(page, item.getByRole("radio", { name: "Beitrag wiederherstellen" }));
    await typeInto(page, item.getByLabel("Begründung (die Person erhält sie per E-Mail)"), restoreReason);
    await page.keyboard.press("Tab");
    expect(await hasFocus(item.getByRole("button", { name: "Entscheiden" }))).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL(/erledigt=restored/);
    await page.getByText("Der Beitrag ist wiederhergestellt.", { exact: false }).waitFor();
    expect(await objectionOn(page).count()).toBe(0); // no longer open
    await check(page, "widerspruch-entschieden");
    await page.goto(`${server.baseUrl}/moderation/widersprueche?zustand=entschieden`);
    const decided = objectionOn(page);
    expect(await decided.textContent()).toContain("Beitrag wiederhergestellt");
    expect(await decided.textContent()).toContain(restoreReason);
    foreign.push(...foreignRequests);
    await context.close();
  }

  // 5. A guest sees the comment again; the outbox holds the statement of reasons, the reporters' outcomes and the
  //    objection's outcome.
  {
    const guest = await person();
    await guest.page.goto(proposalUrl);
    await commentOn(guest.page, text).getByText(text).waitFor();
    expect(await commentOn(guest.page, text).textContent()).not.toContain("ausgeblendet");
    await check(guest.page, "wieder-sichtbar-gast");
    foreign.push(...guest.foreignRequests);
    await guest.context.close();

    const { context, page, foreignRequests } = await person();
    await keyboardLogin(page, admin.email, admin.password);
    await page.goto(`${server.baseUrl}/postausgang`);
    await check(page, "postausgang-moderation");
    const mail = (to: string, subject: string) =>
      page.locator(".mail").filter({ hasText: to }).filter({ hasText: subject }).filter({ hasText: text });
    const statementMail = (await mail(author.email, "Ihr Beitrag wurde ausgeblendet").locator("pre").textContent()) ?? "";
    expect(statementMail).toContain("Eine Person hat das entschieden.");
    expect(statementMail).toContain(`${rule.label} der Netiquette`);
    expect(statementMail).toContain(hideReason);
    expect(statementMail).toMatch(/\/widerspruch\/\d+/);
    for (const who of [reporter.email, secondReporter.email]) {
      const outcome = (await mail(who, "Ergebnis Ihrer Meldung").locator("pre").textContent()) ?? "";
      expect(outcome, `Ergebnis der Meldung an ${who}`).toContain("ist jetzt ausgeblendet");
    }
    const objectionMail = (await mail(author.email, "Ihr Widerspruch war erfolgreich").locator("pre").textContent()) ?? "";
    expect(objectionMail).toContain("Die Ausblendung ist aufgehoben.");
    expect(objectionMail).toContain(restoreReason);
    // Never the moderators' names.
    for (const body of [statementMail, objectionMail]) {
      expect(body).not.toContain(moderator.displayName);
      expect(body).not.toContain(admin.displayName);
    }
    foreign.push(...foreignRequests);
    await context.close();
  }
  expect(foreign, "Anfragen an fremde Server").toEqual([]);
}

describe("moderation in the browser", () => {
  it("report → hide with a house rule → statement of reasons → objection → restored by another person, by keyboard only", async () => {
    await moderationFlow("keyboard");
  });

  it("the same without JavaScript, with plain form posts", async () => {
    await moderationFlow("noScript");
  });

  it("pre-moderation: a new comment waits, shown as “Wird geprüft” to its author only, and is visible after approval", async () => {
    const body = "Bitte das Flutlicht um 22 Uhr ausschalten, wegen der Nachbarn.";
    const proposalUrl = `${server.baseUrl}/vorschlaege/${ids.premoderatedProposal}`;
    const foreign: string[] = [];

    // The admin switches pre-moderation on in the consultation's moderation settings.
    const adminPerson = await newPerson(browser, server.baseUrl);
    {
      const p = adminPerson.page;
      await keyboardLogin(p, admin.email, admin.password);
      await p.goto(`${server.baseUrl}/verwaltung/${ids.premoderated}/moderation`);
      await checkPage(p, "moderation-einstellen");
      expect(await p.locator("#autoHide-off").isChecked()).toBe(true); // auto-hide is off for a new consultation
      await p.locator("#premoderated-on").check();
      await p.getByRole("button", { name: "Speichern" }).click();
      await p.waitForURL(/hinweis=saved/);
      expect(await p.locator("#premoderated-on").isChecked()).toBe(true);
    }

    // The resident comments: the page marks the comment as waiting, for them only.
    const resident = await newPerson(browser, server.baseUrl);
    {
      const p = resident.page;
      await keyboardLogin(p, reporter.email, reporter.password);
      await p.goto(proposalUrl);
      await p.getByLabel("Ihr Kommentar").fill(body);
      await p.getByRole("button", { name: "Kommentar senden" }).click();
      await commentOn(p, body).getByText("Wird geprüft – nur Sie und die Moderation sehen diesen Beitrag.").waitFor();
      await p.reload();
      const own = commentOn(p, body);
      await own.getByText("Wird geprüft – nur Sie und die Moderation sehen diesen Beitrag.").waitFor();
      await own.getByText(body).waitFor();
      await checkPage(p, "vorabpruefung-verfasserin");
    }
    const guest = await newPerson(browser, server.baseUrl);
    await guest.page.goto(proposalUrl);
    await guest.page.getByRole("heading", { level: 1, name: "Flutlicht für den Bolzplatz" }).waitFor();
    expect(await guest.page.getByText(body).count(), "für Gäste noch nicht sichtbar").toBe(0);
    await checkPage(guest.page, "vorabpruefung-gast");

    // The moderator finds it in the approval view and approves it alone.
    const moderatorPerson = await newPerson(browser, server.baseUrl);
    {
      const p = moderatorPerson.page;
      await keyboardLogin(p, moderator.email, moderator.password);
      await p.goto(`${server.baseUrl}/moderation?ansicht=freigabe`);
      const item = p.locator("#feld-item article", { hasText: body });
      await item.waitFor();
      expect(await item.textContent()).toContain("wartet auf Freigabe");
      await checkPage(p, "moderation-freigabe");
      await p.getByRole("radio", { name: "Freigeben", exact: true }).check();
      await item.getByRole("button", { name: /Nur diesen Beitrag entscheiden/ }).click();
      await p.waitForURL(/erledigt=1/);
      await p.getByText("1 Beitrag ist entschieden.").waitFor();
      expect(await p.locator("#feld-item article", { hasText: body }).count()).toBe(0);
      await checkPage(p, "moderation-freigegeben");
    }

    await guest.page.reload();
    await commentOn(guest.page, body).getByText(body).waitFor();
    await checkPage(guest.page, "vorabpruefung-freigegeben-gast");
    await resident.page.reload();
    await commentOn(resident.page, body).getByText(body).waitFor();
    expect(await commentOn(resident.page, body).getByText("Wird geprüft").count()).toBe(0);

    for (const who of [adminPerson, resident, guest, moderatorPerson]) {
      foreign.push(...who.foreignRequests);
      await who.context.close();
    }
    expect(foreign).toEqual([]);
  });
});
