// `npm run bench:queue`: what the moderation queue's first page costs with 10,000 open reports (issue 9).
// Creates a fresh database `ratschlag_bench_queue` on the server of BENCH_DATABASE_URL (or TEST_DATABASE_URL, or the
// default bench URL) — dropped and recreated, like bench/data.ts does with its own —, fills it with set-based SQL:
//   3,000 verified residents, a moderator and an admin;
//   "large": 2,500 proposals and 1,500 comments, 4,000 reported items with 1–5 reports each (10,000 open reports,
//            from 3,000 different residents, six reasons, every third with a note), 600 earlier hide decisions;
//   "small": 40 proposals with 100 open reports (the same density per item);
// then times the queue's page as the loader gets it (the domain function moderationQueue), and, when the production
// build exists, GET /moderation through the real server with a moderator's session, each as the median of RUNS
// sequential calls after a warm-up, with ratios against the same machine's baselines (a `select 1` round trip and
// GET /healthz) and of the large queue against the small one. Settings: BENCH_QUEUE_RUNS (default 40),
// BENCH_KEEP=1 keeps the database afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sql } from "kysely";
import { migrateToLatest } from "../db/migrate";
import { openDatabase, type DB } from "../app/lib/db.server";
import { hashPassword } from "../app/lib/password.server";
import type { CurrentUser } from "../app/domain/accounts/accounts.policy";
import { moderationQueue } from "../app/domain/moderation/queue.server";
import type { QueueQuery } from "../app/domain/moderation/queue.schema";
import { fmt, freePort, hashToken, maintenanceUrl, newToken, percentile, ratio, redactedUrl, rootDir, timed } from "./lib";

const RUNS = Number(process.env.BENCH_QUEUE_RUNS ?? "40");
const WARMUP = 5;
const RESIDENTS = 3000;
const PROPOSALS = 2500;
const COMMENTS = 1500;
const SMALL_PROPOSALS = 40;
const HIDES = 600;
const SESSION_SECRET = "ratschlag-bench-session-secret-not-for-production";
const DB_NAME = "ratschlag_bench_queue";

const sourceUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/ratschlag_bench";
const queueUrl = (() => {
  const u = new URL(sourceUrl);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

/** Drops and creates the queue's bench database (its name is fixed and contains "bench"). */
async function freshDatabase() {
  const admin = new pg.Client({ connectionString: maintenanceUrl(sourceUrl) });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DB_NAME} with (force)`);
    await admin.query(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
}

async function dropDatabase() {
  const admin = new pg.Client({ connectionString: maintenanceUrl(sourceUrl) });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DB_NAME} with (force)`);
  } finally {
    await admin.end();
  }
}

/** Reports per item, repeating: 1–5, 2.5 on average, so 4,000 items carry 10,000 reports. */
const REPORTS_PATTERN = sql.raw("array[1,2,3,4,5,1,1,3]");

async function fill(db: DB) {
  const hash = await hashPassword("Bench-Passwort-2026");
  return db.transaction().execute(async (tx) => {
    const staff = await tx
      .insertInto("users")
      .values([
        {
          email: "queue-admin@bench.example",
          display_name: "Bench Verwaltung",
          password_hash: hash,
          role: "admin",
          email_verified_at: new Date(),
        },
        {
          email: "queue-moderation@bench.example",
          display_name: "Bench Moderation",
          password_hash: hash,
          role: "moderator",
          email_verified_at: new Date(),
        },
      ])
      .returning(["id", "email", "display_name as displayName", "role"])
      .execute();
    const [admin, moderator] = staff;
    await sql`
      insert into users (email, display_name, password_hash, role, email_verified_at, created_at)
      select format('queue-%s@bench.example', lpad(i::text, 5, '0')), format('Einwohnerin %s', i), ${hash}, 'resident',
        now() - interval '30 days', now() - interval '30 days'
      from generate_series(1, ${RESIDENTS}) i`.execute(tx);
    const r0 = (await sql<{ id: string }>`select min(id)::text as id from users where role = 'resident'`.execute(tx)).rows[0].id;

    const consultation = (title: string) =>
      tx
        .insertInto("consultations")
        .values({
          title,
          summary: "Eine Beteiligung für den Benchmark der Moderation.",
          body_md: "Text",
          opens_at: new Date(Date.now() - 30 * 86400_000),
          closes_at: new Date(Date.now() + 60 * 86400_000),
          center_lat: 50.55,
          center_lng: 9.68,
          zoom: 13,
          published_at: new Date(Date.now() - 31 * 86400_000),
          created_by: admin.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const large = (await consultation("Große Beteiligung (Moderation)")).id;
    const small = (await consultation("Kleine Beteiligung (Moderation)")).id;

    const proposals = async (consultationId: string, n: number) => {
      await sql`
        insert into proposals (consultation_id, author_id, title, body_md, lat, lng, created_at)
        select ${consultationId}, ${r0}::bigint + (i % ${RESIDENTS}), format('Vorschlag Nummer %s zur Moderation', i),
          repeat(format('Beschreibung des Vorschlags %s mit einigen Worten mehr. ', i), 8), 50.55, 9.68,
          now() - (i % 40) * interval '1 day'
        from generate_series(0, ${n - 1}) i`.execute(tx);
      return (await sql<{ id: string }>`select min(id)::text as id from proposals where consultation_id = ${consultationId}`.execute(tx))
        .rows[0].id;
    };
    const p0 = await proposals(large, PROPOSALS);
    await sql`
      insert into comments (proposal_id, author_id, body_md, created_at)
      select ${p0}::bigint + (i % ${PROPOSALS}), ${r0}::bigint + ((i * 7) % ${RESIDENTS}),
        repeat(format('Ein Kommentar Nummer %s, der gemeldet wurde. ', i), 5), now() - (i % 30) * interval '1 day'
      from generate_series(0, ${COMMENTS - 1}) i`.execute(tx);
    const c0 = (await sql<{ id: string }>`select min(id)::text as id from comments`.execute(tx)).rows[0].id;
    const sp0 = await proposals(small, SMALL_PROPOSALS);

    // Report j of item i comes from resident (37·i + 101·j) mod 3,000: no one reports an item twice.
    const flags = async (
      consultationId: string,
      items: number,
      firstProposal: string,
      firstComment: string | null,
      proposalItems: number,
    ) =>
      sql`
        with items as (
          select i,
            case when i < ${proposalItems} then 'proposal' else 'comment' end as type,
            case when i < ${proposalItems} then ${firstProposal}::bigint + i else ${firstComment ?? "0"}::bigint + i - ${proposalItems} end as id,
            (${REPORTS_PATTERN})[i % 8 + 1] as n
          from generate_series(0, ${items - 1}) i
        )
        insert into flags (contribution_type, contribution_id, consultation_id, reporter_id, reason, note, created_at, updated_at)
        select it.type, it.id, ${consultationId}, ${r0}::bigint + ((it.i * 37 + j * 101) % ${RESIDENTS}),
          (array['insult', 'spam', 'personal_data', 'illegal', 'off_topic', 'other'])[(it.i + j) % 6 + 1],
          case when (it.i + j) % 3 = 0 then format('Bitte prüfen Sie Beitrag %s.', it.i) end,
          now() - ((it.i * 13 + j * 7) % 43200) * interval '1 minute', now()
        from items it, generate_series(0, it.n - 1) j`.execute(tx);
    await flags(large, PROPOSALS + COMMENTS, p0, c0, PROPOSALS);
    await flags(small, SMALL_PROPOSALS, sp0, null, SMALL_PROPOSALS);
    // Earlier decisions: the authors' history the queue counts.
    await sql`
      insert into audit_log (actor_id, action, target_type, target_id, reason, consultation_id, subject_id, rule, created_at)
      select ${moderator.id}, 'hide', 'proposal', ${p0}::bigint + i, 'Beleidigung einer Person', ${large},
        ${r0}::bigint + (i % ${RESIDENTS}), 'regel-2', now() - interval '40 days'
      from generate_series(0, ${HIDES - 1}) i`.execute(tx);
    const counts = (
      await sql<{ open: number; items: number; reporters: number }>`
        select count(*)::int as open, count(distinct (contribution_type, contribution_id))::int as items,
          count(distinct reporter_id)::int as reporters
        from flags where consultation_id = ${large} and decided_at is null`.execute(tx)
    ).rows[0];
    const user: CurrentUser = {
      id: moderator.id,
      email: moderator.email,
      displayName: moderator.displayName,
      role: "moderator",
      verified: true,
      suspendedUntil: null,
      suspensionReason: null,
    };
    return { moderator: user, large, small, counts };
  });
}

const median = (values: number[]) => percentile(values, 50);

async function timeCalls(work: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

function startServer(port: number): { child: ChildProcess; output: string[] } {
  const child = spawn(process.execPath, ["bin/ratschlag.js"], {
    cwd: rootDir,
    env: {
      ...process.env,
      DATABASE_URL: queueUrl,
      SESSION_SECRET,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      HOST: "127.0.0.1",
      PORT: String(port),
      DEMO_DATA: "0",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout!.on("data", (c: Buffer) => output.push(c.toString()));
  child.stderr!.on("data", (c: Buffer) => output.push(c.toString()));
  return { child, output };
}

async function waitUntilReady(base: string, child: ChildProcess, output: string[]) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Server beendet (Code ${child.exitCode}):\n${output.join("")}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Server nicht bereit nach 60 s:\n${output.join("")}`);
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timeout = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timeout);
}

interface Row {
  name: string;
  times: number[];
}

function print(rows: Row[]) {
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(52)} Median ${fmt(median(r.times), 2).padStart(8)} ms  p90 ${fmt(percentile(r.times, 90), 2).padStart(8)} ms  ` +
        `(${r.times.length} Aufrufe)`,
    );
  }
}

async function main() {
  const load = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
  console.log(
    `Moderations-Warteschlange: ${redactedUrl(queueUrl)}, ${RUNS} Aufrufe je Messung, ${os.cpus().length} Kerne, Last ${load}, Node ${process.version}`,
  );
  await timed("Datenbank neu anlegen", freshDatabase);
  const { db, close } = await openDatabase({ databaseUrl: queueUrl });
  let server: ReturnType<typeof startServer> | undefined;
  try {
    await timed("Migrationen", () => migrateToLatest(db));
    const data = await timed("Daten erzeugen (mengenbasiertes SQL)", () => fill(db));
    await timed("vacuum analyze", () => sql`vacuum analyze`.execute(db));
    console.log(
      `  groß: ${fmt(data.counts.open)} offene Meldungen zu ${fmt(data.counts.items)} Beiträgen von ${fmt(data.counts.reporters)} Personen; ` +
        `klein: ${SMALL_PROPOSALS} Beiträge mit 100 Meldungen`,
    );

    const query = (q: Partial<QueueQuery>): QueueQuery => ({
      view: "flags",
      consultationId: null,
      reason: null,
      state: "open",
      page: 1,
      ...q,
    });
    const queue = (q: Partial<QueueQuery>) => async () => {
      const result = await moderationQueue(db, data.moderator, query(q));
      if (!result.ok || result.items.length === 0)
        throw new Error(`Warteschlange leer oder verweigert: ${JSON.stringify(result).slice(0, 200)}`);
    };
    console.log("\nDomänenfunktion (moderationQueue, wie der Loader sie ruft):");
    const domain = {
      select1: { name: "Basis: select 1 (eine Datenbank-Rundreise)", times: await timeCalls(() => sql`select 1`.execute(db), RUNS * 5) },
      first: { name: "Seite 1, alle Beteiligungen (10.100 Meldungen)", times: await timeCalls(queue({})) },
      large: { name: "Seite 1, große Beteiligung (10.000 Meldungen)", times: await timeCalls(queue({ consultationId: data.large })) },
      small: { name: "Seite 1, kleine Beteiligung (100 Meldungen)", times: await timeCalls(queue({ consultationId: data.small })) },
      reason: {
        name: "Seite 1, große Beteiligung, Grund „Spam“",
        times: await timeCalls(queue({ consultationId: data.large, reason: "spam" })),
      },
      deep: { name: "Seite 100, große Beteiligung", times: await timeCalls(queue({ consultationId: data.large, page: 100 })) },
    };
    print(Object.values(domain));

    let http: Record<string, Row> | null = null;
    if (fs.existsSync(path.join(rootDir, "build/index.js"))) {
      const token = newToken();
      await db
        .insertInto("sessions")
        .values({ user_id: data.moderator.id, token_hash: hashToken(SESSION_SECRET, token), expires_at: new Date(Date.now() + 86400_000) })
        .execute();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      server = startServer(port);
      await waitUntilReady(base, server.child, server.output);
      const get =
        (p: string, cookie = true) =>
        async () => {
          const res = await fetch(base + p, { headers: cookie ? { Cookie: `ratschlag_session=${token}` } : {} });
          const body = await res.text();
          if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${body.slice(0, 200)}`);
        };
      console.log("\nÜber den echten Server (node bin/ratschlag.js, nacheinander):");
      http = {
        hello: { name: "Basis: GET /healthz (hello world)", times: await timeCalls(get("/healthz", false), RUNS * 5) },
        page: { name: "GET /moderation (Seite 1, 10.100 Meldungen)", times: await timeCalls(get("/moderation")) },
        large: { name: "GET /moderation?beteiligung=<groß>", times: await timeCalls(get(`/moderation?beteiligung=${data.large}`)) },
        small: { name: "GET /moderation?beteiligung=<klein>", times: await timeCalls(get(`/moderation?beteiligung=${data.small}`)) },
      };
      print(Object.values(http));
    } else {
      console.log("\nbuild/index.js fehlt: die Messung über den Server entfällt (`npm run bench:queue` baut vorher).");
    }

    console.log("\nVerhältnisse (Mediane):");
    const line = (name: string, value: number) => console.log(`  ${name.padEnd(70)} ${fmt(value, 2).padStart(8)}`);
    line("Warteschlange Seite 1 ÷ select 1", ratio(median(domain.first.times), median(domain.select1.times)));
    line(
      "Warteschlange 10.000 Meldungen ÷ 100 Meldungen (je eine Beteiligung)",
      ratio(median(domain.large.times), median(domain.small.times)),
    );
    line("Warteschlange Seite 100 ÷ Seite 1 (große Beteiligung)", ratio(median(domain.deep.times), median(domain.large.times)));
    if (http) {
      line("GET /moderation ÷ GET /healthz", ratio(median(http.page.times), median(http.hello.times)));
      line("GET /moderation 10.000 ÷ 100 Meldungen", ratio(median(http.large.times), median(http.small.times)));
    }
  } finally {
    if (server) await stopServer(server.child);
    await close();
    if (process.env.BENCH_KEEP !== "1") await dropDatabase();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
