import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createUser, sessionCookieFor, type PhaseName } from "../setup/fixtures";
import { expectOk, routes } from "../setup/routes";
import { childrenNamed, childText, parseXml, type XmlElement } from "../setup/xml";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { parseConsultationQuery } from "~/domain/consultations/consultations.urls";
import { xmlEscape } from "~/lib/atom.server";
import * as home from "~/routes/_index";
import * as feed from "~/routes/feed[.]atom";

const t = useTestDatabase();
const r = routes(t);
const DAY = 24 * 3600 * 1000;
const PUBLIC_URL = "http://localhost:3000";

let admin: CurrentUser;
beforeEach(async () => {
  admin = await createUser(t.db, { role: "admin" });
});

async function consultation(phase: PhaseName | "published", texts: { title?: string; summary?: string; body?: string } = {}) {
  const id = await createConsultation(t.db, admin, phase === "published" ? "closed" : phase);
  const set: { title?: string; summary?: string; body_md?: string } = {};
  if (texts.title) set.title = texts.title;
  if (texts.summary) set.summary = texts.summary;
  if (texts.body) set.body_md = texts.body;
  if (Object.keys(set).length) await t.db.updateTable("consultations").set(set).where("id", "=", id).execute();
  if (phase === "published") await publishResult(id, new Date());
  return id;
}

async function publishResult(consultationId: string, at: Date | null, summary = "## Ergebnis\n\nViele wünschen sich **mehr Bänke**.") {
  await t.db
    .insertInto("result_reports")
    .values({ consultation_id: consultationId, summary_md: summary, author_id: admin.id, figures: JSON.stringify({}), published_at: at })
    .execute();
}

const ids = (data: { items: { id: string }[] }) => data.items.map((c) => c.id);
const list = async (query = "", cookie?: string) => expectOk(await r.get(home.loader, `/${query}`, { cookie }));

describe("the consultation list", () => {
  it("filters by phase with German URL words; an unknown phase shows all", async () => {
    const open = await consultation("open");
    const scheduled = await consultation("scheduled");
    const closed = await consultation("closed");
    const published = await consultation("published");
    await consultation("draft");
    expect(ids(await list("?phase=offen"))).toEqual([open]);
    expect(ids(await list("?phase=demnaechst"))).toEqual([scheduled]);
    expect(ids(await list("?phase=beendet"))).toEqual([closed]);
    expect(ids(await list("?phase=ergebnis"))).toEqual([published]);
    const all = await list("?phase=irgendwas");
    expect(all.query.phase).toBeNull();
    expect(ids(all).sort()).toEqual([open, scheduled, closed, published].sort());
    expect((await list("?phase=offen")).items[0].phase).toBe("open");
  });

  it("never shows drafts to guests, residents, moderators or council members, even when asked for them", async () => {
    const draft = await consultation("draft");
    const open = await consultation("open");
    for (const role of [null, "resident", "moderator", "council"] as const) {
      const cookie = role ? await sessionCookieFor(t.db, await createUser(t.db, { role })) : undefined;
      expect(await list("?phase=entwurf", cookie)).toMatchObject({ items: [], total: 0 });
      expect(ids(await list("", cookie))).toEqual([open]);
    }
    const adminCookie = await sessionCookieFor(t.db, admin);
    expect(ids(await list("?phase=entwurf", adminCookie))).toEqual([draft]);
  });

  it("sorts open first, then scheduled, then closed and published, across pages of 20", async () => {
    const closed: string[] = [];
    for (let i = 0; i < 19; i++) closed.push(await consultation("closed"));
    const published = await consultation("published");
    const scheduled = await consultation("scheduled");
    const open = await consultation("open");
    const first = await list();
    const second = await list("?seite=2");
    expect(first.total).toBe(22);
    expect(first.items).toHaveLength(20);
    expect(second.items).toHaveLength(2);
    const phases = [...first.items, ...second.items].map((c: { phase: string }) => c.phase);
    expect(phases.slice(0, 2)).toEqual(["open", "scheduled"]);
    expect(new Set(phases.slice(2))).toEqual(new Set(["closed", "published"]));
    expect(ids(first).slice(0, 2)).toEqual([open, scheduled]);
    expect(new Set([...ids(first), ...ids(second)])).toEqual(new Set([...closed, published, scheduled, open]));
    // The list carries no long texts.
    expect(first.items.every((c: { bodyMd: string; area: unknown }) => c.bodyMd === "" && c.area === null)).toBe(true);
  });

  it("German full-text search over title, summary and body finds inflected forms (Radwege finds Radweg)", async () => {
    const inTitle = await consultation("open", { title: "Ein neuer Radweg zur Schule" });
    const inSummary = await consultation("closed", { summary: "Wir planen einen Radweg entlang des Flusses." });
    const inBody = await consultation("scheduled", { body: "## Plan\n\nDer Radweg an der Brücke wird breiter." });
    await consultation("open", { title: "Neugestaltung des Marktplatzes", summary: "Mehr Grün und Bänke für die Innenstadt." });
    await consultation("draft", { title: "Radweg im Entwurf" });
    const found = await list("?suche=Radwege");
    expect(found.total).toBe(3);
    // Open first, then scheduled, then closed, as without a search.
    expect(ids(found)).toEqual([inTitle, inBody, inSummary]);
    expect(ids(await list("?suche=Radwege&phase=beendet"))).toEqual([inSummary]);
    expect(await list("?suche=Schwimmbad")).toMatchObject({ items: [], total: 0 });
    // Search syntax and odd input are never an error.
    for (const odd of ["%22Radweg%22", "-Radweg", "Radweg%20OR%20Markt", "%26%7C!(", "%27%3B--", "%20%20"]) {
      const res = await r.get(home.loader, `/?suche=${odd}`);
      expect(res.status, odd).toBe(200);
    }
  });

  it("reads filters from the URL defensively", () => {
    expect(parseConsultationQuery(new URLSearchParams("phase=offen&suche=%20Radweg%20"))).toEqual({ phase: "open", search: "Radweg" });
    expect(parseConsultationQuery(new URLSearchParams("phase=toString&suche="))).toEqual({ phase: null, search: null });
    expect(parseConsultationQuery(new URLSearchParams(`suche=${"a".repeat(500)}`)).search).toHaveLength(200);
  });

  it("the start page links its Atom feed in the head", () => {
    const tags = home.meta({ matches: [{ id: "root", data: { locale: "de" } }] } as unknown as Parameters<typeof home.meta>[0]);
    expect(tags).toContainEqual(
      expect.objectContaining({ tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/feed.atom" }),
    );
  });
});

async function readFeed(cookie?: string) {
  const res = await r.get(feed.loader, "/feed.atom", { cookie });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  const xml = await res.text();
  return { xml, doc: parseXml(xml) };
}

const entries = (doc: XmlElement) => childrenNamed(doc, "entry");
const links = (entry: XmlElement) => childrenNamed(entry, "link").map((l) => l.attributes.href);

describe("the Atom feed", () => {
  it("is well-formed Atom with absolute links, newest first: new consultations and published results, never drafts", async () => {
    const now = Date.now();
    const open = await consultation("open", { title: "Radverkehr in der Innenstadt" });
    const scheduled = await consultation("scheduled", { title: "Grundschule am Lindenpark" });
    const closed = await consultation("closed", { title: "Neugestaltung des Marktplatzes" });
    const draft = await consultation("draft", { title: "Geheimer Entwurf" });
    const unpublishedReport = await consultation("closed", { title: "Bericht noch in Arbeit" });
    await publishResult(closed, new Date(now - DAY));
    await publishResult(unpublishedReport, null);
    const published = (id: string, daysAgo: number) =>
      t.db
        .updateTable("consultations")
        .set({ published_at: new Date(now - daysAgo * DAY) })
        .where("id", "=", id)
        .execute();
    await published(open, 10);
    await published(scheduled, 2);
    await published(closed, 60);
    await published(unpublishedReport, 50);

    for (const cookie of [undefined, await sessionCookieFor(t.db, admin)]) {
      const { doc, xml } = await readFeed(cookie);
      expect(doc.name).toBe("feed");
      expect(doc.attributes.xmlns).toBe("http://www.w3.org/2005/Atom");
      expect(childText(doc, "id")).toBe(`${PUBLIC_URL}/feed.atom`);
      expect(childrenNamed(doc, "link").find((l) => l.attributes.rel === "self")?.attributes.href).toBe(`${PUBLIC_URL}/feed.atom`);
      expect(Number.isNaN(Date.parse(childText(doc, "updated")))).toBe(false);
      expect(childText(childrenNamed(doc, "author")[0], "name")).not.toBe("");
      expect(entries(doc).map((e) => [childText(e, "title"), links(e)[0]])).toEqual([
        ["Ergebnis veröffentlicht: Neugestaltung des Marktplatzes", `${PUBLIC_URL}/beteiligungen/${closed}/ergebnis`],
        ["Neue Beteiligung: Grundschule am Lindenpark", `${PUBLIC_URL}/beteiligungen/${scheduled}`],
        ["Neue Beteiligung: Radverkehr in der Innenstadt", `${PUBLIC_URL}/beteiligungen/${open}`],
        ["Neue Beteiligung: Bericht noch in Arbeit", `${PUBLIC_URL}/beteiligungen/${unpublishedReport}`],
        ["Neue Beteiligung: Neugestaltung des Marktplatzes", `${PUBLIC_URL}/beteiligungen/${closed}`],
      ]);
      for (const entry of entries(doc)) {
        expect(childText(entry, "id")).toMatch(/^http:\/\/localhost:3000\/beteiligungen\/\d+/);
        expect(Number.isNaN(Date.parse(childText(entry, "published")))).toBe(false);
        expect(Number.isNaN(Date.parse(childText(entry, "updated")))).toBe(false);
      }
      // The result entry carries the report's summary as plain text, without markdown.
      expect(childText(entries(doc)[0], "summary")).toBe("Ergebnis Viele wünschen sich mehr Bänke.");
      expect(xml).not.toContain("Geheimer Entwurf");
      expect(xml).not.toContain(`/beteiligungen/${draft}`);
      expect(xml).not.toContain(`/beteiligungen/${unpublishedReport}/ergebnis`);
      // The feed's updated time is the newest entry's.
      expect(childText(doc, "updated")).toBe(childText(entries(doc)[0], "updated"));
    }
  });

  it("escapes markup and drops characters XML does not allow", async () => {
    const id = await consultation("open", {
      title: `Straße <b>&</b> "Platz" 'alt' ]]> \u0001\u000b Ende`,
      summary: "Kosten < 5 € & > 3 € \uFFFE – fertig",
    });
    const { doc, xml } = await readFeed();
    const [entry] = entries(doc);
    expect(childText(entry, "title")).toBe(`Neue Beteiligung: Straße <b>&</b> "Platz" 'alt' ]]>  Ende`);
    expect(childText(entry, "summary")).toBe("Kosten < 5 € & > 3 €  – fertig");
    expect(xml).not.toContain("<b>");
    expect(links(entry)).toEqual([`${PUBLIC_URL}/beteiligungen/${id}`]);
  });

  it("holds at most 50 entries, the newest", async () => {
    const now = Date.now();
    for (let i = 0; i < 53; i++) {
      const id = await consultation("open", { title: `Beteiligung Nummer ${i}` });
      await t.db
        .updateTable("consultations")
        .set({ published_at: new Date(now - (i + 1) * 60_000) })
        .where("id", "=", id)
        .execute();
    }
    const { doc } = await readFeed();
    const titles = entries(doc).map((e) => childText(e, "title"));
    expect(titles).toHaveLength(50);
    expect(titles[0]).toBe("Neue Beteiligung: Beteiligung Nummer 0");
    expect(titles[49]).toBe("Neue Beteiligung: Beteiligung Nummer 49");
  });

  it("is a valid feed when there is nothing to announce yet", async () => {
    await consultation("draft");
    const { doc } = await readFeed();
    expect(doc.name).toBe("feed");
    expect(entries(doc)).toEqual([]);
    expect(Number.isNaN(Date.parse(childText(doc, "updated")))).toBe(false);
  });
});

describe("XML escaping", () => {
  it("escapes the five special characters and drops what XML cannot hold, lone surrogates included", () => {
    expect(xmlEscape(`a<b>&"'`)).toBe("a&lt;b&gt;&amp;&quot;&apos;");
    expect(xmlEscape("x\u0000\u0008\u000b\u000c\u001f\uD800-\uDFFF\uFFFE\uFFFFy")).toBe("x-y");
    expect(xmlEscape("Tab\tZeile\nÄ😀")).toBe("Tab\tZeile\nÄ😀");
  });
});

describe("the XML check used above", () => {
  it("refuses what is not well-formed", () => {
    const bad = [
      "<feed><title>A & B</title></feed>",
      "<feed><title>A</titel></feed>",
      '<feed><link href="a<b"/></feed>',
      "<feed><title>&nbsp;</title></feed>",
      "<feed></feed><feed></feed>",
      "<feed><entry></feed>",
      "<feed>\u0001</feed>",
      '<feed a="1" a="2"/>',
      "text<feed/>",
    ];
    for (const xml of bad) expect(() => parseXml(xml), xml).toThrow(/not well-formed/);
    expect(parseXml('<?xml version="1.0" encoding="utf-8"?>\n<a x="&lt;&#233;&#x20AC;"><b>&amp;</b></a>')).toEqual({
      name: "a",
      attributes: { x: "<é€" },
      children: [{ name: "b", attributes: {}, children: ["&"] }],
    });
  });
});
