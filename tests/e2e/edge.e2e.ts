import crypto from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "../../db/seed";
import { de } from "~/i18n/de";
import { startServer, type AppServer } from "./harness";

// The edge of the production build over real HTTP, with the demo town (issue 8, items 1, 2, 3, 13, 14, 15, 19, 20):
// what a browser without JavaScript, a curl user or an attacker gets. No browser needed.

let server: AppServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: Buffer;
  text: string;
  reusedSocket: boolean;
}

function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; agent?: http.Agent; cookie?: string } = {},
): Promise<Answer> {
  const url = new URL(server.baseUrl);
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  // Our own Origin on every POST, as a browser sends it; a header given as "" is left out.
  const headers = Object.fromEntries(
    Object.entries({
      ...(body ? { "Content-Length": String(body.length) } : {}),
      ...(method === "POST" ? { Origin: server.baseUrl } : {}),
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    }).filter(([, value]) => value !== ""),
  );
  return new Promise((resolve, reject) => {
    let answered: (() => void) | null = null;
    const request = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent: options.agent ?? false },
      (response) => {
        const chunks: Buffer[] = [];
        answered = () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            bytes,
            text: bytes.toString("utf8"),
            reusedSocket: request.reusedSocket,
          });
        };
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", answered);
      },
    );
    // A refusal sent before the body is read closes the connection while we may still be writing the body, and the
    // write fails (EPIPE, ECONNRESET). Like a browser, a large body goes out only after the headers had a moment to be
    // answered; an answer that came first is what counts.
    request.on("error", (error) => (answered ? answered() : reject(error)));
    if (!body || body.length < 1024 * 1024) return void request.end(body);
    request.flushHeaders();
    setTimeout(() => answered || request.end(body), 300);
  });
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function signIn(role: string): Promise<string> {
  const account = demoAccounts.find((a) => a.role === role)!;
  const answer = await send("POST", "/anmelden", { headers: FORM, body: form({ email: account.email, password: account.password }) });
  expect(answer.status, `login as ${role}`).toBe(302);
  return (answer.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
}

describe("the production build's edge", () => {
  it("no NUL byte in the demo's consultation page and editor (item 1)", async () => {
    const admin = await signIn("admin");
    for (const path of ["/", "/beteiligungen/1", "/verwaltung/1", "/vorschlaege/1"]) {
      const answer = await send("GET", path, { cookie: admin });
      expect(answer.status, path).toBe(200);
      expect(answer.bytes.includes(0), path).toBe(false);
    }
  });

  it("NUL and other control characters in query strings: pages answer, no 500 (item 2)", async () => {
    for (const path of [
      "/?suche=%00",
      "/?suche=Rad%00weg%1B&phase=%7F",
      "/beteiligungen/1?suche=%00&status=%00&kategorie=%00",
      "/beteiligungen/1/export.geojson?suche=%00&status=%C2%85",
      "/beteiligungen/1/karte?bbox=%00",
    ]) {
      const answer = await send("GET", path);
      expect(answer.status, path).toBeLessThan(500);
    }
    expect((await send("GET", "/?suche=Rad%00weg")).status).toBe(200);
  });

  it("a NUL in the path is refused with 400; a space and slashes in it give 404 (items 2, 14)", async () => {
    expect((await send("GET", "/beteiligungen/%00")).status).toBe(400);
    expect((await send("GET", "/%20//angreifer.example")).status).toBe(404);
  });

  it("NUL in a login field and malformed multipart bodies answer 4xx with a message (item 13)", async () => {
    const nul = await send("POST", "/anmelden", { headers: FORM, body: "email=a%00b%40example.org&password=x%00y" });
    expect(nul.status).toBeGreaterThanOrEqual(400);
    expect(nul.status).toBeLessThan(500);
    for (const path of ["/anmelden", "/registrieren", "/sprache", "/konto", "/verwaltung/neu", "/vorschlaege/1/folgen"]) {
      const noBoundary = await send("POST", path, {
        headers: { "Content-Type": "multipart/form-data" },
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
      });
      expect(noBoundary.status, path).toBe(400);
      expect(noBoundary.text, path).toContain(de.errors.request_malformed);
      const truncated = await send("POST", path, {
        headers: { "Content-Type": "multipart/form-data; boundary=----WebKitFormBoundaryQ1w2E3r4T5y6U7i8" },
        body: '------WebKitFormBoundaryQ1w2E3r4T5y6U7i8\r\nContent-Disposition: form-data; name="email"\r\n\r\nanna@exa',
      });
      expect(truncated.status, path).toBe(400);
    }
  });

  it("a POST with a foreign Referer and no Origin is refused (item 3)", async () => {
    const resident = await signIn("resident");
    const answer = await send("POST", "/vorschlaege/1/folgen", {
      headers: { ...FORM, Origin: "", Referer: "https://angreifer.example/seite" },
      body: form({ folgen: "1" }),
      cookie: resident,
    });
    expect(answer.status).toBe(403);
  });

  it("a POST from the public address through a proxy that does not pass the public Host on is served, not a 500", async () => {
    const resident = await signIn("resident");
    const answer = await send("POST", "/vorschlaege/1/folgen", {
      headers: { ...FORM, Host: `intern.example:${new URL(server.baseUrl).port}` },
      body: form({ folgen: "1" }),
      cookie: resident,
    });
    expect(answer).toMatchObject({ status: 302, headers: { location: "/vorschlaege/1?hinweis=followed" } });
  });

  it("a refused follow without JavaScript shows its message on the follow route's page", async () => {
    const answer = await send("POST", "/vorschlaege/1/folgen", {
      headers: FORM,
      body: form({ folgen: "vielleicht" }),
      cookie: await signIn("resident"),
    });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain(de.follow.refusedTitle);
  });

  it("redirect targets are encoded and checked after every transformation (items 14, 19)", async () => {
    const resident = await signIn("resident");
    const follow = (weiter: string) =>
      send("POST", "/vorschlaege/1/folgen", { headers: FORM, body: form({ folgen: "1", weiter }), cookie: resident });
    expect((await follow("/.//angreifer.example")).headers.location).toBe("/vorschlaege/1?hinweis=followed");
    expect((await follow("/%2e//angreifer.example")).headers.location).toBe("/vorschlaege/1?hinweis=followed");
    expect((await follow("/€")).headers.location).toBe("/%E2%82%AC?hinweis=followed");
    const language = await send("POST", "/sprache", { headers: FORM, body: form({ locale: "de", redirectTo: "/€" }) });
    expect(language).toMatchObject({ status: 302, headers: { location: "/%E2%82%AC" } });
  });

  it("a 429 to a login form posted without JavaScript carries Retry-After (item 15)", async () => {
    const moderator = demoAccounts.find((a) => a.role === "moderator")!;
    let refused: Answer | undefined;
    for (let attempt = 0; attempt < 15 && !refused; attempt++) {
      const body = form({ email: moderator.email, password: `falsch-${attempt}` });
      const answer = await send("POST", "/anmelden", { headers: FORM, body });
      expect(answer.status).toBeLessThan(500);
      if (answer.status === 429) refused = answer;
    }
    expect(refused, "the login refuses with 429 at some point").toBeDefined();
    expect(refused!.headers["content-type"]).toMatch(/^text\/html/);
    expect(Number(refused!.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("refusals leave a kept-alive connection usable (item 20)", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    // POST /healthz with 100 kB and no session: 401, then the next request on the same connection.
    const healthz = await send("POST", "/healthz", { headers: FORM, body: `x=${"a".repeat(100_000)}`, agent });
    expect(healthz.status).toBe(401);
    expect(await send("GET", "/healthz", { agent })).toMatchObject({ status: 200, text: "ok", reusedSocket: true });

    // A council member posts a 3 MB photo to a proposal: refused, and the connection still works.
    const council = await signIn("council");
    const boundary = "----WebKitFormBoundaryR4t5Z6u7I8o9P0a1";
    const photo = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="foto"; filename="foto.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      crypto.randomBytes(3 * 1024 * 1024),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await send("POST", "/vorschlaege/1/bearbeiten", {
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: photo,
      cookie: council,
      agent,
    });
    expect(upload.status).toBeGreaterThanOrEqual(400);
    expect(upload.status).toBeLessThan(500);
    expect(await send("GET", "/healthz", { agent })).toMatchObject({ status: 200, text: "ok" });

    // A cross-origin POST is refused before its body is read: that answer closes the connection.
    const foreign = await send("POST", "/vorschlaege/1/bearbeiten", {
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Origin: "https://angreifer.example" },
      body: photo,
      agent,
    });
    expect(foreign).toMatchObject({ status: 403, headers: { connection: "close" } });
    expect(await send("GET", "/healthz", { agent })).toMatchObject({ status: 200, text: "ok" });
    agent.destroy();
  });

  it("a body over 2 MB is taken only as an upload to an upload form from a signed-in person (413, 401)", async () => {
    const boundary = "----WebKitFormBoundaryQ1w2E3r4T5z6U7i8";
    const multipart = { "Content-Type": `multipart/form-data; boundary=${boundary}` };
    const photo = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="foto"; filename="foto.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      crypto.randomBytes(3 * 1024 * 1024),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const anonymous = await send("POST", "/vorschlaege/1/bearbeiten", { headers: multipart, body: photo });
    expect(anonymous).toMatchObject({ status: 401, headers: { connection: "close" } });
    expect(anonymous.text).toContain(de.errors.upload_login_required);
    const resident = await signIn("resident");
    const elsewhere = await send("POST", "/vorschlaege/1/folgen", { headers: multipart, body: photo, cookie: resident });
    expect(elsewhere).toMatchObject({ status: 413, headers: { connection: "close" } });
    expect(elsewhere.text).toContain(de.errors.request_too_large_here);
  });

  it("the server logged no unexpected error", () => {
    expect(server.log()).not.toMatch(/Unexpected Server Error|TypeError|invalid byte sequence/);
  });
});
