import { afterEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { expectOk, routes } from "../setup/routes";
import { env, setEnvForTests } from "~/lib/env.server";
import { de } from "~/i18n/de";
import { en } from "~/i18n/en";
import { setVisibility } from "../setup/moderation";
import { addTextDocument } from "~/domain/documents/documents.server";
import * as root from "~/root";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as documentPage from "~/routes/dokumente.$id._index";
import * as sectionPage from "~/routes/abschnitte.$id";
import * as results from "~/routes/ergebnisse._index";
import * as home from "~/routes/_index";

// Item 6 of issue 8: every page has a <meta name="description">; consultation and proposal pages carry their own
// summary (plain text, about 160 characters) and Open Graph title, description, type and absolute url. Tested the way
// Remix uses them: the loader's data goes into the route's meta function.

const t = useTestDatabase();
const r = routes(t);
const original = env();
afterEach(() => setEnvForTests(original));

type Descriptor = Record<string, string>;
type MetaFn = (args: any) => Descriptor[];

/** The tags a route's meta makes from its loader's data, with the root's data (the reader's language). */
function metaOf(meta: MetaFn, data: unknown, locale: "de" | "en" = "de") {
  const matches = [
    { id: "root", data: { locale } },
    { id: "page", data },
  ];
  const tags = meta({ data, matches, params: {}, location: {} });
  const by = (key: string, value: string) => tags.find((tag) => tag[key] === value)?.content;
  return {
    tags,
    title: tags.find((tag) => "title" in tag)?.title,
    description: by("name", "description"),
    og: Object.fromEntries(tags.filter((tag) => tag.property?.startsWith("og:")).map((tag) => [tag.property, tag.content])),
  };
}

const LONG_BODY =
  "**Am Flussufer** fehlen Bänke. Wer dort spazieren geht, findet auf zwei Kilometern keinen Platz zum Ausruhen, " +
  "vor allem ältere Menschen. [Eine Karte](https://example.org/karte) zeigt die Stellen.\n\n" +
  "- Schatten unter den Linden\n- Blick auf das Wasser\n\nDazu kommen Papierkörbe, damit nichts liegen bleibt.";

async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const summary = `Die Stadt plant den Umbau der Uferpromenade. ${"Wir möchten wissen, was Ihnen dort wichtig ist. ".repeat(5)}`;
  await t.db.updateTable("consultations").set({ title: "Neue Uferpromenade", summary }).where("id", "=", consultation).execute();
  const author = await createUser(t.db);
  const proposal = await createProposal(t.db, consultation, author, "Bänke am Fluss");
  await t.db.updateTable("proposals").set({ body_md: LONG_BODY }).where("id", "=", proposal).execute();
  return { admin, consultation, proposal, summary };
}

const loadConsultation = (id: string) => r.get(consultationPage.loader, `/beteiligungen/${id}`, { params: { id } }).then(expectOk);
const loadProposal = (id: string, cookie?: string) =>
  r.get(proposalPage.loader, `/vorschlaege/${id}`, { params: { id }, cookie }).then(expectOk);

describe("a consultation page", () => {
  it("describes itself by its summary, shortened to 160 characters, with Open Graph tags and its address from PUBLIC_URL", async () => {
    const s = await setting();
    setEnvForTests({ ...original, PUBLIC_URL: "https://beteiligung.example.de", secure: true });
    const meta = metaOf(consultationPage.meta as MetaFn, await loadConsultation(s.consultation));
    expect(meta.title).toBe("Neue Uferpromenade – Ratschlag");
    expect(meta.description!.length).toBeLessThanOrEqual(160);
    expect(meta.description!.length).toBeGreaterThan(120);
    expect(meta.description).toMatch(/^Die Stadt plant den Umbau der Uferpromenade\. Wir möchten wissen/);
    expect(meta.description).toMatch(/…$/);
    expect(s.summary.replace(/\s+/g, " ").startsWith(meta.description!.slice(0, -1))).toBe(true);
    expect(meta.og).toEqual({
      "og:title": "Neue Uferpromenade",
      "og:description": meta.description,
      "og:type": "website",
      "og:url": `https://beteiligung.example.de/beteiligungen/${s.consultation}`,
      "og:site_name": "Ratschlag",
      "og:locale": "de_DE",
    });
    // Exactly one title and one description.
    expect(meta.tags.filter((tag) => "title" in tag)).toHaveLength(1);
    expect(meta.tags.filter((tag) => tag.name === "description")).toHaveLength(1);
  });

  it("a short summary is taken whole", async () => {
    const s = await setting();
    await t.db.updateTable("consultations").set({ summary: "Wie soll die Promenade aussehen?" }).where("id", "=", s.consultation).execute();
    expect(metaOf(consultationPage.meta as MetaFn, await loadConsultation(s.consultation)).description).toBe(
      "Wie soll die Promenade aussehen?",
    );
  });
});

describe("a proposal page", () => {
  it("describes itself by its text as plain words (no markdown), at most 160 characters, as an article", async () => {
    const s = await setting();
    const meta = metaOf(proposalPage.meta as MetaFn, await loadProposal(s.proposal));
    expect(meta.title).toBe("Bänke am Fluss – Ratschlag");
    expect(meta.description).toMatch(/^Am Flussufer fehlen Bänke\. Wer dort spazieren geht/);
    expect(meta.description!.length).toBeLessThanOrEqual(160);
    expect(meta.description).not.toMatch(/\*\*|\]\(|https?:|\n/);
    expect(meta.og).toMatchObject({
      "og:title": "Bänke am Fluss",
      "og:description": meta.description,
      "og:type": "article",
      "og:url": `${original.PUBLIC_URL}/vorschlaege/${s.proposal}`,
    });
  });

  it("a hidden proposal leaks nothing of its own into the head: not to guests, not even on the moderators' page", async () => {
    const s = await setting();
    const moderator = await createUser(t.db, { role: "moderator" });
    await setVisibility(t.db, moderator, { type: "proposal", id: s.proposal }, { hide: true, reason: "Verstößt gegen Regel 2" });
    for (const cookie of [undefined, await sessionCookieFor(t.db, moderator)]) {
      const meta = metaOf(proposalPage.meta as MetaFn, await loadProposal(s.proposal, cookie));
      const head = JSON.stringify(meta.tags);
      expect(head).not.toContain("Bänke");
      expect(head).not.toContain("Flussufer");
      expect(meta.title).toBe(`${de.proposal.hiddenTitle} – Ratschlag`);
      expect(meta.description).toBe(de.app.description);
      expect(meta.og).toEqual({});
    }
  });

  it("in English the tags are English where they are the platform's", async () => {
    const s = await setting();
    const meta = metaOf(proposalPage.meta as MetaFn, await loadProposal(s.proposal), "en");
    expect(meta.og["og:locale"]).toBe("en_GB");
    const hidden = metaOf(proposalPage.meta as MetaFn, undefined, "en");
    expect(hidden.description).toBe(en.app.description);
  });
});

describe("every other page", () => {
  it("carries the platform's description: the root (pages without meta, error pages) and routes with their own title", async () => {
    const s = await setting();
    const rootMeta = metaOf(root.meta as MetaFn, { locale: "de" });
    expect(rootMeta.description).toBe(de.app.description);
    expect(metaOf(root.meta as MetaFn, { locale: "en" }, "en").description).toBe(en.app.description);
    expect(metaOf(results.meta as MetaFn, {}).description).toBe(de.app.description);
    expect(metaOf(home.meta as MetaFn, {}).description).toBe(de.app.description);

    const added = await addTextDocument(t.db, s.admin, s.consultation, { title: "Satzung", description: "", body: "# Teil eins\n\nText" });
    if (!added.ok) throw new Error(added.reason);
    const doc = await expectOk(await r.get(documentPage.loader, `/dokumente/${added.id}`, { params: { id: added.id } }));
    expect(metaOf(documentPage.meta as MetaFn, doc)).toMatchObject({ title: "Satzung – Ratschlag", description: de.app.description });
    const section = doc.sections[0].id;
    const sectionData = await expectOk(await r.get(sectionPage.loader, `/abschnitte/${section}`, { params: { id: section } }));
    expect(metaOf(sectionPage.meta as MetaFn, sectionData)).toMatchObject({
      title: "Teil eins – Ratschlag",
      description: de.app.description,
    });
  });
});
