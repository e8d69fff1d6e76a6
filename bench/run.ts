// `npm run bench`: starts the production build against the bench database (made by `npm run bench:data`), loads it
// with autocannon and prints ratios against the same machine's baselines (DESIGN.md §11). Results also go to
// bench/results/latest.json. Settings: BENCH_DATABASE_URL, BENCH_DURATION (seconds per benchmark, default 8),
// BENCH_ROUNDS (the duration is split over this many rounds through all benchmarks, default 2), BENCH_CONNECTIONS
// (default 10).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../app/lib/db.server";
import {
  autocannon,
  type AutocannonOptions,
  type AutocannonRequest,
  type BenchData,
  databaseUrl,
  fmt,
  hashToken,
  latestFile,
  type Measured,
  newToken,
  percentile,
  ratio,
  readData,
  redactedUrl,
  rootDir,
  writeJson,
  freePort,
} from "./lib";

const DURATION = Number(process.env.BENCH_DURATION ?? "8");
/** Each benchmark's DURATION is split over this many rounds through all benchmarks. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? "2"));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? "10");
const WARMUP_REQUESTS = 300;
const SESSION_SECRET = "ratschlag-bench-session-secret-not-for-production";
/** Proposals of the large consultation that the "spread" vote run cycles through. */
const SPREAD_PROPOSALS = 1000;
const PROPOSAL_DATA = "routes/vorschlaege.$id._index";

interface Figures {
  name: string;
  path: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  bytesPerResponse: number;
  status: Record<string, number>;
  /** Responses other than 2xx/3xx, connection errors and timeouts. */
  errors: number;
}

// ---------------------------------------------------------------- server

function startServer(port: number): { child: ChildProcess; output: string[] } {
  const publicUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["bin/ratschlag.js"], {
    cwd: rootDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET,
      PUBLIC_URL: publicUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      DEMO_DATA: "0",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (stream: NodeJS.ReadableStream, label: string) =>
    stream.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        output.push(`${label} ${line}`);
        if (label === "[server!]") console.error(`  ${label} ${line}`);
      }
    });
  keep(child.stdout!, "[server]");
  keep(child.stderr!, "[server!]");
  return { child, output };
}

async function waitUntilReady(base: string, child: ChildProcess, output: string[]) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Server beendet (Code ${child.exitCode}):\n${output.join("\n")}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok && (await res.text()) === "ok") return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Server nicht bereit nach 60 s:\n${output.join("\n")}`);
}

async function stopServer(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 10_000));
  const result = await Promise.race([exited, timeout]);
  if (result === "timeout") {
    child.kill("SIGKILL");
    return exited;
  }
  return result;
}

// ---------------------------------------------------------------- measuring

/** The figures of one benchmark from its parts (one per round). */
function figures(name: string, pathLabel: string, parts: Measured[]): Figures {
  const latencies = parts.flatMap((m) => m.latencies);
  const sum = (pick: (m: Measured) => number) => parts.reduce((total, m) => total + pick(m), 0);
  const seconds = sum((m) => m.result.duration);
  const status: Record<string, number> = {};
  for (const m of parts)
    for (const [code, { count }] of Object.entries(m.result.statusCodeStats)) status[code] = (status[code] ?? 0) + count;
  const requests = latencies.length;
  return {
    name,
    path: pathLabel,
    requests,
    seconds,
    rps: requests / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.reduce((a, b) => Math.max(a, b), 0),
    bytesPerResponse: requests ? sum((m) => m.bytes) / requests : 0,
    status,
    errors: sum((m) => m.result["1xx"] + m.result["4xx"] + m.result["5xx"] + m.result.errors + m.result.timeouts),
  };
}

function printFigures(f: Figures) {
  const codes = Object.entries(f.status)
    .map(([code, n]) => `${code}×${n}`)
    .join(" ");
  console.log(
    `  ${f.name.padEnd(40)} ${fmt(f.rps, 1).padStart(8)} req/s  p50 ${fmt(f.p50, 2).padStart(7)} ms  p90 ${fmt(f.p90, 2).padStart(7)} ms  ` +
      `p99 ${fmt(f.p99, 2).padStart(7)} ms  max ${fmt(f.max, 1).padStart(7)} ms  ${fmt(f.bytesPerResponse).padStart(7)} B/resp  ` +
      `${codes}${f.errors ? `  FEHLER ${f.errors}` : ""}`,
  );
}

interface Plan {
  key: string;
  name: string;
  path: string;
  options: Omit<AutocannonOptions, "duration" | "connections" | "amount">;
}

/**
 * Runs every benchmark of the plan, each warmed up once, in ROUNDS rounds of DURATION / ROUNDS seconds: on a shared
 * machine a change of load then falls on all benchmarks alike instead of on whichever ran at the time.
 */
async function measureAll(plan: Plan[]): Promise<Record<string, Figures>> {
  const parts: Record<string, Measured[]> = {};
  for (let round = 1; round <= ROUNDS; round++) {
    const line: string[] = [];
    for (const item of plan) {
      if (round === 1) await autocannon({ ...item.options, connections: CONNECTIONS, amount: WARMUP_REQUESTS }); // JIT, caches, pool
      const part = await autocannon({ ...item.options, connections: CONNECTIONS, duration: DURATION / ROUNDS });
      (parts[item.key] ??= []).push(part);
      line.push(`${item.key} ${fmt(part.latencies.length / part.result.duration)}`);
    }
    console.log(`  Runde ${round}/${ROUNDS} (req/s): ${line.join(", ")}`);
  }
  const runs: Record<string, Figures> = {};
  for (const item of plan) runs[item.key] = figures(item.name, item.path, parts[item.key]);
  return runs;
}

// ---------------------------------------------------------------- votes and their check

/** before: the stored value before the runs (0: none); acked: the last value the server confirmed; pending: values sent
 *  since then without an answer (cut off at the end of a run: they may or may not have been stored). */
type PairState = { before: number; acked?: number; pending: number[] };

/** Every (user, proposal) pair the vote runs touched, with what the server confirmed and what was still in flight. */
const pairs = new Map<string, PairState>();
const pairKey = (userId: string, proposalId: string) => `${userId}:${proposalId}`;

function voteClients(
  base: string,
  voters: { userId: string; cookie: string }[],
  pick: (connection: number, k: number) => string,
): Pick<AutocannonOptions, "url" | "setupClient"> {
  let next = 0;
  const origin = new URL(base).origin;
  return {
    url: base,
    setupClient: (client) => {
      const connection = next++ % voters.length;
      const voter = voters[connection];
      let k = 0;
      const request: AutocannonRequest = {
        method: "POST",
        headers: { Cookie: voter.cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
        setupRequest: (req, context) => {
          const proposalId = pick(connection, k);
          const value = k % 2 === 0 ? 1 : -1;
          k++;
          const state = pairs.get(pairKey(voter.userId, proposalId));
          state?.pending.push(value);
          context.sent = { proposalId, value };
          return { ...req, path: `/vorschlaege/${proposalId}`, body: `intent=vote&value=${value}` };
        },
        onResponse: (status, _body, context) => {
          const sent = context.sent as { proposalId: string; value: number } | undefined;
          if (!sent) return;
          const state = pairs.get(pairKey(voter.userId, sent.proposalId));
          if (!state) return;
          if (status === 302 || status === 303) {
            state.acked = sent.value;
            state.pending = [];
          } else {
            const at = state.pending.lastIndexOf(sent.value);
            if (at >= 0) state.pending.splice(at, 1); // refused: not stored
          }
        },
      };
      client.setRequests([request]);
    },
  };
}

// ---------------------------------------------------------------- main

interface RatioRow {
  name: string;
  value: number;
  target: string;
  ok: boolean | null;
  unit?: string;
}

async function main() {
  const data: BenchData = readData();
  const { large, small, hugeMap } = data.consultations;
  if (!fs.existsSync(path.join(rootDir, "build/index.js"))) throw new Error("build/index.js fehlt: `npm run build`.");
  const load = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
  console.log(
    `Ratschlag-Benchmark: ${redactedUrl(databaseUrl)}, Daten von ${data.generatedAt} (BENCH_SCALE=${data.scale}), ` +
      `${CONNECTIONS} Verbindungen, ${DURATION} s je Lauf, ${os.cpus().length} Kerne, Last ${load}, Node ${process.version}`,
  );

  const { db, close } = await openDatabase({ databaseUrl });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ReturnType<typeof startServer> | undefined;
  const stopOnSignal = () => {
    server?.child.kill("SIGTERM");
    process.exit(130);
  };
  process.once("SIGINT", stopOnSignal);

  try {
    // Sessions for the voters, written directly: token_hash = HMAC-SHA256(SESSION_SECRET, token) as the app stores it.
    const voterRows = await db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "resident")
      .where("email", "like", "bench-%")
      .where("email_verified_at", "is not", null)
      .orderBy("id")
      .limit(CONNECTIONS)
      .execute();
    if (voterRows.length < CONNECTIONS) throw new Error("Zu wenige Bench-Konten: `npm run bench:data` erneut ausführen.");
    await db
      .deleteFrom("sessions")
      .where(
        "user_id",
        "in",
        voterRows.map((r) => r.id),
      )
      .execute();
    const voters = voterRows.map((r) => ({ userId: r.id, token: newToken() }));
    await db
      .insertInto("sessions")
      .values(
        voters.map((v) => ({
          user_id: v.userId,
          token_hash: hashToken(SESSION_SECRET, v.token),
          expires_at: new Date(Date.now() + 7 * 86400_000),
        })),
      )
      .execute();
    const cookies = voters.map((v) => ({ userId: v.userId, cookie: `ratschlag_session=${v.token}` }));

    // Vote targets: the newest visible proposal of the large consultation, and 1,000 visible ones spread over it.
    const visible = await db
      .selectFrom("proposals")
      .select("id")
      .where("consultation_id", "=", large.id)
      .where("hidden_at", "is", null)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .execute();
    const single = visible[0].id;
    const every = Math.max(1, Math.floor(visible.length / SPREAD_PROPOSALS));
    const spread = visible
      .filter((_, i) => i % every === 0 && i > 0)
      .slice(0, SPREAD_PROPOSALS)
      .map((r) => r.id);
    const targets = [single, ...spread];
    const voterIds = voters.map((v) => v.userId);
    const before = await db
      .selectFrom("votes")
      .select(["proposal_id", "user_id", "value"])
      .where("proposal_id", "in", targets)
      .where("user_id", "in", voterIds)
      .execute();
    const beforeValue = new Map(before.map((r) => [pairKey(r.user_id, r.proposal_id), Number(r.value)]));
    for (const userId of voterIds)
      for (const p of targets) pairs.set(pairKey(userId, p), { before: beforeValue.get(pairKey(userId, p)) ?? 0, pending: [] });
    const othersBefore = await db
      .selectFrom("votes")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("proposal_id", "in", targets)
      .where("user_id", "not in", voterIds)
      .executeTakeFirstOrThrow();

    // Every run starts from the same state: earlier vote runs left dead row versions behind (see the end of the run).
    const vacuumStarted = performance.now();
    await sql`vacuum analyze proposals, votes, sessions`.execute(db);
    console.log(`vacuum analyze vor den Läufen: ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
    const proposalsStats = async () =>
      (
        await sql<{ live: number; dead: number; updates: number; hot: number }>`
          select n_live_tup::int as live, n_dead_tup::int as dead, n_tup_upd::int as updates, n_tup_hot_upd::int as hot
          from pg_stat_user_tables where relname = 'proposals'`.execute(db)
      ).rows[0];
    const proposalsBefore = await proposalsStats();

    console.log(`Starte node bin/ratschlag.js auf ${base} …`);
    server = startServer(port);
    await waitUntilReady(base, server.child, server.output);

    // The sessions work and the same-origin check lets our POSTs through.
    const origin = new URL(base).origin;
    // Writes are forms (the server refuses other bodies with 415): send an empty one, as the measured POSTs do.
    const form = { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" };
    const anonymous = await fetch(`${base}/healthz`, { method: "POST", headers: form, body: "" });
    if (anonymous.status !== 401) throw new Error(`POST /healthz ohne Sitzung: ${anonymous.status}, erwartet 401`);
    for (const c of cookies) {
      const res = await fetch(`${base}/healthz`, { method: "POST", headers: { ...form, Cookie: c.cookie }, body: "" });
      if (res.status !== 204) throw new Error(`POST /healthz mit Sitzung von Konto ${c.userId}: ${res.status}, erwartet 204`);
    }

    const pageLarge = `/beteiligungen/${large.id}`;
    const pageSmall = `/beteiligungen/${small.id}`;
    const [s, w, n, e] = data.bbox.map((v) => Math.round(v * 1e6) / 1e6);
    const mapQuery = (zoom: number) => `/karte?bbox=${s},${w},${n},${e}&zoom=${zoom}`;
    const mapLarge = `/beteiligungen/${large.id}${mapQuery(data.mapZoom)}`;
    const mapHuge = `/beteiligungen/${hugeMap.id}${mapQuery(data.mapZoom)}`;

    // The map's answer itself: bytes of the JSON (uncompressed) and the number of clusters, at the full-area zoom and
    // closer in (more, smaller cells for the same box).
    const payload = async (p: string) => {
      const res = await fetch(base + p, { headers: { "Accept-Encoding": "identity" } });
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${text.slice(0, 200)}`);
      const body = JSON.parse(text) as { clusters: { count: number }[] };
      return { bytes: Buffer.byteLength(text), clusters: body.clusters.length, proposals: body.clusters.reduce((a, c) => a + c.count, 0) };
    };
    const denseZoom = data.mapZoom + 3;
    const maps = {
      large: await payload(mapLarge),
      hugeMap: await payload(mapHuge),
      largeDense: await payload(`/beteiligungen/${large.id}${mapQuery(denseZoom)}`),
      hugeMapDense: await payload(`/beteiligungen/${hugeMap.id}${mapQuery(denseZoom)}`),
    };

    console.log(
      `\nLäufe (je ${WARMUP_REQUESTS} Anfragen Aufwärmen, dann ${ROUNDS} × ${DURATION / ROUNDS} s im Wechsel, ${CONNECTIONS} Verbindungen):`,
    );
    let nextBaseline = 0;
    // Reading first, then writing: the votes change the tables the pages read (see "nach den Abstimmungen").
    const pageLargePlan: Plan = {
      key: "pageLarge",
      name: `Beteiligung ${fmt(large.proposals)} Vorschläge`,
      path: pageLarge,
      options: { url: base + pageLarge },
    };
    const runs = await measureAll([
      { key: "hello", name: "GET /healthz (hello world)", path: "/healthz", options: { url: base + "/healthz" } },
      { key: "pageSmall", name: `Beteiligung ${fmt(small.proposals)} Vorschläge`, path: pageSmall, options: { url: base + pageSmall } },
      pageLargePlan,
      { key: "mapLarge", name: `Karte ${fmt(large.proposals)} Vorschläge`, path: mapLarge, options: { url: base + mapLarge } },
      { key: "mapHuge", name: `Karte ${fmt(hugeMap.proposals)} Vorschläge`, path: mapHuge, options: { url: base + mapHuge } },
    ]);
    Object.assign(
      runs,
      await measureAll([
        {
          key: "postHello",
          name: "POST /healthz (angemeldet)",
          path: "/healthz",
          options: {
            url: base + "/healthz",
            setupClient: (client) => {
              const c = cookies[nextBaseline++ % cookies.length];
              client.setRequests([
                {
                  method: "POST",
                  path: "/healthz",
                  headers: { Cookie: c.cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
                },
              ]);
            },
          },
        },
        {
          key: "voteOne",
          name: "Abstimmen: ein Vorschlag",
          path: `/vorschlaege/${single}`,
          options: voteClients(base, cookies, () => single),
        },
        {
          key: "voteSpread",
          name: `Abstimmen: ${fmt(spread.length)} Vorschläge`,
          path: "/vorschlaege/:id",
          options: voteClients(base, cookies, (connection, k) => spread[(connection * 97 + k) % spread.length]),
        },
      ]),
    );

    // ---- integrity after the vote runs
    await new Promise((r) => setTimeout(r, 1000)); // requests cut off at the end of a run may still commit
    const after = await db
      .selectFrom("votes")
      .select(["proposal_id", "user_id", "value"])
      .where("proposal_id", "in", targets)
      .where("user_id", "in", voterIds)
      .execute();
    const afterValue = new Map(after.map((r) => [pairKey(r.user_id, r.proposal_id), Number(r.value)]));
    let touched = 0;
    const wrongPairs: string[] = [];
    for (const [key, state] of pairs) {
      const now = afterValue.get(key) ?? 0;
      const allowed = new Set([state.acked ?? state.before, ...state.pending]);
      if (state.acked !== undefined || state.pending.length) touched++;
      if (!allowed.has(now)) wrongPairs.push(`${key}: ${now}, erwartet ${[...allowed].join(" oder ")}`);
    }
    const othersAfter = await db
      .selectFrom("votes")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("proposal_id", "in", targets)
      .where("user_id", "not in", voterIds)
      .executeTakeFirstOrThrow();
    const duplicates = await sql<{ n: number }>`
      select count(*)::int as n from (select 1 from votes group by proposal_id, user_id having count(*) > 1) as d`.execute(db);
    const primaryKey = await sql<{ n: number }>`
      select count(*)::int as n from pg_constraint where conrelid = 'votes'::regclass and contype = 'p'`.execute(db);
    const stored = await db
      .selectFrom("votes")
      .select([
        "proposal_id",
        sql<number>`count(*) filter (where value = 1)::int`.as("for"),
        sql<number>`count(*) filter (where value = -1)::int`.as("against"),
      ])
      .where("proposal_id", "in", targets)
      .groupBy("proposal_id")
      .execute();
    const storedById = new Map(stored.map((r) => [r.proposal_id, r]));
    const shownWrong: string[] = [];
    const queue = [...targets];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const res = await fetch(`${base}/vorschlaege/${id}?_data=${encodeURIComponent(PROPOSAL_DATA)}`);
          const body = (await res.json()) as { proposal: { votesFor: number; votesAgainst: number } };
          const row = storedById.get(id) ?? { for: 0, against: 0 };
          if (body.proposal.votesFor !== row.for || body.proposal.votesAgainst !== row.against) {
            shownWrong.push(`${id}: Seite ${body.proposal.votesFor}/${body.proposal.votesAgainst}, Datenbank ${row.for}/${row.against}`);
          }
        }
      }),
    );
    const integrity = {
      proposalsChecked: targets.length,
      pairsTouched: touched,
      pairsWrong: wrongPairs.length,
      otherVotesBefore: othersBefore.n,
      otherVotesAfter: othersAfter.n,
      duplicateRows: duplicates.rows[0].n,
      primaryKeyPresent: primaryKey.rows[0].n === 1,
      countsShownWrong: shownWrong.length,
      ok:
        wrongPairs.length === 0 &&
        othersBefore.n === othersAfter.n &&
        duplicates.rows[0].n === 0 &&
        primaryKey.rows[0].n === 1 &&
        shownWrong.length === 0,
    };
    console.log(
      `\nStimmen geprüft: ${fmt(targets.length)} Vorschläge, ${fmt(touched)} Paare (Person, Vorschlag) abgestimmt; ` +
        `gespeicherter Wert = zuletzt bestätigter (bzw. beim Abbruch noch unterwegs): ${wrongPairs.length ? `${wrongPairs.length} FALSCH` : "alle ✓"}; ` +
        `fremde Stimmen ${fmt(othersBefore.n)} → ${fmt(othersAfter.n)} ${othersBefore.n === othersAfter.n ? "✓" : "✗"}; ` +
        `doppelte (proposal,user): ${duplicates.rows[0].n} ${duplicates.rows[0].n === 0 ? "✓" : "✗"} (Primärschlüssel ${integrity.primaryKeyPresent ? "vorhanden" : "FEHLT"}); ` +
        `angezeigte Zahlen = Zeilen in votes: ${shownWrong.length ? `${shownWrong.length} FALSCH` : "alle ✓"}`,
    );
    for (const line of [...wrongPairs, ...shownWrong].slice(0, 10)) console.log(`    ${line}`);

    // The same page once more after the votes: each vote rewrote its proposal's row (tally trigger), leaving dead
    // versions in the table and its indexes until autovacuum comes by.
    const afterVotes = await autocannon({ ...pageLargePlan.options, connections: CONNECTIONS, duration: DURATION / ROUNDS });
    runs.pageLargeAfterVotes = figures(`${pageLargePlan.name} nach Abst.`, pageLarge, [afterVotes]);
    const proposalsAfter = await proposalsStats();
    const proposalsTable = {
      voteRequests: runs.voteOne.requests + runs.voteSpread.requests,
      rowUpdates: proposalsAfter.updates - proposalsBefore.updates,
      hotUpdates: proposalsAfter.hot - proposalsBefore.hot,
      deadRows: proposalsAfter.dead,
    };
    console.log(
      `\nTabelle proposals während der Abstimmungen (Statistik von PostgreSQL, ohne Aufwärmen gezählt ${fmt(proposalsTable.voteRequests)} Stimmen): ` +
        `${fmt(proposalsTable.rowUpdates)} Zeilen-Updates, davon HOT ${fmt(proposalsTable.hotUpdates)}; ${fmt(proposalsTable.deadRows)} tote Zeilenversionen. ` +
        `Seite ${fmt(large.proposals)} danach ${fmt(runs.pageLargeAfterVotes.rps, 1)} req/s (vorher ${fmt(runs.pageLarge.rps, 1)}).`,
    );

    // ---- ratios
    const rows: RatioRow[] = [];
    const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
    const [L, S, H] = [k(large.proposals), k(small.proposals), k(hugeMap.proposals)];
    const check = (name: string, value: number, target: string, ok: boolean | null, unit = "") =>
      rows.push({ name, value, target, ok, unit });
    check(
      `Seite ${L} / ${S} Vorschläge: req/s`,
      ratio(runs.pageLarge.rps, runs.pageSmall.rps),
      "≥ 0.8",
      ratio(runs.pageLarge.rps, runs.pageSmall.rps) >= 0.8,
    );
    check(`Seite ${L} / ${S} Vorschläge: p50`, ratio(runs.pageLarge.p50, runs.pageSmall.p50), "", null);
    check(`Seite ${L} / ${S} Vorschläge: p99`, ratio(runs.pageLarge.p99, runs.pageSmall.p99), "", null);
    check(
      `Seite ${L} / hello world: req/s`,
      ratio(runs.pageLarge.rps, runs.hello.rps),
      "≥ 0.5",
      ratio(runs.pageLarge.rps, runs.hello.rps) >= 0.5,
    );
    check(`Seite ${L} / hello world: p50`, ratio(runs.pageLarge.p50, runs.hello.p50), "", null);
    check(
      `Seite ${L}: p99 / p50`,
      ratio(runs.pageLarge.p99, runs.pageLarge.p50),
      "≤ 3",
      ratio(runs.pageLarge.p99, runs.pageLarge.p50) <= 3,
    );
    check(
      `Karte ${H} / ${L}: Bytes`,
      ratio(maps.hugeMap.bytes, maps.large.bytes),
      "≤ 1.2",
      ratio(maps.hugeMap.bytes, maps.large.bytes) <= 1.2,
    );
    check(`Karte ${H} / ${L}: p99`, ratio(runs.mapHuge.p99, runs.mapLarge.p99), "", null);
    check(`Karte ${H} / ${L}: req/s`, ratio(runs.mapHuge.rps, runs.mapLarge.rps), "", null);
    check(`Karte ${H} / ${L}: Bytes (Zoom ${denseZoom})`, ratio(maps.hugeMapDense.bytes, maps.largeDense.bytes), "", null);
    // A vote's own cost is measured where votes do not contend (spread); contention has its own ratio below.
    check(
      "Abstimmen (verteilt) / POST hello: req/s",
      ratio(runs.voteSpread.rps, runs.postHello.rps),
      "≥ 0.5",
      ratio(runs.voteSpread.rps, runs.postHello.rps) >= 0.5,
    );
    check("Abstimmen (verteilt) / POST hello: p50", ratio(runs.voteSpread.p50, runs.postHello.p50), "", null);
    check("Abstimmen (verteilt) / POST hello: p99", ratio(runs.voteSpread.p99, runs.postHello.p99), "", null);
    check("Abstimmen (ein Vorschlag) / POST hello: req/s", ratio(runs.voteOne.rps, runs.postHello.rps), "", null);
    check(
      "Ein Vorschlag / verteilt: req/s",
      ratio(runs.voteOne.rps, runs.voteSpread.rps),
      "≥ 0.5",
      ratio(runs.voteOne.rps, runs.voteSpread.rps) >= 0.5,
    );
    check("Ein Vorschlag / verteilt: p99", ratio(runs.voteOne.p99, runs.voteSpread.p99), "", null);
    check(`Seite ${L} nach / vor den Abstimmungen: req/s`, ratio(runs.pageLargeAfterVotes.rps, runs.pageLarge.rps), "", null);

    const errors = Object.values(runs).reduce((sum, f) => sum + f.errors, 0);
    check("Fehler (nicht 2xx/3xx) in allen Läufen", errors, "= 0", errors === 0);
    check("Stimmen: Integrität geprüft", integrity.ok ? 1 : 0, "= 1", integrity.ok);

    console.log(`\nKarte (ganze Fläche, bbox=${[s, w, n, e].join(",")}):`);
    for (const [key, m] of Object.entries(maps)) {
      console.log(
        `  ${key.padEnd(14)} ${fmt(m.bytes).padStart(8)} Bytes, ${fmt(m.clusters).padStart(5)} Cluster, ${fmt(m.proposals).padStart(7)} Vorschläge`,
      );
    }

    console.log("\nRohwerte:");
    for (const f of Object.values(runs)) printFigures(f);

    const width = Math.max(...rows.map((r) => r.name.length));
    console.log("\nVerhältnisse:");
    console.log(`  ${"".padEnd(width)}    Wert   Ziel`);
    for (const r of rows) {
      const mark = r.ok === null ? "·" : r.ok ? "✓" : "✗";
      console.log(`  ${r.name.padEnd(width)} ${fmt(r.value, 2).padStart(7)}   ${r.target.padEnd(6)} ${mark}`);
    }

    const loadAtEnd = os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" ");
    console.log(`\nLast (1/5/15 min) am Anfang ${load}, am Ende ${loadAtEnd}: andere Prozesse teilen sich die ${os.cpus().length} Kerne.`);
    const serverErrors = server.output.filter((l) => l.startsWith("[server!]"));
    if (serverErrors.length) console.log(`\nDer Server schrieb ${serverErrors.length} Zeilen auf stderr (siehe oben).`);

    writeJson(latestFile, {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavgAtStart: load, loadavgAtEnd: loadAtEnd, node: process.version },
      settings: { durationSeconds: DURATION, rounds: ROUNDS, connections: CONNECTIONS, warmupRequests: WARMUP_REQUESTS },
      data,
      runs,
      map: maps,
      integrity: { ...integrity, examples: [...wrongPairs, ...shownWrong].slice(0, 20) },
      proposalsTableAfterVotes: proposalsTable,
      ratios: rows,
      serverStderr: serverErrors.slice(0, 50),
    });
    console.log(`\n${path.relative(rootDir, latestFile)} geschrieben.`);
  } finally {
    if (server) {
      const code = await stopServer(server.child);
      console.log(`Server mit SIGTERM beendet (Exit-Code ${code}).`);
    }
    await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
