// `npm run bench:data`: generates the benchmark data set on PostgreSQL with set-based SQL (generate_series).
// It drops and recreates the bench database (BENCH_DATABASE_URL; its name must contain "bench"), migrates it and fills:
//   5,000 verified residents (one shared argon2 hash), a staff admin and a moderator;
//   "large":    10,000 proposals, 100,000 comments (70 % threads, 30 % replies), 1,000,000 votes (100 per proposal);
//   "small":    100 proposals with the same density per proposal (100 votes, 10 comments each);
//   "huge-map": 100,000 proposals, no comments or votes (for the map only).
// All three are open, have four categories (nine in ten proposals carry one; every 200th proposal is hidden) and spread
// their proposals over the same 0.4° × 0.6° area. The tallies on proposals are set in one pass at the end.
// BENCH_SCALE (default 1) scales the proposal counts, for a quick trial run. The consultation ids go to
// bench/results/data.json for bench/run.ts.
import path from "node:path";
import pg from "pg";
import { sql, type RawBuilder, type Transaction } from "kysely";
import type { Database } from "../db/schema";
import { migrateToLatest } from "../db/migrate";
import { openDatabase } from "../app/lib/db.server";
import { hashPassword } from "../app/lib/password.server";
import { recomputeTallies } from "../app/domain/proposals/proposals.queries.server";
import {
  type BenchData,
  type ConsultationInfo,
  databaseName,
  databaseUrl,
  dataFile,
  fmt,
  maintenanceUrl,
  redactedUrl,
  rootDir,
  timed,
  writeJson,
} from "./lib";

const USERS = 5000;
const VOTES_PER_PROPOSAL = 100; // user ids step by USERS / VOTES_PER_PROPOSAL, so (proposal, user) never repeats
const THREADS_PER_PROPOSAL = 7;
const REPLIES_PER_PROPOSAL = 3;
const PASSWORD = "Bench-Passwort-2026";

const scale = Number(process.env.BENCH_SCALE ?? "1");
if (!(scale > 0 && scale <= 1)) throw new Error("BENCH_SCALE muss zwischen 0 und 1 liegen");
const count = (n: number) => Math.max(20, Math.round(n * scale));

// Around Fulda, like the demo town; 0.4° × 0.6° is roughly 44 km × 42 km.
const CENTER = { lat: 50.55, lng: 9.68 };
const SPAN = { lat: 0.4, lng: 0.6 };
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const BBOX: [number, number, number, number] = [
  round6(CENTER.lat - SPAN.lat / 2),
  round6(CENTER.lng - SPAN.lng / 2),
  round6(CENTER.lat + SPAN.lat / 2),
  round6(CENTER.lng + SPAN.lng / 2),
];
/** 0.6° of longitude is about 870 px at zoom 11 (256 px per 360°/2^11): the whole area on one screen. */
const MAP_ZOOM = 11;

const TITLES = [
  "Sichere Radspur in der Hauptstraße",
  "Mehr Bänke am Flussufer",
  "Tempo 30 vor der Schule",
  "Zebrastreifen am Markt",
  "Trinkbrunnen im Stadtpark",
  "Beleuchtung am Fußweg",
  "Überdachte Fahrradbügel am Bahnhof",
  "Bordstein absenken",
  "Bushaltestelle mit Dach",
  "Baumpflanzungen in der Allee",
  "Querungshilfe an der Kirche",
  "Blumenwiese am Kreisel",
  "Spielstraße im Wohngebiet",
  "Mülleimer am Spielplatz",
  "Radweg-Lücke schließen",
  "Gehweg verbreitern",
  "Schattenplätze am Schulhof",
  "Öffentliche Toilette am Park",
  "Reparaturstation für Fahrräder",
  "Ampel für Fußgänger länger grün",
];

const BODIES = [
  "Auf diesem Abschnitt fehlt eine **sichere Verbindung** für Kinder auf dem Schulweg. Morgens parken Autos auf dem Gehweg, " +
    "und wer mit dem Rad unterwegs ist, muss auf die Fahrbahn ausweichen. Ein klar markierter Streifen würde helfen.",
  "Hier treffen sich viele Menschen, aber es gibt kaum Sitzgelegenheiten. Besonders ältere Menschen wünschen sich " +
    "Bänke mit Lehne und etwas Schatten im Sommer. Vorschlag: drei Bänke entlang des Weges und ein Baum.",
  "Die Kreuzung ist unübersichtlich: Abbiegende sehen Fußgängerinnen und Fußgänger erst spät. Eine Querungshilfe " +
    "in der Mitte der Fahrbahn und eine bessere Beleuchtung würden das Überqueren deutlich sicherer machen.",
  "Am Wochenende quellen die Mülleimer über, und der Wind verteilt den Abfall auf der Wiese. Größere Behälter " +
    "oder eine zusätzliche Leerung am Sonntag würden reichen. Vielleicht auch ein Hinweis auf den Pfandring.",
];

const COMMENTS = [
  "Gute Idee, das wünsche ich mir schon lange.",
  "Ich sehe das anders: Der Platz wird für den Lieferverkehr gebraucht.",
  "Wäre es nicht besser, das ein Stück weiter nördlich umzusetzen? Dort ist mehr Platz.",
  "Unterstütze ich. Meine Kinder gehen hier jeden Tag entlang.",
  "Wer übernimmt die Pflege? Das sollte im Vorschlag stehen.",
];

type Tx = Transaction<Database>;

async function recreateDatabase() {
  const name = databaseName(databaseUrl);
  if (!/bench/i.test(name)) {
    throw new Error(`Die Datenbank „${name}“ wird gelöscht und neu angelegt; ihr Name muss „bench“ enthalten.`);
  }
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) });
  await client.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await client.query(`drop database if exists ${quoted} with (force)`);
    await client.query(`create database ${quoted}`);
  } finally {
    await client.end();
  }
}

/** The first id of rows just inserted, after checking that they are numbered without gaps (the formulas rely on it). */
async function contiguous(tx: Tx, table: "users" | "proposals", where: RawBuilder<unknown>, expected: number): Promise<number> {
  const { rows } = await sql<{ first: string; last: string; n: string }>`
    select min(id) as first, max(id) as last, count(*) as n from ${sql.table(table)} where ${where}`.execute(tx);
  const { first, last, n } = rows[0];
  if (Number(n) !== expected || Number(last) - Number(first) + 1 !== expected) {
    throw new Error(`${table}: ${n} Zeilen, ids ${first}…${last}, erwartet ${expected} ohne Lücken`);
  }
  return Number(first);
}

const CATEGORIES = [
  ["Radwege", "#1f6f8b"],
  ["Abstellen & Parken", "#8a4f0b"],
  ["Sicherheit", "#b3261e"],
  ["Aufenthalt & Grün", "#2e7d32"],
];

/** An open consultation with four categories; returns its id and the categories' ids. */
async function addConsultation(tx: Tx, title: string, summary: string, createdBy: number): Promise<{ id: string; categories: string[] }> {
  const { rows } = await sql<{ id: string }>`
    insert into consultations (title, summary, body_md, opens_at, closes_at, center_lat, center_lng, zoom, area, published_at, created_by)
    values (${title}, ${summary}, ${"Benchmark-Daten, erzeugt von `npm run bench:data`.\n\nAlle Vorschläge sind erfunden."},
      now() - interval '30 days', now() + interval '60 days', ${CENTER.lat}, ${CENTER.lng}, ${MAP_ZOOM},
      ${JSON.stringify({
        type: "Polygon",
        coordinates: [
          [
            [BBOX[1], BBOX[0]],
            [BBOX[3], BBOX[0]],
            [BBOX[3], BBOX[2]],
            [BBOX[1], BBOX[2]],
            [BBOX[1], BBOX[0]],
          ],
        ],
      })}::jsonb,
      now() - interval '31 days', ${createdBy})
    returning id`.execute(tx);
  const id = rows[0].id;
  const categories = await sql<{ id: string }>`
    insert into categories (consultation_id, name, color)
    select ${id}::bigint, name, color
    from unnest(${CATEGORIES.map((c) => c[0])}::text[], ${CATEGORIES.map((c) => c[1])}::text[]) as t(name, color)
    returning id`.execute(tx);
  return { id, categories: categories.rows.map((r) => r.id) };
}

/**
 * n proposals, newest last, spread evenly over the area by the R2 low-discrepancy sequence; nine in ten have a category,
 * every 200th is hidden by the moderator. Returns the first id (ids are consecutive).
 */
async function addProposals(
  tx: Tx,
  consultation: { id: string; categories: string[] },
  n: number,
  userBase: number,
  moderatorId: number,
): Promise<number> {
  const consultationId = consultation.id;
  const spacing = (29 * 86400) / n; // seconds between two proposals: all within the last 29 days
  await sql`
    insert into proposals (consultation_id, author_id, category_id, title, body_md, lat, lng, hidden_at, hidden_by, hidden_reason, created_at, updated_at)
    select ${consultationId}::bigint,
      ${userBase}::bigint + (i * 7919) % ${USERS},
      case when i % 10 <> 9 then (${consultation.categories}::bigint[])[1 + i % ${consultation.categories.length}] end,
      (${TITLES}::text[])[1 + i % ${TITLES.length}] || ' (' || (i + 1) || ')',
      (${BODIES}::text[])[1 + (i * 7) % ${BODIES.length}],
      ${BBOX[0]}::float8 + ${SPAN.lat}::float8 * (0.5 + i * 0.7548776662466927 - floor(0.5 + i * 0.7548776662466927)),
      ${BBOX[1]}::float8 + ${SPAN.lng}::float8 * (0.5 + i * 0.5698402909980532 - floor(0.5 + i * 0.5698402909980532)),
      case when i % 200 = 199 then t.at end,
      case when i % 200 = 199 then ${moderatorId}::bigint end,
      case when i % 200 = 199 then 'Bench: ausgeblendet' end,
      t.at, t.at
    from generate_series(0, ${n - 1}::int) as i
    cross join lateral (select now() - make_interval(secs => (${n}::int - i) * ${spacing}::float8)) as t(at)
    order by i`.execute(tx);
  return contiguous(tx, "proposals", sql`consultation_id = ${consultationId}`, n);
}

/** 100 votes per proposal, 70 % for: user = (37·i + 50·j) mod 5,000 is different for every j of one proposal i. */
async function addVotes(tx: Tx, proposalBase: number, n: number, userBase: number) {
  const step = USERS / VOTES_PER_PROPOSAL;
  await sql`
    insert into votes (proposal_id, user_id, value, created_at, updated_at)
    select ${proposalBase}::bigint + i,
      ${userBase}::bigint + (i * 37 + j * ${step}) % ${USERS},
      case when (i + j * 3) % 10 < 7 then 1 else -1 end,
      now() - make_interval(mins => j), now() - make_interval(mins => j)
    from generate_series(0, ${n - 1}::int) as i cross join generate_series(0, ${VOTES_PER_PROPOSAL - 1}) as j`.execute(tx);
}

/** 7 threads per proposal (1 % hidden by the moderator), then a reply to each of the first 3. */
async function addComments(tx: Tx, proposalBase: number, n: number, userBase: number, moderatorId: number) {
  await sql`
    insert into comments (proposal_id, author_id, body_md, hidden_at, hidden_by, hidden_reason, created_at)
    select ${proposalBase}::bigint + i,
      ${userBase}::bigint + (i * 13 + j * 701) % ${USERS},
      (${COMMENTS}::text[])[1 + (i + j) % ${COMMENTS.length}],
      case when (i * 7 + j) % 100 = 0 then now() end,
      case when (i * 7 + j) % 100 = 0 then ${moderatorId}::bigint end,
      case when (i * 7 + j) % 100 = 0 then 'Bench: ausgeblendet' end,
      now() - make_interval(mins => (${THREADS_PER_PROPOSAL} - j) * 90)
    from generate_series(0, ${n - 1}::int) as i cross join generate_series(0, ${THREADS_PER_PROPOSAL - 1}) as j
    order by i, j`.execute(tx);
  await sql`
    insert into comments (proposal_id, parent_id, author_id, body_md, created_at)
    select c.proposal_id, c.id, ${userBase}::bigint + (c.id * 31) % ${USERS}, 'Da stimme ich zu, aber bitte mit Augenmaß.',
      c.created_at + interval '10 minutes'
    from (
      select id, proposal_id, created_at, row_number() over (partition by proposal_id order by id) as rn
      from comments
      where proposal_id between ${proposalBase} and ${proposalBase + n - 1} and parent_id is null
    ) as c
    where c.rn <= ${REPLIES_PER_PROPOSAL}
    order by c.proposal_id, c.id`.execute(tx);
}

async function main() {
  const started = performance.now();
  const sizes = { large: count(10_000), small: Math.min(100, count(10_000)), hugeMap: count(100_000) };
  console.log(`Benchmark-Daten für ${redactedUrl(databaseUrl)}${scale !== 1 ? ` (BENCH_SCALE=${scale})` : ""}`);

  await timed("Datenbank löschen und neu anlegen", recreateDatabase);
  const { db, close } = await openDatabase({ databaseUrl });
  try {
    await timed("Migrationen", () => migrateToLatest(db));
    const passwordHash = await timed("argon2-Hash (einmal für alle Konten)", () => hashPassword(PASSWORD));
    const { rows: superuser } = await sql<{ yes: boolean }>`select rolsuper as yes from pg_roles where rolname = current_user`.execute(db);

    const info = await db.transaction().execute(async (tx) => {
      // The rows are consistent by construction; skipping the per-row triggers (foreign-key checks, the tally
      // triggers on votes and comments) makes the load many times faster, and the tallies are set in one pass at the
      // end. Only a superuser may do that; otherwise the triggers simply run.
      if (superuser[0]?.yes) await sql`set local session_replication_role = replica`.execute(tx);

      await timed(`${fmt(USERS)} Einwohner:innen + Verwaltung, Moderation`, async () => {
        await sql`
          insert into users (email, display_name, password_hash, role, email_verified_at, created_at)
          select 'bench-' || lpad(i::text, 5, '0') || '@bench.example', 'Bench-Anwohner:in ' || i, ${passwordHash}, 'resident',
            now() - interval '60 days', now() - interval '60 days'
          from generate_series(1, ${USERS}) as i order by i`.execute(tx);
        await sql`
          insert into users (email, display_name, password_hash, role, email_verified_at)
          values ('bench-verwaltung@bench.example', 'Bench-Verwaltung', ${passwordHash}, 'admin', now()),
                 ('bench-moderation@bench.example', 'Bench-Moderation', ${passwordHash}, 'moderator', now())`.execute(tx);
      });
      const userBase = await contiguous(tx, "users", sql`role = 'resident'`, USERS);
      const staff = await sql<{ id: string; role: string }>`select id, role from users where role in ('admin', 'moderator')`.execute(tx);
      const adminId = Number(staff.rows.find((r) => r.role === "admin")!.id);
      const moderatorId = Number(staff.rows.find((r) => r.role === "moderator")!.id);

      const consultation = async (key: keyof typeof sizes, title: string, withContributions: boolean): Promise<ConsultationInfo> => {
        const n = sizes[key];
        const created = await addConsultation(tx, title, `Benchmark „${key}“: ${fmt(n)} Vorschläge.`, adminId);
        const id = created.id;
        const base = await timed(`${title}: ${fmt(n)} Vorschläge`, () => addProposals(tx, created, n, userBase, moderatorId));
        let votes = 0;
        let comments = 0;
        if (withContributions) {
          votes = n * VOTES_PER_PROPOSAL;
          comments = n * (THREADS_PER_PROPOSAL + REPLIES_PER_PROPOSAL);
          await timed(`${title}: ${fmt(comments)} Kommentare`, () => addComments(tx, base, n, userBase, moderatorId));
          await timed(`${title}: ${fmt(votes)} Stimmen`, () => addVotes(tx, base, n, userBase));
        }
        return { id, title, proposals: n, comments, votes };
      };

      const made = {
        large: await consultation("large", "Bench groß", true),
        small: await consultation("small", "Bench klein", true),
        hugeMap: await consultation("hugeMap", "Bench Karte", false),
      };
      // The per-row tally triggers were skipped above (or ran, without superuser); set the tallies in one pass either way.
      await timed("analyze (Statistik für die Zählung)", () => sql`analyze proposals, votes, comments`.execute(tx));
      const fixed = await timed("Zähler der Vorschläge (recomputeTallies)", () => recomputeTallies(tx));
      console.log(`    ${fmt(fixed)} Vorschläge bekamen ihre Zähler`);
      return made;
    });

    await timed("vacuum analyze", () => sql`vacuum analyze`.execute(db));

    const tables = ["users", "consultations", "proposals", "comments", "votes"] as const;
    console.log("Zeilen:");
    for (const table of tables) {
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      console.log(`  ${table.padEnd(14)} ${fmt(Number(rows[0].n)).padStart(10)}`);
    }
    for (const [key, c] of Object.entries(info)) {
      console.log(
        `  ${key.padEnd(8)} Beteiligung ${c.id}: ${fmt(c.proposals)} Vorschläge, ${fmt(c.comments)} Kommentare, ${fmt(c.votes)} Stimmen`,
      );
    }

    const data: BenchData = {
      generatedAt: new Date().toISOString(),
      database: redactedUrl(databaseUrl),
      scale,
      users: USERS,
      password: PASSWORD,
      bbox: BBOX,
      mapZoom: MAP_ZOOM,
      consultations: info,
    };
    writeJson(dataFile, data);
    console.log(`${path.relative(rootDir, dataFile)} geschrieben; fertig nach ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
