import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { toLocalInputValue } from "~/domain/consultations/consultations.time";
import { demoAccounts } from "../../db/seed";
import { demoPdf } from "../../db/seed-documents";
import { checkPage, launchBrowser, login, newPerson, screenshot, startServer, type AppServer } from "./harness";

// Consultations with documents, in a real browser against the production build: an admin prepares a consultation
// with a PDF and a text split into sections and publishes it; a resident reads the text and comments on one
// section by keyboard only, with and without JavaScript.

const account = (role: string) => demoAccounts.find((a) => a.role === role)!;
const HOUR = 3600 * 1000;
/** Keeps this file's titles apart from the demo data and from each other. */
const suffix = () => Math.random().toString(36).slice(2, 8);

const DEMO_CONSULTATION = "Radverkehr in der Innenstadt";
const DEMO_TEXT = "Entwurf des Radverkehrskonzepts";

/**
 * Moves the focus with Tab (or Shift+Tab) until the focused element matches `selector`, as a keyboard user would,
 * and checks that the focus is visible there. Fails after `limit` key presses.
 */
async function tabTo(page: Page, selector: string, { backwards = false, limit = 120 } = {}) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) {
      expect(await page.evaluate(() => document.activeElement!.matches(":focus-visible")), `sichtbarer Fokus auf ${selector}`).toBe(true);
      return;
    }
  }
  throw new Error(`${selector} ist nach ${limit}× ${backwards ? "Umschalt+Tab" : "Tab"} nicht fokussiert (${page.url()})`);
}

/**
 * The reader is at the element's place: the page scrolled so that the element starts at the top of the window,
 * or as far as the page goes with the element in view.
 */
async function expectInView(page: Page, selector: string) {
  const inView = () =>
    page.locator(selector).evaluate((el) => {
      const top = el.getBoundingClientRect().top;
      const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      return top > -2 && (top < 2 || (atBottom && top < window.innerHeight));
    });
  await expect.poll(inView, { message: `${selector} im sichtbaren Bereich` }).toBe(true);
}

/** The text page's section with this number: its element id (abschnitt-…), section id and comment count. */
async function sectionOnTextPage(page: Page, number: number) {
  const section = page
    .locator("section.document-section")
    .filter({ has: page.getByRole("heading", { name: new RegExp(`^Abschnitt ${number}: `) }) });
  const elementId = (await section.getAttribute("id"))!;
  expect(elementId).toMatch(/^abschnitt-\d+$/);
  const sectionId = elementId.replace("abschnitt-", "");
  const commentsLink = section.locator(`a[href="/abschnitte/${sectionId}"]`);
  const count = async () => Number(/^(\d+) Kommentare?/.exec((await commentsLink.textContent()) ?? "")?.[1] ?? NaN);
  return { section, sectionId, commentsLink, count };
}

let server: AppServer;
let browser: Browser;
const foreign: string[] = [];

beforeAll(async () => {
  // No resetResults() here: journey.e2e.ts empties test-results/ for the whole run; names here start with "dokumente-".
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("consultations with documents", () => {
  it("an admin creates a consultation with a document and a text, through to publication", async () => {
    const admin = await newPerson(browser, server.baseUrl);
    const guest = await newPerson(browser, server.baseUrl);
    const p = admin.page;
    const tag = suffix();
    const title = `Schulerweiterung Lindenschule ${tag}`;
    const pdfTitle = `Lageplan Anbau Süd ${tag}`;
    const textTitle = `Entwurf Raumprogramm ${tag}`;
    const pdf = demoPdf(["Lindenschule", "Lageplan des Anbaus (Entwurf)", `Kennung ${tag}`]);

    await login(p, server.baseUrl, account("admin").email, account("admin").password);
    await p.goto(`${server.baseUrl}/verwaltung/neu`);
    await checkPage(p, "dokumente-verwaltung-neu");
    await p.getByLabel("Titel").fill(title);
    await p.getByLabel("Kurzbeschreibung").fill("Die Lindenschule bekommt einen Anbau. Sagen Sie uns, was Ihnen wichtig ist.");
    await p
      .getByLabel("Zusammenfassung in einfacher Sprache")
      .fill("Die Schule wird größer.\n\n- Es gibt neue Räume.\n- Sie können mitreden.");
    await p.getByLabel("Text (Markdown)").fill("## Worum geht es?\n\nDie **Lindenschule** braucht mehr Platz für die Ganztagsbetreuung.");
    await p.getByLabel("Beginn (Ortszeit)").fill(toLocalInputValue(new Date(Date.now() - 2 * HOUR)));
    await p.getByLabel("Ende (Ortszeit)").fill(toLocalInputValue(new Date(Date.now() + 14 * 24 * HOUR)));
    await p.getByLabel("Name der Ansprechperson").fill("Petra Beispiel");
    await p.getByLabel("Amt oder Stelle").fill("Schulverwaltungsamt");
    await p.getByLabel("E-Mail", { exact: true }).fill("schulamt@musterstadt.example");
    await p.getByLabel("Telefon").fill("06621 123-456");
    await p
      .getByLabel("Was passiert mit den Beiträgen?")
      .fill("Der Schulausschuss berät im Frühjahr über die Beiträge. Das Ergebnis steht danach hier.");
    await p.getByRole("button", { name: "Als Entwurf anlegen" }).click();
    await p.waitForURL(/\/verwaltung\/\d+\?hinweis=created/);
    const consultationId = new URL(p.url()).pathname.split("/").pop()!;

    // The documents page, reached from the consultation's admin page.
    await p.getByRole("link", { name: /^Unterlagen verwalten/ }).click();
    await p.waitForURL(new RegExp(`/verwaltung/${consultationId}/dokumente$`));
    await p.getByRole("heading", { level: 1, name: "Unterlagen verwalten" }).waitFor();
    await p.getByText("Noch keine Unterlagen.").waitFor();
    await checkPage(p, "dokumente-verwaltung-leer");

    // Upload a PDF with its title and summary; the list shows its type and size.
    const fileInput = p.getByLabel("Datei (Pflichtfeld)", { exact: true });
    await fileInput.setInputFiles({ name: "lageplan.pdf", mimeType: "application/pdf", buffer: pdf });
    await p.getByLabel(/^Titel/).fill(pdfTitle);
    await p.getByLabel("Beschreibung (freiwillig)").fill("Wo der Anbau stehen soll.");
    await p.getByLabel("Zusammenfassung in Worten").fill("Der Plan zeigt den Anbau an der Nordseite des Schulhofs mit zwei Geschossen.");
    await p.getByRole("button", { name: "Hochladen" }).click();
    await p.waitForURL(/\/dokumente\?hinweis=saved$/);
    const list = p.locator(".document-list > li");
    const pdfItem = list.filter({ hasText: pdfTitle });
    await pdfItem.waitFor();
    expect(await pdfItem.locator(".file-facts").textContent()).toMatch(/^\(PDF, \d+ KB\)$/);
    await checkPage(p, "dokumente-verwaltung-pdf");

    // A text file that calls itself plan.pdf is refused with a German message at the file field; nothing is kept.
    await fileInput.setInputFiles({ name: "plan.pdf", mimeType: "application/pdf", buffer: Buffer.from("Das ist kein PDF, nur Text.\n") });
    await p.getByLabel(/^Titel/).fill(`Falsche Datei ${tag}`);
    await p.getByLabel("Zusammenfassung in Worten").fill("Diese Datei gibt vor, ein PDF zu sein, ist aber nur Text.");
    await p.getByRole("button", { name: "Hochladen" }).click();
    const fileError = p.locator("#feld-file-fehler");
    await fileError.waitFor();
    expect(await fileError.textContent()).toBe(
      "Diese Art von Datei ist nicht erlaubt. Erlaubt sind PDF, ODT, DOCX, XLSX, PNG, JPEG und GeoJSON.",
    );
    // The message belongs to the file field, for screen readers too, and the summary at the top links to it.
    const fileField = p.locator("#feld-file");
    expect(await fileField.getAttribute("aria-describedby")).toContain("feld-file-fehler");
    expect(await fileField.getAttribute("aria-invalid")).toBe("true");
    expect(await p.locator(".field--error").filter({ has: fileField }).count()).toBe(1);
    await p
      .getByRole("alert")
      .getByRole("link", { name: /Diese Art von Datei ist nicht erlaubt/ })
      .waitFor();
    expect(await list.count()).toBe(1);
    expect(await list.filter({ hasText: `Falsche Datei ${tag}` }).count()).toBe(0);
    await checkPage(p, "dokumente-verwaltung-upload-fehler");

    // A text, split into numbered sections at its headings.
    await p.getByRole("link", { name: "Neuen Text anlegen" }).click();
    await p.waitForURL(new RegExp(`/verwaltung/${consultationId}/dokumente/text$`));
    await checkPage(p, "dokumente-text-neu");
    await p.getByLabel(/^Titel/).fill(textTitle);
    await p.getByLabel("Beschreibung (freiwillig)").fill("Welche Räume der Anbau bekommen soll.");
    await p
      .getByLabel(/^Text/)
      .fill(
        "Die Verwaltung schlägt folgendes Raumprogramm vor.\n\n" +
          "## Klassenräume\n\nVier neue Klassenräume im Obergeschoss.\n\n" +
          "## Mensa\n\nEine Mensa für 120 Kinder im Erdgeschoss.\n\n" +
          "## Zeitplan\n\nBaubeginn im Sommer, fertig zum übernächsten Schuljahr.",
      );
    await p.getByRole("button", { name: "Speichern" }).click();
    await p.waitForURL(/\/dokumente\/\d+\?hinweis=saved$/);
    const textUrl = `${server.baseUrl}${new URL(p.url()).pathname}`;
    await p.getByRole("heading", { level: 1, name: textTitle }).waitFor();
    const headings = ["Abschnitt 1: Einleitung", "Abschnitt 2: Klassenräume", "Abschnitt 3: Mensa", "Abschnitt 4: Zeitplan"];
    expect(await p.locator("section.document-section > h2").allTextContents()).toEqual(headings);
    // Each section is linkable, listed in the table of contents, and leads to its comments.
    const toc = p.getByRole("navigation", { name: "Abschnitte" });
    expect(await toc.getByRole("link").allTextContents()).toEqual(["Einleitung", "Klassenräume", "Mensa", "Zeitplan"]);
    for (const [i, link] of (await toc.getByRole("link").all()).entries()) {
      const href = (await link.getAttribute("href"))!;
      expect(href).toMatch(/^#abschnitt-\d+$/);
      const section = p.locator(href);
      expect(await section.locator("h2").textContent()).toBe(headings[i]);
      expect(await section.getByRole("link", { name: /^0 Kommentare/ }).getAttribute("href")).toBe(
        `/abschnitte/${href.slice("#abschnitt-".length)}`,
      );
    }
    await p.getByText("Eine Mensa für 120 Kinder im Erdgeschoss.").waitFor();
    await checkPage(p, "dokumente-text-admin");

    // Until publication, neither the consultation nor its documents are there for guests.
    expect((await guest.page.goto(`${server.baseUrl}/beteiligungen/${consultationId}`))?.status()).toBe(404);
    expect((await guest.page.goto(textUrl))?.status()).toBe(404);

    await p.goto(`${server.baseUrl}/verwaltung/${consultationId}`);
    await p.getByRole("button", { name: "Veröffentlichen" }).click();
    await p.waitForURL(new RegExp(`/beteiligungen/${consultationId}\\?hinweis=published`));

    // A guest sees the consultation with both documents, the file with its type and size.
    const g = guest.page;
    await g.goto(`${server.baseUrl}/beteiligungen/${consultationId}`);
    await g.getByRole("heading", { level: 1, name: title }).waitFor();
    const documents = g.getByRole("region", { name: "Unterlagen" });
    const pdfEntry = documents.locator("li").filter({ hasText: pdfTitle });
    expect(await pdfEntry.locator(".file-facts").textContent()).toMatch(/^\(PDF, \d+ KB\)$/);
    const downloadHref = (await pdfEntry.getByRole("link", { name: pdfTitle, exact: true }).getAttribute("href"))!;
    expect(downloadHref).toMatch(/^\/dokumente\/\d+\/datei$/);
    const textEntry = documents.locator("li").filter({ hasText: textTitle });
    await textEntry.getByText("Text, abschnittsweise kommentierbar").waitFor();
    expect(await textEntry.getByRole("link", { name: textTitle }).getAttribute("href")).toBe(new URL(textUrl).pathname);
    await checkPage(g, "dokumente-beteiligung-gast");

    // The file downloads as the PDF that was uploaded, as an attachment.
    const download = await g.request.get(`${server.baseUrl}${downloadHref}`);
    expect(download.status()).toBe(200);
    const headers = download.headers();
    expect(headers["content-type"]).toBe("application/pdf");
    expect(headers["content-disposition"]).toMatch(/^attachment;/);
    // Saved under the document's title, umlaut included.
    expect(headers["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent(`${pdfTitle}.pdf`)}`);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(Buffer.compare(await download.body(), pdf)).toBe(0);

    // The guest reads the text with its numbered sections.
    await textEntry.getByRole("link", { name: textTitle }).click();
    await g.waitForURL(textUrl);
    expect(await g.locator("section.document-section > h2").allTextContents()).toEqual(headings);
    await checkPage(g, "dokumente-text-gast");
    foreign.push(...admin.foreignRequests, ...guest.foreignRequests);
    await admin.context.close();
    await guest.context.close();
  });

  it("a resident reads the text and comments on a section, by keyboard", async () => {
    const resident = await newPerson(browser, server.baseUrl);
    const p = resident.page;
    const comment = `Eine eigene Radspur für Kinder vor der Schule wäre gut. (${suffix()})`;
    await login(p, server.baseUrl, account("resident").email, account("resident").password);
    await p.goto(`${server.baseUrl}/`);
    await p.getByRole("link", { name: DEMO_CONSULTATION }).click();
    await p.getByRole("region", { name: "Unterlagen" }).getByRole("link", { name: DEMO_TEXT }).click();
    await p.waitForURL(/\/dokumente\/\d+$/);
    const textUrl = p.url();
    await p.getByRole("heading", { level: 1, name: DEMO_TEXT }).waitFor();
    await checkPage(p, "dokumente-demo-text");
    const { sectionId, commentsLink, count } = await sectionOnTextPage(p, 2);
    expect(await p.evaluate(() => window.scrollY)).toBe(0);
    const before = await count();

    // From the top of the page, by Tab and Enter only, to the comments of section 2.
    await p.locator("body").focus();
    await tabTo(p, `a[href="/abschnitte/${sectionId}"]`);
    await p.keyboard.press("Enter");
    await p.waitForURL(new RegExp(`/abschnitte/${sectionId}$`));
    await p.getByRole("heading", { level: 1, name: "Abschnitt 2: Ziele" }).waitFor();
    await checkPage(p, "dokumente-abschnitt");

    await tabTo(p, "textarea#feld-kommentar");
    await p.keyboard.type(comment);
    await tabTo(p, "button[type=submit]");
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe("Kommentar senden");
    await p.keyboard.press("Enter");
    await p.locator(".comment").filter({ hasText: comment }).waitFor();
    await p.getByText("Ihr Kommentar ist veröffentlicht.").waitFor();
    await checkPage(p, "dokumente-abschnitt-kommentiert");

    // Back to the same place in the text, where the section now counts one comment more.
    await tabTo(p, `a[href="/dokumente/${new URL(textUrl).pathname.split("/").pop()}#abschnitt-${sectionId}"]`, { backwards: true });
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(`Zurück zum Text „${DEMO_TEXT}“`);
    await p.keyboard.press("Enter");
    await p.waitForURL(`${textUrl}#abschnitt-${sectionId}`);
    await expect.poll(count).toBe(before + 1);
    await expectInView(p, `#abschnitt-${sectionId}`);
    expect(await commentsLink.textContent()).toMatch(before + 1 === 1 ? /^1 Kommentar\b/ : new RegExp(`^${before + 1} Kommentare`));
    await checkPage(p, "dokumente-demo-text-zurueck");
    foreign.push(...resident.foreignRequests);
    await resident.context.close();
  });

  it("without JavaScript a resident comments on a section by keyboard", async () => {
    const resident = await newPerson(browser, server.baseUrl, { javaScriptEnabled: false });
    const p = resident.page;
    const comment = `Ohne JavaScript: Die Stellplätze am Rathaus bitte überdachen. (${suffix()})`;
    await login(p, server.baseUrl, account("resident").email, account("resident").password);
    // axe needs scripts in the page, so these pages are checked with axe in the test with JavaScript above.
    await p.goto(`${server.baseUrl}/`);
    await p.getByRole("link", { name: DEMO_CONSULTATION }).click();
    await p.getByRole("region", { name: "Unterlagen" }).getByRole("link", { name: DEMO_TEXT }).click();
    await p.waitForURL(/\/dokumente\/\d+$/);
    const textUrl = p.url();
    const documentId = new URL(textUrl).pathname.split("/").pop();
    const { sectionId, count } = await sectionOnTextPage(p, 4);
    const before = await count();

    await p.locator("body").focus();
    await tabTo(p, `a[href="/abschnitte/${sectionId}"]`);
    await p.keyboard.press("Enter");
    await p.waitForURL(new RegExp(`/abschnitte/${sectionId}$`));
    await p.getByRole("heading", { level: 1, name: "Abschnitt 4: Abstellanlagen" }).waitFor();
    await tabTo(p, "textarea#feld-kommentar");
    await p.keyboard.type(comment);
    await tabTo(p, "button[type=submit]");
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe("Kommentar senden");
    await p.keyboard.press("Enter");
    // A plain form post: the server answers with the section page, at the new comment.
    await p.waitForURL(new RegExp(`/abschnitte/${sectionId}(\\?[^#]*)?#kommentar-\\d+$`));
    await p.locator(".comment").filter({ hasText: comment }).waitFor();
    await screenshot(p, "dokumente-abschnitt-ohne-js");

    await tabTo(p, `a[href="/dokumente/${documentId}#abschnitt-${sectionId}"]`, { backwards: true });
    await p.keyboard.press("Enter");
    await p.waitForURL(`${textUrl}#abschnitt-${sectionId}`);
    expect(await count()).toBe(before + 1);
    await expectInView(p, `#abschnitt-${sectionId}`);
    await screenshot(p, "dokumente-text-ohne-js-zurueck");
    foreign.push(...resident.foreignRequests);
    await resident.context.close();
  });

  it("with JavaScript a section's comments open below it on the text page, and a comment is written there in place", async () => {
    const resident = await newPerson(browser, server.baseUrl);
    const p = resident.page;
    const comment = `Abstellanlagen bitte auch am Freibad. (${suffix()})`;
    await login(p, server.baseUrl, account("resident").email, account("resident").password);
    await p.goto(`${server.baseUrl}/`);
    await p.getByRole("link", { name: DEMO_CONSULTATION }).click();
    await p.getByRole("region", { name: "Unterlagen" }).getByRole("link", { name: DEMO_TEXT }).click();
    await p.waitForURL(/\/dokumente\/\d+$/);
    const textUrl = p.url();
    const { section, sectionId, count } = await sectionOnTextPage(p, 4);
    const before = await count();
    const opener = section.getByRole("button", { name: /Hier aufklappen/ });
    await expect.poll(() => opener.getAttribute("aria-expanded")).toBe("false");
    await opener.focus();
    await p.keyboard.press("Enter");
    const panel = p.locator(`#abschnitt-${sectionId}-kommentare`);
    await panel.getByRole("heading", { name: /^Kommentare/ }).waitFor();
    expect(await section.getByRole("button", { name: /Zuklappen/ }).getAttribute("aria-expanded")).toBe("true");
    await checkPage(p, "dokumente-abschnitt-aufgeklappt");
    const marker = await p.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));
    await panel.getByLabel(/Ihr Kommentar/).fill(comment);
    await panel.getByRole("button", { name: "Kommentar senden" }).click();
    await panel.getByText(comment).waitFor();
    await panel.getByText("Ihr Kommentar ist veröffentlicht.").waitFor();
    // No navigation: the reader is still on the text, at the same place.
    expect(p.url()).toBe(textUrl);
    expect(await p.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);
    await expect.poll(count).toBe(before + 1);
    await checkPage(p, "dokumente-abschnitt-kommentiert");
    foreign.push(...resident.foreignRequests);
    await resident.context.close();
  });

  it("no page reached for another host", () => {
    expect(foreign).toEqual([]);
  });
});
