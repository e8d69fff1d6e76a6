import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page, Request } from "playwright-core";
import { toLocalInputValue } from "~/domain/consultations/consultations.time";
import { demoAccounts } from "../../db/seed";
import { checkPage, launchBrowser, showMap, login, newPerson, screenshot, startServer, visit, type AppServer } from "./harness";

// The whole journey of the walking skeleton, as the four roles, in a real browser against the production build:
// admin opens a consultation → resident registers, verifies, proposes on the map, comments and votes →
// moderator hides a comment → after closing, the moderator publishes the result → council and guests read it.

const account = (role: string) => demoAccounts.find((a) => a.role === role)!;
const HOUR = 3600 * 1000;

/**
 * Sets a marker on the page's window (gone after any navigation or reload) and records requests for the proposal
 * page's data; `expectNoReload` then checks that the page was neither left nor its data loaded again.
 */
async function watchInPlace(page: Page) {
  await page.evaluate(() => ((window as unknown as { inPlaceMarker: string }).inPlaceMarker = "noch da"));
  const dataRequests: string[] = [];
  const onRequest = (request: Request) => {
    if (request.method() === "GET" && /[?&]_data=routes%2Fvorschlaege/.test(request.url())) dataRequests.push(request.url());
  };
  page.on("request", onRequest);
  return {
    async expectNoReload() {
      page.off("request", onRequest);
      expect(await page.evaluate(() => (window as unknown as { inPlaceMarker?: string }).inPlaceMarker)).toBe("noch da");
      expect(dataRequests).toEqual([]);
    },
  };
}

let server: AppServer;
let browser: Browser;
const foreign: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("participation journey", () => {
  const title = "Neue Spielstraße am Lindenweg";
  const proposalTitle = "Bänke und Schatten am Lindenweg";
  let consultationUrl = "";
  let proposalUrl = "";

  it("1. an admin creates a consultation and publishes it; drafts stay hidden from guests", async () => {
    const admin = await newPerson(browser, server.baseUrl);
    const guest = await newPerson(browser, server.baseUrl);
    await login(admin.page, server.baseUrl, account("admin").email, account("admin").password);
    await visit(admin.page, `${server.baseUrl}/verwaltung`, "verwaltung");
    await admin.page.getByRole("link", { name: "Neue Beteiligung" }).click();
    await checkPage(admin.page, "verwaltung-neu");
    const p = admin.page;
    await p.getByLabel("Titel").fill(title);
    await p.getByLabel("Kurzbeschreibung").fill("Der Lindenweg soll eine Spielstraße werden. Was meinen Sie?");
    await p.getByLabel("Text (Markdown)").fill("## Worum geht es?\n\nDer **Lindenweg** wird umgebaut.");
    await p.getByLabel("Beginn (Ortszeit)").fill(toLocalInputValue(new Date(Date.now() - 2 * HOUR)));
    await p.getByLabel("Ende (Ortszeit)").fill(toLocalInputValue(new Date(Date.now() + 48 * HOUR)));
    await p.getByRole("button", { name: "Als Entwurf anlegen" }).click();
    await p.waitForURL(/\/verwaltung\/\d+\?hinweis=created/);
    await checkPage(p, "verwaltung-entwurf");
    const id = new URL(p.url()).pathname.split("/").pop();
    consultationUrl = `${server.baseUrl}/beteiligungen/${id}`;

    const draftForGuest = await guest.page.goto(consultationUrl);
    expect(draftForGuest?.status()).toBe(404);

    await p.getByRole("button", { name: "Veröffentlichen" }).click();
    await p.waitForURL(/\/beteiligungen\/\d+\?hinweis=published/);
    await p.getByRole("heading", { level: 1, name: title }).waitFor();
    foreign.push(...admin.foreignRequests, ...guest.foreignRequests);
    await admin.context.close();
    await guest.context.close();
  });

  it("2. anyone browses the consultations, the list of proposals and the map", async () => {
    const guest = await newPerson(browser, server.baseUrl);
    await visit(guest.page, `${server.baseUrl}/`, "start");
    await guest.page.getByRole("link", { name: "Radverkehr in der Innenstadt" }).click();
    await showMap(guest.page);
    await guest.page.locator("path.leaflet-interactive").first().waitFor();
    await checkPage(guest.page, "beteiligung-demo");
    // Zoomed out, nearby proposals merge into clusters with their count; selecting one zooms in.
    await guest.page.getByTitle("Herauszoomen").click();
    await guest.page.getByTitle("Herauszoomen").click();
    const cluster = guest.page.locator(".map-cluster").first();
    await cluster.waitFor();
    await checkPage(guest.page, "beteiligung-demo-cluster");
    const clusterCount = Number(await cluster.textContent());
    expect(clusterCount).toBeGreaterThan(1);
    await cluster.click();
    await expect.poll(() => guest.page.locator(".map-cluster").count()).toBeLessThan(35);
    expect(await guest.page.locator(".card-list > li").count()).toBe(20);
    await guest.page.getByRole("link", { name: "Nächste Seite" }).click();
    await guest.page.waitForURL(/seite=2/);
    await expect.poll(() => guest.page.locator(".card-list > li").count()).toBe(16); // 36 demo proposals
    // Filters hold in the list, the map and the URL; a shared link shows the same view.
    await guest.page.getByLabel("Kategorie").selectOption({ label: "Radwege" });
    await guest.page.getByLabel("Sortierung").selectOption({ label: "Meiste Zustimmung" });
    await guest.page.getByRole("button", { name: "Anwenden" }).click();
    await guest.page.waitForURL(/kategorie=\d+.*sortierung=unterstuetzt/);
    await guest.page.getByText("9 Vorschläge passen zu Ihrer Auswahl.").waitFor();
    await expect.poll(() => guest.page.locator(".card-list > li").count()).toBe(9);
    expect(await guest.page.locator(".card-list .category").allTextContents()).toEqual(Array(9).fill("Radwege"));
    await checkPage(guest.page, "beteiligung-gefiltert");
    const exportHref = await guest.page.getByRole("link", { name: /Vorschläge als GeoJSON/ }).getAttribute("href");
    const exported = await (await fetch(`${server.baseUrl}${exportHref}`)).json();
    expect(exported.features).toHaveLength(9);

    await visit(guest.page, consultationUrl, "beteiligung-neu");
    expect(await guest.page.getByText("Melden Sie sich an").count()).toBeGreaterThan(0);
    foreign.push(...guest.foreignRequests);
    await guest.context.close();
  });

  it("3–4. a resident registers, verifies the address, proposes at a place on the map, comments and votes", async () => {
    const resident = await newPerson(browser, server.baseUrl);
    const admin = await newPerson(browser, server.baseUrl);
    const p = resident.page;
    await visit(p, `${server.baseUrl}/registrieren`, "registrieren");
    await p.getByLabel("E-Mail-Adresse").fill("lena@example.org");
    await p.getByLabel("Anzeigename").fill("Lena");
    await p.getByLabel("Passwort").fill("ein langer Satz als Passwort");
    await p.getByRole("button", { name: "Konto anlegen" }).click();
    await p.waitForURL(/\/anmelden\?hinweis=registered/);
    await checkPage(p, "registriert");

    // Without SMTP the verification mail stays in the outbox, which the admin can read.
    await login(admin.page, server.baseUrl, account("admin").email, account("admin").password);
    await visit(admin.page, `${server.baseUrl}/postausgang`, "postausgang");
    const mailText = await admin.page.locator(".mail", { hasText: "lena@example.org" }).first().locator("pre").textContent();
    const link = /http:\/\/\S+\/bestaetigen\?token=\S+/.exec(mailText ?? "")?.[0];
    expect(link).toBeTruthy();

    await visit(p, link!, "bestaetigen");
    await p.getByRole("button", { name: "Adresse bestätigen" }).click();
    await p.waitForURL(/hinweis=verified/);
    await login(p, server.baseUrl, "lena@example.org", "ein langer Satz als Passwort");

    await p.goto(consultationUrl);
    await p.getByRole("link", { name: "Vorschlag machen" }).click();
    await showMap(p);
    await checkPage(p, "vorschlag-neu");
    await p.getByLabel("Titel").fill(proposalTitle);
    await p.getByLabel("Beschreibung").fill("Am Lindenweg fehlen Sitzplätze im Schatten. Zwei Bänke unter den Bäumen wären gut.");
    const latBefore = await p.getByLabel("Breitengrad").inputValue();
    const box = (await p.locator(".leaflet-container").boundingBox())!;
    await p.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.3);
    await expect.poll(() => p.getByLabel("Breitengrad").inputValue()).not.toBe(latBefore);
    await p.getByRole("button", { name: "Vorschlag veröffentlichen" }).click();
    await p.waitForURL(/\/vorschlaege\/\d+$/);
    proposalUrl = p.url();
    await p.getByRole("heading", { level: 1, name: proposalTitle }).waitFor();
    await checkPage(p, "vorschlag");

    // With JavaScript, comments, replies and votes update the page in place: no navigation (a marker set on the
    // window survives) and no reload of the page's data.
    const inPlace = await watchInPlace(p);
    await p.getByLabel("Ihr Kommentar").fill("Die Bäume am Spielplatz geben viel Schatten.");
    await p.getByRole("button", { name: "Kommentar senden" }).click();
    await p.getByText("Die Bäume am Spielplatz geben viel Schatten.").waitFor();
    await p.getByText("Ihr Kommentar ist veröffentlicht.").waitFor();
    await p.getByRole("heading", { level: 2, name: "Kommentare (1)" }).waitFor();
    await p.getByText("Antworten", { exact: true }).first().click();
    await p.getByLabel("Ihre Antwort an Lena").fill("Und ein Trinkbrunnen wäre auch schön.");
    await p.getByRole("button", { name: "Antwort senden" }).click();
    const reply = p.locator(".comments--replies .comment", { hasText: "Und ein Trinkbrunnen wäre auch schön." });
    await reply.waitFor();
    await expect.poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true); // the new reply has the focus
    await expect.poll(() => p.getByLabel("Ihr Kommentar").inputValue()).toBe(""); // an accepted comment empties its form

    const forButton = p.getByRole("button", { name: "Dafür stimmen" });
    const againstButton = p.getByRole("button", { name: "Dagegen stimmen" });
    const counts = p.locator(".panel .counts").first();
    expect(await counts.textContent()).toContain("0 dafür · 0 dagegen · Saldo 0");
    const placeBefore = await p.locator(".vote-form .button-row").boundingBox();
    await forButton.click();
    await p.getByText("Sie haben dafür gestimmt.").waitFor();
    await expect.poll(() => counts.textContent()).toContain("1 dafür · 0 dagegen · Saldo +1");
    expect(await forButton.getAttribute("aria-pressed")).toBe("true");
    expect(await againstButton.getAttribute("aria-pressed")).toBe("false");
    await againstButton.click();
    await p.getByText("Sie haben dagegen gestimmt.").waitFor();
    await expect.poll(() => counts.textContent()).toContain("0 dafür · 1 dagegen · Saldo -1");
    expect(await againstButton.getAttribute("aria-pressed")).toBe("true");
    await p.getByRole("button", { name: "Stimme zurücknehmen" }).click();
    await p.getByText("Sie haben noch nicht abgestimmt.").waitFor();
    await expect.poll(() => counts.textContent()).toContain("0 dafür · 0 dagegen");
    await forButton.click();
    await p.getByText("Sie haben dafür gestimmt.").waitFor();
    await expect.poll(() => counts.textContent()).toContain("1 dafür · 0 dagegen");
    // The buttons kept their place and size; the counts sit in a polite live region.
    expect(await p.locator(".vote-form .button-row").boundingBox()).toEqual(placeBefore);
    expect(await counts.evaluate((el) => el.parentElement?.getAttribute("aria-live"))).toBe("polite");
    await inPlace.expectNoReload();
    await checkPage(p, "vorschlag-mit-stimme");
    // The stored truth: after a reload the page shows the same counts and vote.
    await p.reload();
    await p.getByText("Sie haben dafür gestimmt.").waitFor();
    expect(await p.locator(".panel .counts").first().textContent()).toContain("1 dafür · 0 dagegen · Saldo +1");
    expect(await p.locator(".comments--replies").getByText("Und ein Trinkbrunnen wäre auch schön.").count()).toBe(1);
    foreign.push(...resident.foreignRequests, ...admin.foreignRequests);
    await resident.context.close();
    await admin.context.close();
  });

  it("a resident places a proposal by keyboard: the place follows the crosshair, inside the area", async () => {
    const resident = await newPerson(browser, server.baseUrl);
    const p = resident.page;
    await login(p, server.baseUrl, account("resident").email, account("resident").password);
    await p.goto(`${server.baseUrl}/beteiligungen/1/vorschlag`);
    await showMap(p);
    await p.getByLabel("Titel").fill("Fahrradständer per Tastatur gesetzt");
    await p.getByLabel("Beschreibung").fill("Dieser Ort wurde nur mit der Tastatur gewählt.");
    const before = await p.getByLabel("Längengrad").inputValue();
    await p.locator(".leaflet-container").focus();
    await p.keyboard.press("ArrowRight");
    await p.keyboard.press("ArrowRight");
    await expect.poll(() => p.getByLabel("Längengrad").inputValue()).not.toBe(before);
    expect(Number(await p.getByLabel("Längengrad").inputValue())).toBeGreaterThan(Number(before));
    await p.getByText(/Gewählter Ort: /).waitFor({ state: "attached" }); // the live region announces it
    await checkPage(p, "vorschlag-tastatur");
    await p.getByRole("button", { name: "Vorschlag veröffentlichen" }).click();
    await p.waitForURL(/\/vorschlaege\/\d+$/);
    await p.getByRole("heading", { level: 1, name: "Fahrradständer per Tastatur gesetzt" }).waitFor();
    foreign.push(...resident.foreignRequests);
    await resident.context.close();
  });

  it("without JavaScript a resident proposes with typed coordinates; a point outside the area is refused with a message", async () => {
    const resident = await newPerson(browser, server.baseUrl, { javaScriptEnabled: false });
    const p = resident.page;
    await login(p, server.baseUrl, account("resident").email, account("resident").password);
    // axe needs scripts in the page, so the no-JS pages are checked with axe in the tests with JavaScript above.
    await p.goto(`${server.baseUrl}/beteiligungen/1/vorschlag`);
    await p.getByLabel("Titel").fill("Vorschlag ganz ohne JavaScript");
    await p.getByLabel("Beschreibung").fill("Mit Koordinaten eingegeben, ohne Karte.");
    await p.getByLabel("Breitengrad").fill("52,5200");
    await p.getByLabel("Längengrad").fill("13,4050");
    await p.getByRole("button", { name: "Vorschlag veröffentlichen" }).click();
    await p.getByText("Dieser Ort liegt außerhalb des Gebiets der Beteiligung.").first().waitFor();
    await screenshot(p, "vorschlag-ohne-js-fehler");
    // The page came back from the server: what was typed is still there.
    expect(await p.getByLabel("Titel").inputValue()).toBe("Vorschlag ganz ohne JavaScript");
    expect(await p.getByLabel("Breitengrad").inputValue()).toBe("52,5200");
    await p.getByLabel("Breitengrad").fill("50,5530");
    await p.getByLabel("Längengrad").fill("9,6800");
    await p.getByRole("button", { name: "Vorschlag veröffentlichen" }).click();
    await p.waitForURL(/\/vorschlaege\/\d+$/);
    await p.getByRole("heading", { level: 1, name: "Vorschlag ganz ohne JavaScript" }).waitFor();
    foreign.push(...resident.foreignRequests);
    await resident.context.close();
  });

  it("5. a moderator hides a comment naming a house rule and a reason; the public sees the placeholder and the audit log records it", async () => {
    const moderator = await newPerson(browser, server.baseUrl);
    const guest = await newPerson(browser, server.baseUrl);
    const p = moderator.page;
    await login(p, server.baseUrl, account("moderator").email, account("moderator").password);
    await p.goto(proposalUrl);
    const comment = p.locator(".comment", { hasText: "Die Bäume am Spielplatz" }).first();
    await comment.getByText("Ausblenden", { exact: true }).first().click();
    // A hide names the house rule the comment breaks: the form asks for one.
    const rule = comment.getByLabel("Regel der Netiquette, gegen die der Beitrag verstößt");
    expect(await rule.evaluate((el) => (el as HTMLSelectElement).required)).toBe(true);
    await rule.selectOption("regel-1");
    await comment.getByLabel("Begründung").first().fill("Test der Moderation: Beitrag verletzt die Regeln");
    await comment.getByRole("button", { name: "Ausblenden" }).first().click();
    await p.waitForURL(/hinweis=hidden/);
    await checkPage(p, "moderation-ausgeblendet");

    await visit(guest.page, proposalUrl, "vorschlag-gast");
    await guest.page.getByText("Grund: Test der Moderation: Beitrag verletzt die Regeln").waitFor();
    expect(await guest.page.getByRole("link", { name: "Regel 1 der Netiquette" }).getAttribute("href")).toMatch(/^\/netiquette/);
    expect(await guest.page.getByText("Die Bäume am Spielplatz geben viel Schatten.").count()).toBe(0);

    await visit(p, `${server.baseUrl}/moderation/protokoll`, "moderation-protokoll");
    const entry = p.getByRole("row").filter({ has: p.getByRole("cell", { name: "Test der Moderation: Beitrag verletzt die Regeln" }) });
    expect(await entry.getByRole("cell").allTextContents()).toEqual([
      expect.any(String),
      account("moderator").displayName,
      expect.stringMatching(/^Kommentar \d+: ausgeblendet$/),
      title,
      "Regel 1",
      "Test der Moderation: Beitrag verletzt die Regeln",
    ]);
    foreign.push(...moderator.foreignRequests, ...guest.foreignRequests);
    await moderator.context.close();
    await guest.context.close();
  });

  it("6. after the closing date, the moderator writes and publishes the result report with computed figures", async () => {
    const admin = await newPerson(browser, server.baseUrl);
    await login(admin.page, server.baseUrl, account("admin").email, account("admin").password);
    const id = consultationUrl.split("/").pop();
    await admin.page.goto(`${server.baseUrl}/verwaltung/${id}`);
    await admin.page.getByLabel("Beginn (Ortszeit)").fill(toLocalInputValue(new Date(Date.now() - 3 * HOUR)));
    await admin.page.getByLabel("Ende (Ortszeit)").fill(toLocalInputValue(new Date(Date.now() - 60_000)));
    await admin.page.getByRole("button", { name: "Speichern" }).click();
    await admin.page.waitForURL(/hinweis=saved/);

    const moderator = await newPerson(browser, server.baseUrl);
    const p = moderator.page;
    await login(p, server.baseUrl, account("moderator").email, account("moderator").password);
    await p.goto(consultationUrl);
    await p.getByRole("link", { name: "Ergebnisbericht lesen" }).click();
    await p.getByRole("link", { name: "Ergebnisbericht schreiben" }).click();
    await checkPage(p, "ergebnis-schreiben");
    await p.getByLabel("Zusammenfassung (Markdown)").fill("## Ergebnis\n\nDie Anwohner:innen wünschen sich **Bänke im Schatten**.");
    await p.getByRole("button", { name: "Speichern und veröffentlichen" }).click();
    await p.waitForURL(/hinweis=report_published/);
    await checkPage(p, "ergebnis");
    const figures = await p.locator(".figures").textContent();
    expect(figures).toContain("Teilnehmende1"); // Lena; the hidden comment does not count
    expect(figures).toContain("Vorschläge1");
    expect(figures).toContain("Kommentare1");
    expect(await p.getByRole("cell", { name: proposalTitle }).count()).toBe(1);
    foreign.push(...admin.foreignRequests, ...moderator.foreignRequests);
    await admin.context.close();
    await moderator.context.close();
  });

  it("7. a council member finds the report in the list; anyone can read the published report", async () => {
    const council = await newPerson(browser, server.baseUrl);
    await login(council.page, server.baseUrl, account("council").email, account("council").password);
    await visit(council.page, `${server.baseUrl}/ergebnisse`, "ergebnisse-rat");
    await council.page.getByRole("link", { name: `Ergebnisbericht: ${title}` }).click();
    await council.page.getByText("Bänke im Schatten").waitFor();
    await checkPage(council.page, "ergebnis-rat");

    const guest = await newPerson(browser, server.baseUrl);
    await visit(guest.page, `${server.baseUrl}/ergebnisse`, "ergebnisse-gast");
    await guest.page.getByRole("link", { name: `Ergebnisbericht: ${title}` }).click();
    await guest.page.getByText("Bänke im Schatten").waitFor();
    foreign.push(...council.foreignRequests, ...guest.foreignRequests);
    await council.context.close();
    await guest.context.close();
  });

  it("without JavaScript a resident votes, changes the vote, comments and replies with plain forms", async () => {
    const resident = await newPerson(browser, server.baseUrl, { javaScriptEnabled: false });
    const p = resident.page;
    await login(p, server.baseUrl, account("resident").email, account("resident").password);
    await p.goto(`${server.baseUrl}/beteiligungen/1`);
    await p.locator(".card-list h3 a").first().click();
    await p.waitForURL(/\/vorschlaege\/\d+$/);
    const counts = async () => {
      const text = (await p.locator(".panel .counts").first().textContent()) ?? "";
      const [, votesFor, votesAgainst] = /(\d+) dafür · (\d+) dagegen/.exec(text) ?? [];
      return { votesFor: Number(votesFor), votesAgainst: Number(votesAgainst) };
    };
    await p.getByText("Sie haben noch nicht abgestimmt.").waitFor();
    const before = await counts();
    await p.getByRole("button", { name: "Dafür stimmen" }).click();
    await p.waitForURL(/#abstimmung$/);
    await p.getByText("Sie haben dafür gestimmt.").waitFor();
    expect(await counts()).toEqual({ votesFor: before.votesFor + 1, votesAgainst: before.votesAgainst });
    expect(await p.getByRole("button", { name: "Dafür stimmen" }).getAttribute("aria-pressed")).toBe("true");
    await p.getByRole("button", { name: "Dagegen stimmen" }).click();
    await p.getByText("Sie haben dagegen gestimmt.").waitFor();
    expect(await counts()).toEqual({ votesFor: before.votesFor, votesAgainst: before.votesAgainst + 1 });

    await p.getByLabel("Ihr Kommentar").fill("Ohne JavaScript kommentiert.");
    await p.getByRole("button", { name: "Kommentar senden" }).click();
    await p.waitForURL(/#kommentar-\d+$/);
    const comment = p.locator(".comment", { hasText: "Ohne JavaScript kommentiert." });
    await comment.waitFor();
    await comment.getByText("Antworten", { exact: true }).click(); // a <details>: opens without JavaScript
    await comment.getByLabel("Ihre Antwort an Erika Mustermann").fill("Und ohne JavaScript geantwortet.");
    await comment.getByRole("button", { name: "Antwort senden" }).click();
    await p.waitForURL(/#kommentar-\d+$/);
    await p.locator(".comments--replies").getByText("Und ohne JavaScript geantwortet.").waitFor();
    await screenshot(p, "vorschlag-ohne-js-abgestimmt");
    foreign.push(...resident.foreignRequests);
    await resident.context.close();
  });

  it("a map popup loads the proposal's details when it opens, shows “Lädt …” meanwhile and a message on failure", async () => {
    const guest = await newPerson(browser, server.baseUrl);
    const p = guest.page;
    // Preview requests wait until the test opens the gate, so the loading state can be seen.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let failNext = false;
    await p.route(/\/vorschlaege\/\d+\/vorschau$/, async (route) => {
      if (failNext) return route.abort();
      await gate;
      await route.continue();
    });
    await p.goto(`${server.baseUrl}/beteiligungen/1`);
    await showMap(p);
    const marker = p.locator("path.leaflet-interactive").first();
    await marker.waitFor();
    await marker.click();
    const popup = p.locator(".leaflet-popup .map-popup");
    await popup.getByText("Lädt …").waitFor();
    release();
    await popup
      .locator(".counts")
      .getByText(/Saldo [+-]?\d+ · \d+ Kommentare?/)
      .waitFor();
    expect(await popup.getByText("Lädt …").count()).toBe(0);
    const href = await popup.getByRole("link", { name: "Vorschlag öffnen" }).getAttribute("href");
    expect(href).toMatch(/^\/vorschlaege\/\d+$/);
    const excerpt = (await popup.locator(".map-popup__excerpt").textContent()) ?? "";
    expect(excerpt.length).toBeGreaterThan(0);
    expect(excerpt.length).toBeLessThanOrEqual(200);
    await checkPage(p, "karte-popup");

    // Opened again while the server cannot be reached: a German message, and the link still works.
    await p.locator(".leaflet-popup-close-button").click();
    failNext = true;
    await marker.click();
    await popup.getByText("Die Angaben zu diesem Vorschlag konnten nicht geladen werden.", { exact: false }).waitFor();
    expect(await popup.getByRole("link", { name: "Vorschlag öffnen" }).getAttribute("href")).toBe(href);
    foreign.push(...guest.foreignRequests);
    await guest.context.close();
  });

  it("similar proposals of the same consultation appear while a title is typed", async () => {
    const resident = await newPerson(browser, server.baseUrl);
    const p = resident.page;
    await login(p, server.baseUrl, account("resident").email, account("resident").password);
    await p.goto(`${server.baseUrl}/beteiligungen/1/vorschlag`);
    await showMap(p);
    const similar = p.locator(".similar-proposals");
    expect(await similar.getAttribute("aria-live")).toBe("polite");
    await p.getByLabel("Titel").pressSequentially("Überdachte Abstellanlage am Bahnhof");
    await similar.getByText("Ähnliche Vorschläge").waitFor();
    const links = similar.getByRole("link");
    await links.first().waitFor();
    expect(await links.count()).toBeLessThanOrEqual(5);
    expect(await links.allTextContents()).toContain("Abstellanlage am Bahnhof überdacht");
    // Only this consultation's proposals: the closed Marktplatz consultation has its own copies of some ideas.
    for (const link of await links.all()) {
      const page = await (await fetch(`${server.baseUrl}${await link.getAttribute("href")}`)).text();
      expect(page).toContain("Zurück zu „Radverkehr in der Innenstadt“");
    }
    await checkPage(p, "vorschlag-aehnliche");
    await p.getByLabel("Titel").fill("Ab");
    await expect.poll(() => similar.textContent()).toBe("");
    foreign.push(...resident.foreignRequests);
    await resident.context.close();
  });

  it("serves the security headers, refuses foreign-origin writes, answers unknown URLs with 404 and never leaves the machine", async () => {
    const home = await fetch(`${server.baseUrl}/`);
    const csp = home.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(home.headers.get("x-content-type-options")).toBe("nosniff");
    expect(home.headers.get("referrer-policy")).toBe("same-origin");
    const html = await home.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(html).toContain(`nonce="${nonce}"`);

    const forged = await fetch(`${server.baseUrl}/registrieren`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=x%40example.org&displayName=X&password=12345678910",
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("Anfrage abgelehnt");

    const missing = await fetch(`${server.baseUrl}/gibt-es-nicht`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Seite nicht gefunden");
    expect((await fetch(`${server.baseUrl}/vorschlaege/999999`)).status).toBe(404);
    expect(foreign).toEqual([]);
  });

  it("stops promptly on SIGTERM and releases the database", async () => {
    // stop() waits for the exit; a server that hung would run into the test's timeout.
    await server.stop();
    expect(server.process.exitCode).toBe(0);
    expect(server.log()).toContain("SIGTERM empfangen");
  });
});
