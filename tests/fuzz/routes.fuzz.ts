import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "../../db/seed";
import { startServer, type AppServer } from "../e2e/harness";
import { cookiesOf, multipart, send, urlencoded, type Answer, type Fields } from "./http";
import { planForm, planPage, type PlannedRequest } from "./plan";
import { consultationFields, routeFileOf, TARGETS, type Ids, type Role } from "./targets";

// Issue 8, "Done when": odd input on any route never answers 5xx. The production build runs on the embedded
// database and (with TEST_DATABASE_URL) on a fresh PostgreSQL database with the demo data; the demo accounts and a
// few residents registered here sign in, and every route of app/routes gets NUL and other control characters, lone
// surrogates, invalid UTF-8, 100 kB strings, huge, negative and non-finite numbers, arrays, prototype names, empty and
// missing values, urlencoded and multipart, for each role that reaches it (targets.ts says what goes where).
// A request fails when it answers 5xx, gets no answer, or the server logs an error while answering it.

const ROUTES_DIR = path.resolve("app/routes");
const RESULTS = path.resolve("test-results");
/** Verified residents that take turns with contributions (30 per person in 5 minutes). */
const CONTRIBUTORS = Number(process.env.FUZZ_CONTRIBUTORS ?? 14);

/** Helpers that parse a form with a schema for the route that calls them. */
const SCHEMA_OF_HELPER: Record<string, string> = {
  readProposalForm: "proposalSchema",
  readDocumentForm: "fileDocumentSchema",
  commentAction: "commentSchema",
};

/** The field names of a zod object schema, also behind .refine/.transform/.pipe. */
function keysOf(schema: unknown): string[] {
  let s = schema as { shape?: Record<string, unknown>; def?: { in?: unknown; schema?: unknown } } | undefined;
  for (let i = 0; i < 10 && s && !s.shape; i++) s = (s.def?.in ?? s.def?.schema) as typeof s;
  return s?.shape ? Object.keys(s.shape) : [];
}

describe("the fuzz targets cover every route", () => {
  it("every file in app/routes has targets, and every parameter or field its source reads is fuzzed", async () => {
    const schemas: Record<string, unknown> = {};
    for (const area of fs.readdirSync("app/domain")) {
      for (const file of fs.readdirSync(path.join("app/domain", area)).filter((f) => f.endsWith(".schema.ts"))) {
        Object.assign(schemas, await import(path.resolve("app/domain", area, file)));
      }
    }
    const files = fs.readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f));
    const covered = new Set(Object.keys(TARGETS).map(routeFileOf));
    expect(
      files.filter((f) => !covered.has(f)),
      "route files without fuzz targets (tests/fuzz/targets.ts)",
    ).toEqual([]);
    const dummyIds = new Proxy({}, { get: () => "1" }) as Ids;
    const missing: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const read = [...source.matchAll(/(?<!headers)\.get\("([^"]+)"\)/g)].map((m) => m[1]);
      // The fields of the schemas the route (or its helper) parses with (`.pick` narrows them).
      const code = source.replace(/^import[\s\S]*?from\s+"[^"]+";/gm, "");
      for (const m of code.matchAll(/\b(\w+Schema|readProposalForm|readDocumentForm|commentAction)\b(\.pick\(\{([^}]*)\}\))?/g)) {
        const picked = m[3] ? [...m[3].matchAll(/(\w+):/g)].map((k) => k[1]) : null;
        read.push(...(picked ?? keysOf(schemas[SCHEMA_OF_HELPER[m[1]] ?? m[1]])));
      }
      const fuzzed = new Set<string>();
      for (const [key, targets] of Object.entries(TARGETS)) {
        if (routeFileOf(key) !== file) continue;
        for (const t of targets) {
          if (t.kind === "page") t.params.forEach((p) => fuzzed.add(p));
          else [...Object.keys(t.base(dummyIds)), ...(t.optional ?? []), ...Object.keys(t.files ?? {})].forEach((f) => fuzzed.add(f));
        }
      }
      for (const name of read) if (!fuzzed.has(name)) missing.push(`${file}: ${name}`);
    }
    expect(missing, "parameters or fields read by a route but not fuzzed").toEqual([]);
  });
});

interface Database {
  name: string;
  env: () => Promise<Record<string, string>>;
  cleanUp: () => Promise<void>;
}

function databases(): Database[] {
  const list: Database[] = [{ name: "PGlite", env: async () => ({}), cleanUp: async () => {} }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `ratschlag_fuzz_${crypto.randomBytes(4).toString("hex")}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    list.push({
      name: "PostgreSQL",
      env: async () => {
        await admin(`create database ${name}`);
        const dbUrl = new URL(url);
        dbUrl.pathname = `/${name}`;
        return { DATABASE_URL: dbUrl.toString(), DEMO_DATA: "1", SESSION_SECRET: crypto.randomBytes(32).toString("hex") };
      },
      cleanUp: () => admin(`drop database if exists ${name} with (force)`),
    });
  }
  return list;
}

interface Failure {
  route: string;
  form: string;
  role: Role;
  method: string;
  encoding?: string;
  what: string;
  status: number;
  detail: string;
  /** For an error found in the log: the request before, which may have caused it instead. */
  loggedAfter?: string;
}

const ERROR_IN_LOG = /^\s+at \S|\b(?:[A-Z]\w*Error|Unhandled|uncaught)\b/m;

/** Reads the server's log as it grows; mails printed to the log (user text) are left out. */
class LogWatch {
  private scanned = 0;
  constructor(private readonly log: () => string) {}
  /** Error text logged since the last call, or null. */
  newErrors(): string | null {
    const all = this.log();
    let chunk = all.slice(this.scanned);
    const open = chunk.lastIndexOf("[mail]");
    if (open !== -1 && chunk.indexOf("[/mail]", open) === -1) chunk = chunk.slice(0, open);
    this.scanned += chunk.length;
    const cleaned = chunk.replace(/\[mail\][\s\S]*?\[\/mail\]/g, "");
    return ERROR_IN_LOG.test(cleaned) ? cleaned.trim().slice(0, 600) : null;
  }
}

let addressCounter = 0;
/** Another client address (the server trusts X-Forwarded-For from the loopback proxy), for per-address limits. */
const nextAddress = () => {
  addressCounter++;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

class Client {
  constructor(readonly baseUrl: string) {}

  post(pathname: string, form: Record<string, string>, cookie?: string, extra: Record<string, string> = {}) {
    const body = urlencoded(Object.entries(form).map(([k, v]) => [Buffer.from(k), Buffer.from(v)]));
    return send(this.baseUrl, {
      method: "POST",
      path: pathname,
      body,
      headers: {
        Origin: this.baseUrl,
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-For": nextAddress(),
        ...(cookie ? { Cookie: cookie } : {}),
        ...extra,
      },
    });
  }

  async get(pathname: string, cookie?: string): Promise<string> {
    const answer = await send(this.baseUrl, { method: "GET", path: pathname, headers: cookie ? { Cookie: cookie } : {} });
    if (answer.status !== 200) throw new Error(`GET ${pathname}: ${answer.status} ${answer.error ?? ""}`);
    return answer.body.toString("utf8");
  }

  async login(email: string, password: string): Promise<string> {
    const answer = await this.post("/anmelden", { email, password, weiter: "/" });
    const cookies = cookiesOf(answer);
    if (answer.status !== 302 || !Object.keys(cookies).length)
      throw new Error(`login ${email}: ${answer.status} ${answer.body.toString().slice(0, 300)}`);
    return Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
  }
}

const locationOf = (answer: Answer, what: string): string => {
  const location = answer.headers.location;
  if (answer.status !== 302 || !location)
    throw new Error(`${what}: expected a redirect, got ${answer.status} ${answer.body.toString().slice(0, 300)}`);
  return location;
};

const firstMatch = (html: string, pattern: RegExp, what: string): string => {
  const m = pattern.exec(html);
  if (!m) throw new Error(`demo data: ${what} not found`);
  return m[1];
};

/** Registers a resident, confirms the address from the mail in the log, signs in. */
async function registerResident(client: Client, server: AppServer, index: number): Promise<string> {
  const email = `fuzz-mitwirkende-${index}@example.org`;
  const password = "Fuzz-Passwort-2026";
  const registered = await client.post("/registrieren", { email, displayName: `Fuzz Mitwirkende ${index}`, password });
  locationOf(registered, `registration of ${email}`);
  const pattern = new RegExp(`An: ${email.replace(/[.+]/g, "\\$&")}[\\s\\S]*?bestaetigen\\?token=([^\\s]+)`);
  const deadline = Date.now() + 20_000;
  let token: string | undefined;
  while (!(token = pattern.exec(server.log())?.[1])) {
    if (Date.now() > deadline) throw new Error(`no verification mail for ${email} in the log`);
    await new Promise((r) => setTimeout(r, 200));
  }
  locationOf(await client.post("/bestaetigen", { token: decodeURIComponent(token) }), `verification of ${email}`);
  return client.login(email, password);
}

async function setUp(client: Client, server: AppServer) {
  const cookie = (role: string) => {
    const account = demoAccounts.find((a) => a.role === role)!;
    return client.login(account.email, account.password);
  };
  const sessions: Partial<Record<Role, string>> = {
    admin: await cookie("admin"),
    moderator: await cookie("moderator"),
    council: await cookie("council"),
    resident: await cookie("resident"),
  };
  sessions.author = sessions.resident;
  const contributors = await Promise.all(Array.from({ length: CONTRIBUTORS }, (_, i) => registerResident(client, server, i + 1)));

  // The demo's consultations in the order the seed writes them: open, closed with a result, the pre-moderated open
  // one, scheduled, draft.
  const open = "1";
  const consultationPage = await client.get(`/beteiligungen/${open}`);
  expect(consultationPage).toContain("Radverkehr in der Innenstadt");
  const closedPage = await client.get("/beteiligungen/2");
  expect(closedPage).toContain("Marktplatz");
  const draftPage = await client.get("/verwaltung/5", sessions.admin);
  expect(draftPage).toContain("Spielplatzkonzept");
  const proposals = [...consultationPage.matchAll(/href="\/vorschlaege\/(\d+)"/g)].map((m) => m[1]);
  const textDocument = firstMatch(consultationPage, /href="\/dokumente\/(\d+)"(?![^<]*datei)/, "text document");
  const fileDocument = firstMatch(consultationPage, /href="\/dokumente\/(\d+)\/datei"/, "file document");
  const section = firstMatch(await client.get(`/dokumente/${textDocument}`), /href="\/abschnitte\/(\d+)"/, "section");
  const category = firstMatch(consultationPage, /name="kategorie"[^>]*>[\s\S]*?<option value="(\d+)"/, "category");

  const ids = {
    open,
    closed: "2",
    draft: "5",
    category,
    proposal: proposals[0],
    moderatedProposal: proposals[1],
    textDocument,
    fileDocument,
    section,
  } as Ids;
  const own = await client.post(
    `/beteiligungen/${open}/vorschlag`,
    {
      title: "Ein Vorschlag für den Fuzz-Test",
      categoryId: category,
      body: "Ein Vorschlag, den der Fuzz-Test bearbeitet.",
      lat: "50.5519",
      lng: "9.6759",
    },
    sessions.author,
  );
  ids.ownProposal = firstMatch(locationOf(own, "own proposal"), /\/vorschlaege\/(\d+)/, "own proposal id");
  const comment = await client.post(
    `/vorschlaege/${ids.ownProposal}`,
    { intent: "comment", body: "Ein Kommentar, den der Fuzz-Test bearbeitet." },
    sessions.author,
  );
  ids.ownComment = firstMatch(locationOf(comment, "own comment"), /#kommentar-(\d+)/, "own comment id");
  const text = await client.post(
    `/verwaltung/${ids.draft}/dokumente/text`,
    { title: "Fuzz-Text", description: "", body: "# Eins\n\nText" },
    sessions.admin,
  );
  ids.ownTextDocument = firstMatch(locationOf(text, "own text document"), /\/dokumente\/(\d+)/, "own text document id");
  const past = await client.post("/verwaltung/neu", consultationFields(-20, -2), sessions.admin);
  ids.toReport = firstMatch(locationOf(past, "past consultation"), /\/verwaltung\/(\d+)/, "past consultation id");
  locationOf(await client.post(`/verwaltung/${ids.toReport}`, { intent: "publish" }, sessions.admin), "publishing the past consultation");
  return { sessions, contributors, ids };
}

function plan(ids: Ids): PlannedRequest[] {
  const seen = new Set<string>();
  return Object.values(TARGETS).flatMap((targets) =>
    targets.flatMap((t) => (t.kind === "page" ? planPage(t, ids, seen) : planForm(t, ids, seen))),
  );
}

describe.each(databases())("odd input on every route ($name)", (database) => {
  let server: AppServer | undefined;

  beforeAll(async () => {
    server = await startServer(await database.env());
  });

  afterAll(async () => {
    await server?.stop();
    await database.cleanUp();
  });

  it("answers no request with 5xx and logs no error", async () => {
    const started = Date.now();
    const client = new Client(server!.baseUrl);
    const { sessions, contributors, ids } = await setUp(client, server!);
    const setupSeconds = (Date.now() - started) / 1000;
    const watch = new LogWatch(server!.log);
    watch.newErrors();

    const requests = plan(ids);
    const failures: Failure[] = [];
    const statuses = new Map<string, Map<number, number>>();
    /** Contributors whose 30 contributions are used up (until the window passes). */
    const exhausted = new Set<number>();
    let turn = 0;
    let rateLimited = 0;
    let n = 0;
    let previous = "";

    const sendPlanned = (request: PlannedRequest, cookie: string | undefined) => {
      n++;
      const headers: Record<string, string> = { Origin: server!.baseUrl };
      if (cookie) headers.Cookie = cookie;
      if (request.perAddress) headers["X-Forwarded-For"] = nextAddress();
      let body: Buffer | undefined;
      if (request.fields) {
        const fields: Fields = request.fields.map(([k, v]) => [
          k,
          Buffer.isBuffer(v) ? Buffer.from(v.toString("latin1").replaceAll("{n}", String(n)), "latin1") : v,
        ]);
        if (request.encoding === "multipart") {
          const built = multipart(fields);
          body = built.body;
          headers["Content-Type"] = built.contentType;
        } else {
          body = urlencoded(fields);
          headers["Content-Type"] = "application/x-www-form-urlencoded";
        }
      }
      return send(server!.baseUrl, { method: request.method, path: request.path, headers, body });
    };

    const millis = new Map<string, number>();
    for (const request of requests) {
      const requestStarted = Date.now();
      let answer: Answer;
      if (request.role === "contributor") {
        // Take turns; a used-up contributor (429) hands the same request to the next one.
        for (;;) {
          const available = contributors.map((_, i) => i).filter((i) => !exhausted.has(i));
          if (!available.length) {
            answer = await sendPlanned(request, contributors[turn++ % contributors.length]);
            break;
          }
          const who = available[turn++ % available.length];
          answer = await sendPlanned(request, contributors[who]);
          if (answer.status !== 429) break;
          exhausted.add(who);
        }
      } else {
        answer = await sendPlanned(request, request.role === "guest" ? undefined : sessions[request.role]);
      }
      if (answer.status === 429) rateLimited++;
      const key = `${request.route} ${request.form}`;
      millis.set(key, (millis.get(key) ?? 0) + Date.now() - requestStarted);
      const counts = statuses.get(key) ?? new Map<number, number>();
      counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
      statuses.set(key, counts);
      // The log comes through another pipe than the answer, and may also be written after it: give it two turns of
      // the event loop. What still arrives late is reported with the next request, which names this one.
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      const logged = watch.newErrors();
      // Node refuses a request head over 16 kB itself: 431, or a reset while the client still sends.
      const refusedHead =
        (request.oversized || request.path.length > 16_000) &&
        ([414, 431].includes(answer.status) || /ECONNRESET|EPIPE/.test(answer.error ?? ""));
      if ((answer.status >= 500 || answer.status === 0 || logged) && !refusedHead) {
        failures.push({
          route: request.route,
          form: request.form,
          role: request.role,
          method: request.method,
          encoding: request.encoding,
          what: request.what,
          status: answer.status,
          detail: (answer.error ?? logged ?? answer.body.toString("utf8").replace(/\s+/g, " ").slice(0, 200)).slice(0, 600),
          ...(logged ? { loggedAfter: previous } : {}),
        });
      }
      previous = `${request.method} ${request.path.slice(0, 200)} as ${request.role} (${request.what})`;
    }
    // Errors logged a moment later (the mail worker) still count.
    await new Promise((r) => setTimeout(r, 2500));
    const late = watch.newErrors();
    if (late)
      failures.push({
        route: "(background)",
        form: "",
        role: "guest",
        method: "",
        what: "logged after the last request",
        status: 0,
        detail: late,
      });
    expect(server!.process.exitCode, "the server is still running").toBeNull();

    const seconds = (Date.now() - started) / 1000;
    const summary = {
      database: database.name,
      requests: requests.length,
      setupSeconds,
      seconds,
      rateLimited,
      contributorsUsedUp: exhausted.size,
      failures: failures.length,
      statuses: Object.fromEntries([...statuses].map(([k, v]) => [k, Object.fromEntries(v)])),
      millis: Object.fromEntries([...millis].sort((a, b) => b[1] - a[1])),
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, `fuzz-${database.name}.json`), JSON.stringify({ ...summary, failures }, null, 1));
    console.log(
      `fuzz (${database.name}): ${requests.length} requests in ${seconds.toFixed(0)} s (setup ${setupSeconds.toFixed(0)} s), ` +
        `${failures.length} failures, ${rateLimited} answered 429`,
    );
    const grouped = new Map<string, number>();
    for (const f of failures) {
      const k = `${f.status} ${f.method} ${f.route} [${f.form}] as ${f.role}${f.encoding ? ` (${f.encoding})` : ""}: ${f.what}`;
      grouped.set(k, (grouped.get(k) ?? 0) + 1);
    }
    expect([...grouped.keys()], `requests that failed; details in test-results/fuzz-${database.name}.json`).toEqual([]);
  });
});
