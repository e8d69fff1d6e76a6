import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";
import { hashPassword } from "../app/lib/password.server";
import { randomToken } from "../app/lib/crypto.server";
import { computeFigures } from "../app/domain/results/results.queries.server";
import { seedDocuments } from "./seed-documents";
import { seedModeration } from "./seed-moderation";
import { defaultPlatformRules } from "../app/domain/houserules/houserules.default";
import { changedFields, snapshotOf } from "../app/domain/consultations/consultations.revisions";

// The fictional demo town Musterstadt. The map shows a real area for illustration only.
// Idempotent: it does nothing when the demo administrator exists already.

export const demoAccounts = [
  { email: "verwaltung@musterstadt.example", displayName: "Verwaltung Musterstadt", role: "admin", password: "Demo-Verwaltung-2026" },
  { email: "moderation@musterstadt.example", displayName: "Moderation Musterstadt", role: "moderator", password: "Demo-Moderation-2026" },
  { email: "rat@musterstadt.example", displayName: "Ratsmitglied Beispiel", role: "council", password: "Demo-Rat-2026" },
  { email: "einwohnerin@musterstadt.example", displayName: "Erika Mustermann", role: "resident", password: "Demo-Einwohnerin-2026" },
] as const;

const CENTER = { lat: 50.5519, lng: 9.6759 };
/** The demo town's area: an irregular outline around the centre that holds every demo proposal. */
const AREA = {
  type: "Polygon" as const,
  coordinates: [
    [
      [0.032, 0],
      [0.03, 0.013],
      [0.02, 0.022],
      [0, 0.024],
      [-0.02, 0.022],
      [-0.03, 0.013],
      [-0.032, 0],
      [-0.03, -0.013],
      [-0.02, -0.022],
      [0, -0.024],
      [0.02, -0.022],
      [0.03, -0.013],
      [0.032, 0],
    ].map(([dLng, dLat]) => [CENTER.lng + dLng, CENTER.lat + dLat]),
  ],
};
const DAY = 24 * 3600 * 1000;

const ideas = [
  "Sichere Radspur in der Bahnhofstraße",
  "Fahrradbügel am Rathaus",
  "Tempo 30 vor der Grundschule",
  "Zebrastreifen an der Linde",
  "Mehr Bänke im Stadtpark",
  "Trinkbrunnen am Marktplatz",
  "Beleuchtung am Fußweg zum Friedhof",
  "Abstellanlage am Bahnhof überdacht",
  "Bordsteine absenken an der Post",
  "Radweg-Lücke an der Brücke schließen",
  "Blumenwiese statt Rasen am Kreisel",
  "Bushaltestelle mit Dach",
  "Lastenrad zum Ausleihen",
  "Schulweg sicherer machen",
  "Ampel mit längerer Grünphase für Fußgänger",
  "Spielstraße im Wohngebiet Süd",
  "Baumpflanzungen in der Hauptstraße",
  "Parkplätze zu Radstellplätzen",
  "Radständer am Freibad",
  "Querungshilfe an der Kirche",
  "Sitzgelegenheiten an der Bushaltestelle",
  "Mehr Mülleimer am Flussufer",
  "Fahrradstraße durch die Altstadt",
  "Reparaturstation für Fahrräder",
  "Gehweg verbreitern am Markt",
  "Beschilderung für Radrouten",
  "Schattenplätze am Spielplatz",
  "Kreuzung an der Mühle entschärfen",
  "Winterdienst auf Radwegen",
  "Öffentliche Toilette am Park",
  "Radweg zum Gewerbegebiet",
  "Trennung von Rad- und Fußweg am Ufer",
  "Barrierefreier Zugang zum Bürgerbüro",
  "Leihräder an der Hochschule",
  "Grünpfeil für Radfahrende an der Ampel",
];

/** A small deterministic random sequence, so every demo looks the same. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  const anyUser = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (anyUser) return false;
  return seedDemo(db);
}

export async function seedDemo(db: Kysely<Database>): Promise<boolean> {
  const exists = await db.selectFrom("users").select("id").where("email", "=", demoAccounts[0].email).executeTakeFirst();
  if (exists) return false;
  const hashes = await Promise.all(demoAccounts.map((a) => hashPassword(a.password)));
  const nobodyHash = await hashPassword(randomToken()); // demo residents cannot log in
  const rand = random(42);
  const now = Date.now();

  await db.transaction().execute(async (tx) => {
    const staff: Record<string, string> = {};
    for (const [i, account] of demoAccounts.entries()) {
      const { id } = await tx
        .insertInto("users")
        .values({
          email: account.email,
          display_name: account.displayName,
          role: account.role,
          password_hash: hashes[i],
          email_verified_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      staff[account.role] = id;
    }
    const residentRows = await tx
      .insertInto("users")
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          email: `anwohner${String(i + 1).padStart(2, "0")}@musterstadt.example`,
          display_name: `Anwohner:in ${i + 1}`,
          role: "resident" as const,
          password_hash: nobodyHash,
          email_verified_at: new Date(now - 60 * DAY),
          created_at: new Date(now - 60 * DAY),
        })),
      )
      .returning("id")
      .execute();
    const residents = [staff.resident, ...residentRows.map((r) => r.id)];
    const pick = () => residents[Math.floor(rand() * residents.length)];

    type DemoConsultation = {
      title: string;
      summary: string;
      body: string;
      opens: number;
      closes: number;
      published: boolean;
      plainSummary?: string;
      contact?: { name: string; office: string; email: string; phone: string };
      inputUse?: string;
    };
    /** What residents saw of a demo consultation (a revision's snapshot). */
    const snapshot = (c: DemoConsultation) =>
      snapshotOf({
        title: c.title,
        summary: c.summary,
        plainSummary: c.plainSummary ?? "",
        body: c.body,
        opensAt: new Date(now + c.opens * DAY),
        closesAt: new Date(now + c.closes * DAY),
        contactName: c.contact?.name ?? "",
        contactOffice: c.contact?.office ?? "",
        contactEmail: c.contact?.email ?? "",
        contactPhone: c.contact?.phone ?? "",
        inputUse: c.inputUse ?? "",
        centerLat: CENTER.lat,
        centerLng: CENTER.lng,
        zoom: 14,
        area: AREA,
      });
    /** `earlier`: what was first published, when the demo shows a later change (revision 2, three days ago). */
    const consultation = async (c: DemoConsultation, earlier?: DemoConsultation) => {
      const publishedAt = new Date(now + Math.min(c.opens, 0) * DAY - DAY);
      const { id } = await tx
        .insertInto("consultations")
        .values({
          title: c.title,
          summary: c.summary,
          body_md: c.body,
          plain_summary: c.plainSummary ?? "",
          contact_name: c.contact?.name ?? "",
          contact_office: c.contact?.office ?? "",
          contact_email: c.contact?.email ?? "",
          contact_phone: c.contact?.phone ?? "",
          input_use_md: c.inputUse ?? "",
          opens_at: new Date(now + c.opens * DAY),
          closes_at: new Date(now + c.closes * DAY),
          center_lat: CENTER.lat,
          center_lng: CENTER.lng,
          zoom: 14,
          area: JSON.stringify(AREA),
          published_at: c.published ? publishedAt : null,
          created_by: staff.admin,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (c.published) {
        // Revision 1 is the state as published; an edit after publication adds revision 2.
        const first = snapshot(earlier ?? c);
        await tx
          .insertInto("consultation_revisions")
          .values({ consultation_id: id, number: 1, snapshot: JSON.stringify(first), author_id: staff.admin, created_at: publishedAt })
          .execute();
        if (earlier) {
          const current = snapshot(c);
          await tx
            .insertInto("consultation_revisions")
            .values({
              consultation_id: id,
              number: 2,
              snapshot: JSON.stringify(current),
              changed_fields: JSON.stringify(changedFields(first, current)),
              author_id: staff.admin,
              created_at: new Date(now - 3 * DAY),
            })
            .execute();
        }
      }
      return id;
    };

    const addCategories = async (consultationId: string) => {
      const rows = await tx
        .insertInto("categories")
        .values([
          { consultation_id: consultationId, name: "Radwege", color: "#1f6f8b" },
          { consultation_id: consultationId, name: "Abstellen & Parken", color: "#8a4f0b" },
          { consultation_id: consultationId, name: "Sicherheit", color: "#b3261e" },
          { consultation_id: consultationId, name: "Aufenthalt & Grün", color: "#2e7d32" },
        ])
        .returning("id")
        .execute();
      return rows.map((r) => r.id);
    };

    const addProposals = async (consultationId: string, titles: string[], ageDays: number) => {
      const categories = await addCategories(consultationId);
      const ids: string[] = [];
      for (const [i, title] of titles.entries()) {
        const { id } = await tx
          .insertInto("proposals")
          .values({
            consultation_id: consultationId,
            author_id: pick(),
            category_id: categories[i % categories.length],
            title,
            body_md: `${title}: Das würde den Alltag vieler Menschen in Musterstadt leichter machen.\n\nIch schlage vor, dies **bis zum nächsten Jahr** umzusetzen.`,
            lat: CENTER.lat + (rand() - 0.5) * 0.03,
            lng: CENTER.lng + (rand() - 0.5) * 0.05,
            created_at: new Date(now - (ageDays - i * 0.3) * DAY),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        ids.push(id);
        const votes = new Map<string, 1 | -1>();
        const count = Math.floor(rand() * 25);
        for (let v = 0; v < count; v++) votes.set(pick(), rand() < 0.75 ? 1 : -1);
        if (votes.size) {
          await tx
            .insertInto("votes")
            .values([...votes].map(([user_id, value]) => ({ proposal_id: id, user_id, value })))
            .execute();
        }
        for (let k = 0; k < Math.floor(rand() * 3); k++) {
          const comment = await tx
            .insertInto("comments")
            .values({
              proposal_id: id,
              author_id: pick(),
              body_md: k === 0 ? "Gute Idee, das unterstütze ich." : "Wie soll das bezahlt werden?",
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          if (rand() < 0.5) {
            await tx
              .insertInto("comments")
              .values({ proposal_id: id, parent_id: comment.id, author_id: pick(), body_md: "Dafür gibt es Fördermittel vom Land." })
              .execute();
          }
        }
      }
      return ids;
    };

    const cycling: DemoConsultation = {
      title: "Radverkehr in der Innenstadt",
      summary: "Wo fehlen Radwege, Abstellplätze oder sichere Querungen? Zeigen Sie es uns auf der Karte.",
      body: "## Worum geht es?\n\nDie Stadt Musterstadt erstellt ein neues **Radverkehrskonzept**. Ihre Hinweise fließen in die Planung ein.\n\n## Wie mache ich mit?\n\n- Setzen Sie einen Vorschlag auf die Karte.\n- Kommentieren Sie die Vorschläge anderer.\n- Stimmen Sie dafür oder dagegen.\n\nDer Stadtrat berät im Frühjahr über das Ergebnis.",
      opens: -14,
      closes: 30,
      published: true,
      plainSummary:
        "Die Stadt will das Rad-Fahren besser machen.\n\n- Wo fehlt ein Rad-Weg?\n- Wo können Sie Ihr Rad nicht gut abstellen?\n- Wo ist es gefährlich?\n\nSagen Sie es uns. Setzen Sie dafür einen Punkt auf die Karte. Sie können auch Vorschläge von anderen Menschen gut finden oder nicht gut finden.",
      contact: {
        name: "Frau Jana Beispiel",
        office: "Stadtplanungsamt Musterstadt, Abteilung Verkehr",
        email: "radverkehr@musterstadt.example",
        phone: "06621 123-456",
      },
      inputUse:
        "**Wer entscheidet?** Der Stadtrat von Musterstadt beschließt das Radverkehrskonzept.\n\n**Wann?** Nach dem Ende der Beteiligung wertet das Stadtplanungsamt alle Beiträge aus. Der Stadtrat berät im Frühjahr darüber.\n\n**Wie erfahren Sie davon?** Wir veröffentlichen einen Ergebnisbericht auf dieser Seite. Zu jedem Vorschlag schreibt die Verwaltung eine Stellungnahme. Wer der Beteiligung folgt, bekommt eine E-Mail.",
    };
    // Extended after publication by a week, with the plain-language summary added: residents see the change.
    const open = await consultation(cycling, { ...cycling, closes: 23, plainSummary: "" });
    const openProposals = await addProposals(open, ideas, 14);
    await seedDocuments(tx, open, staff.admin, AREA);
    // The house rules: the platform's default text, and one addition for the cycling consultation.
    await tx
      .insertInto("house_rules")
      .values([
        { consultation_id: null, body_md: defaultPlatformRules, updated_by: staff.admin },
        {
          consultation_id: open,
          body_md:
            "- Bitte nennen Sie bei Vorschlägen zu einer Straße möglichst den genauen Abschnitt.\n- Hinweise zu Unfällen ohne Namen oder Kennzeichen der Beteiligten.",
          updated_by: staff.admin,
        },
      ])
      .execute();
    // Placed without the map: only a described place, no point yet.
    await tx
      .insertInto("proposals")
      .values({
        consultation_id: open,
        author_id: pick(),
        title: "Sichere Querung am Friedhof",
        body_md: "Am Friedhof fahren die Autos schnell. Eine Querungshilfe für Fuß- und Radverkehr wäre gut.",
        lat: null,
        lng: null,
        place_description: "Friedhofstraße, am Haupteingang des Friedhofs",
      })
      .execute();

    const closed = await consultation({
      title: "Neugestaltung des Marktplatzes",
      summary: "Wie soll der Marktplatz künftig aussehen? Die Beteiligung ist abgeschlossen, das Ergebnis liegt vor.",
      body: "## Ziel\n\nDer Marktplatz soll ein Ort zum Verweilen werden.\n\nVom 1. bis 30. des Monats konnten alle Einwohner:innen Vorschläge machen.",
      opens: -90,
      closes: -30,
      published: true,
    });
    const closedProposals = await addProposals(closed, ideas.slice(4, 16), 89);
    // Official answers give some proposals a status (the list and the map filter by it).
    const answers = [
      { status: "accepted", body: "Die Verwaltung nimmt den Vorschlag in die Planung auf. Der Bau ist für das kommende Jahr vorgesehen." },
      { status: "under_review", body: "Wir prüfen gerade, ob der Platz dafür reicht und was es kostet. Wir melden uns im Frühjahr." },
      {
        status: "rejected",
        body: "Leider ist das an dieser Stelle nicht möglich: Der Platz gehört dem Land. Wir haben den Vorschlag weitergegeben.",
      },
    ] as const;
    for (const [i, answer] of answers.entries()) {
      await tx
        .insertInto("proposal_answers")
        .values({ proposal_id: closedProposals[i], author_id: staff.admin, status: answer.status, body_md: answer.body })
        .execute();
      await tx.updateTable("proposals").set({ status: answer.status }).where("id", "=", closedProposals[i]).execute();
    }
    await tx
      .insertInto("result_reports")
      .values({
        consultation_id: closed,
        author_id: staff.moderator,
        summary_md:
          "## Zusammenfassung\n\nViele Einwohner:innen wünschen sich **mehr Grün und mehr Sitzplätze** auf dem Marktplatz. Ein Trinkbrunnen fand breite Zustimmung.\n\n## Empfehlung an den Rat\n\nDie Verwaltung empfiehlt, die fünf Vorschläge mit der größten Zustimmung in die Planung aufzunehmen.",
        figures: JSON.stringify(await computeFigures(tx, closed)),
        published_at: new Date(now - 20 * DAY),
      })
      .execute();

    // Published, but it opens only next week: visible with its dates, not yet open for contributions.
    await consultation({
      title: "Erweiterung der Grundschule am Lindenpark",
      summary:
        "Die Grundschule am Lindenpark wird größer. Wie sollen Schulhof und Schulweg aussehen? Ab nächster Woche können Sie mitreden.",
      body: "## Worum geht es?\n\nDie Grundschule am Lindenpark braucht mehr Platz: Ein Anbau mit vier Klassenräumen und einer Mensa ist geplant.\n\n## Wobei können Sie mitreden?\n\n- Gestaltung des Schulhofs\n- sichere Wege zur Schule zu Fuß und mit dem Rad\n- Nutzung des Schulhofs am Nachmittag",
      opens: 7,
      closes: 42,
      published: true,
      plainSummary:
        "Die Grundschule am Lindenpark wird größer.\n\nSie können bald sagen, wie der Schul-Hof aussehen soll. Und wie Kinder sicher zur Schule kommen.\n\nDas geht ab nächster Woche.",
      contact: {
        name: "Herr Max Muster",
        office: "Schulverwaltungsamt Musterstadt",
        email: "schulen@musterstadt.example",
        phone: "06621 123-789",
      },
      inputUse:
        "Der Schulausschuss entscheidet im Herbst über die Planung. Vorher stellt die Verwaltung die Ergebnisse der Beteiligung vor und veröffentlicht einen Ergebnisbericht auf dieser Seite.",
    });

    // A contested plan, pre-moderated: new proposals and comments wait for a moderator (issue 9).
    const windFarm = await consultation({
      title: "Windpark am Hohen Berg",
      summary: "Auf dem Hohen Berg sollen bis zu sechs Windräder entstehen. Was ist Ihnen bei der Planung wichtig?",
      body: "## Worum geht es?\n\nDie Stadtwerke Musterstadt planen einen Windpark auf dem Hohen Berg. Bevor der Bauantrag gestellt wird, wollen wir Ihre Hinweise hören: zu Abständen, Wegen, Naturschutz und Beteiligung am Ertrag.\n\n## Moderation\n\nWeil das Thema viele bewegt, prüft die Moderation neue Beiträge, bevor sie erscheinen. Das dauert meist nicht länger als einen Werktag.",
      opens: -5,
      closes: 25,
      published: true,
    });
    const windProposals = await addProposals(
      windFarm,
      [
        "Mindestabstand von 1.500 Metern zum Ortsrand",
        "Bürgerenergie-Genossenschaft gründen",
        "Waldwege nach dem Bau wiederherstellen",
        "Windräder nachts nur blinken, wenn ein Flugzeug kommt",
        "Infoabend vor Ort anbieten",
      ],
      4,
    );
    // Nobody could vote on or answer the proposals that still wait for approval.
    const waiting = windProposals.slice(-2);
    await tx.deleteFrom("votes").where("proposal_id", "in", waiting).execute();
    await tx.deleteFrom("comments").where("proposal_id", "in", waiting).execute();
    await seedModeration({
      tx,
      now,
      staff,
      residents: residentRows.map((r) => r.id),
      open,
      openProposals,
      premoderated: windFarm,
      premoderatedProposals: windProposals,
    });

    await consultation({
      title: "Spielplatzkonzept 2027",
      summary: "Entwurf: Welche Spielplätze sollen erneuert werden?",
      body: "Dieser Entwurf ist nur für die Verwaltung sichtbar.",
      opens: 10,
      closes: 40,
      published: false,
    });
    await sql`select 1`.execute(tx);
  });
  return true;
}
