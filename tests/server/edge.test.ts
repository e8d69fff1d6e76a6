import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createEdgeApp, MAX_LARGE_BODIES_IN_FLIGHT, type EdgeOptions, type RemixRequestHandler } from "~/lib/edge.server";
import { SMALL_BODY_BYTES } from "~/lib/security.server";
import { de } from "~/i18n/de";
import { useTestDatabase } from "../setup/db";
import { createUser, sessionCookieFor } from "../setup/fixtures";

// The edge as the server runs it (app/lib/edge.server.ts: headers, same-origin check, body refusals, our Remix
// adapter), over real HTTP, around a stand-in for Remix that reports what a route would get: the URL, the headers and
// the form fields (files by name, type, size and hash). Issue 8, items 2, 13 and 20.

type Seen = {
  url: string;
  method: string;
  contentType: string | null;
  contentLength: string | null;
  fields: [string, string | { name: string; type: string; size: number; sha256: string }][];
};

const t = useTestDatabase();
let app: express.Express;
let server: http.Server;
let base: string;
const seen: Seen[] = [];

const handleRequest: RemixRequestHandler = async (request) => {
  const path = new URL(request.url).pathname;
  // Like a route that refuses a guest (POST /healthz): looks up the session, answers without reading the body.
  if (path === "/nur-angemeldet" || new URL(request.url).searchParams.has("verweigern")) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    return new Response("Bitte anmelden", { status: 401 });
  }
  const fields: Seen["fields"] = [];
  if (request.method !== "GET" && request.method !== "HEAD") {
    for (const [name, value] of await request.formData()) {
      if (typeof value === "string") fields.push([name, value]);
      else {
        const bytes = Buffer.from(await value.arrayBuffer());
        fields.push([name, { name: value.name, type: value.type, size: value.size, sha256: sha256(bytes) }]);
      }
    }
  }
  seen.push({
    url: request.url,
    method: request.method,
    contentType: request.headers.get("content-type"),
    contentLength: request.headers.get("content-length"),
    fields,
  });
  const headers = new Headers({ "Content-Type": "text/plain; charset=utf-8" });
  if (path === "/kekse") {
    headers.append("Set-Cookie", "a=1; Path=/; HttpOnly");
    headers.append("Set-Cookie", "b=2; Path=/; Max-Age=60");
  }
  return new Response("ok", { headers });
};

function sha256(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

const edgeOptions: EdgeOptions = {
  handleRequest,
  getLoadContext: () => ({ db: t.db, nonce: "", clientIp: "" }),
  publicUrl: "http://ratschlag.test",
  tileUrl: "/kacheln/{z}/{x}/{y}.png",
  secure: false,
};

/** The edge app on a free port of 127.0.0.1. */
async function listen(app: express.Express): Promise<http.Server> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function stop(server: http.Server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

beforeAll(async () => {
  app = createEdgeApp(edgeOptions);
  server = await listen(app);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await stop(server);
});

beforeEach(() => {
  seen.length = 0;
});

/** A raw request (fetch would clean some of what we want to send), on an optional keep-alive agent. */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; agent?: http.Agent; to?: http.Server } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    const { port } = (options.to ?? server).address() as AddressInfo;
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers = { ...(body ? { "Content-Length": String(body.length) } : {}), ...options.headers };
    const request = http.request({ host: "127.0.0.1", port, method, path, headers, agent: options.agent ?? false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          reusedSocket: request.reusedSocket,
        }),
      );
    });
    request.on("error", reject);
    request.end(body);
  });
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
// A boundary as Chrome makes them. (Node 20's undici cannot parse a part whose bytes contain the boundary text, so a
// one-letter boundary would break on random file bytes; browsers' random boundaries never meet that.)
const BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
const MULTIPART = { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` };

function multipart(boundary: string, parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ""}`;
    const type = part.type ? `\r\nContent-Type: ${part.type}` : "";
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`, "utf8"));
    chunks.push(Buffer.from(part.value));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe("query strings: control characters are removed before any route sees them", () => {
  it("NUL, other C0 controls, DEL and C1 controls go from names and values; tab, line feed and carriage return stay", async () => {
    const response = await send("GET", "/?suche=Rad%00weg%01%1F%7F%C2%80%C2%9F&sta%00tus=offen&text=a%09b%0Ac%0Dd");
    expect(response.status).toBe(200);
    const params = new URL(seen[0].url).searchParams;
    expect([...params]).toEqual([
      ["suche", "Radweg"],
      ["status", "offen"],
      ["text", "a\tb\nc\rd"],
    ]);
  });

  it("every value of a repeated parameter is cleaned, and so is the Unicode around the controls", async () => {
    await send("GET", "/?a=%00%C3%A4&a=%E2%82%AC%00&a=%F0%9F%98%80%1B");
    expect(new URL(seen[0].url).searchParams.getAll("a")).toEqual(["ä", "€", "😀"]);
  });

  it("a clean query reaches the route exactly as it was sent", async () => {
    await send("GET", "/beteiligungen/1?suche=Rad+weg&x=%7E%2A&leer=");
    expect(seen[0].url).toMatch(/\/beteiligungen\/1\?suche=Rad\+weg&x=%7E%2A&leer=$/);
  });

  it("bytes that are not UTF-8 arrive as U+FFFD (no lone surrogate can come out of a URL)", async () => {
    await send("GET", "/?a=%ED%A0%80x%FF");
    expect(new URL(seen[0].url).searchParams.get("a")).toBe("\uFFFD\uFFFD\uFFFDx\uFFFD");
  });
});

describe("paths: a control character or broken percent-encoding is refused with 400", () => {
  it("answers a NUL or another control character in the path with a German page, and no route runs", async () => {
    for (const path of ["/beteiligungen/%00", "/beteiligungen/1%00", "/%01/x", "/vorschlaege/%C2%85", "/%7F"]) {
      const response = await send("GET", path);
      expect(response.status, path).toBe(400);
      expect(response.headers["content-type"]).toMatch(/text\/html/);
      expect(response.body).toContain(de.errors.address_invalid);
      expect(response.body).toContain('lang="de"');
    }
    for (const path of ["/%", "/beteiligungen/1%E0%A4%A", "/%ED%A0%80"]) {
      expect((await send("GET", path)).status, path).toBe(400);
    }
    expect(seen).toEqual([]);
  });

  it("a path with an encoded space and slashes (/ //angreifer.example) goes to the routes like any other", async () => {
    const response = await send("GET", "/%20//angreifer.example");
    expect(response.status).toBe(200);
    expect(new URL(seen[0].url).host).toBe(new URL(base).host);
  });
});

describe("form bodies: parsed once at the edge, every text field cleaned", () => {
  it("urlencoded: names and values lose their control characters; the route gets a body with its own length", async () => {
    const body = "titel=Mehr%00B%C3%A4nke%01&text=Zeile+1%0D%0AZeile%092&na%00me=x&leer=";
    await send("POST", "/vorschlag", { headers: FORM, body });
    expect(seen[0].fields).toEqual([
      ["titel", "MehrBänke"],
      ["text", "Zeile 1\r\nZeile\t2"],
      ["name", "x"],
      ["leer", ""],
    ]);
    expect(seen[0].contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Number(seen[0].contentLength)).toBeGreaterThan(0);
  });

  it("multipart: text fields and file names are cleaned, the file's bytes arrive unchanged", async () => {
    const file = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256)); // every byte value, NULs too
    const body = multipart(BOUNDARY, [
      { name: "titel", value: "Neue\u0000 Bank\u0085" },
      { name: "beschreibung", value: "Zwei\r\nZeilen\tmit Tab" },
      { name: "foto", value: file, filename: "bild\u0007.png", type: "image/png" },
      { name: "leer", value: Buffer.alloc(0), filename: "", type: "application/octet-stream" },
    ]);
    const response = await send("POST", "/vorschlaege/1/bearbeiten", {
      headers: MULTIPART,
      body,
    });
    expect(response.status).toBe(200);
    const fields = Object.fromEntries(seen[0].fields);
    expect(fields.titel).toBe("Neue Bank");
    expect(fields.beschreibung).toBe("Zwei\r\nZeilen\tmit Tab");
    expect(fields.foto).toEqual({ name: "bild.png", type: "image/png", size: file.length, sha256: sha256(file) });
    expect(seen[0].contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(seen[0].contentLength)).toBeGreaterThan(file.length);
  });

  it("a multipart body that does not parse gets 400 with a German page, and no route runs", async () => {
    const good = multipart(BOUNDARY, [{ name: "email", value: "anna@example.org" }]);
    const cases: [string, Record<string, string>, Buffer | string][] = [
      ["without boundary", { "Content-Type": "multipart/form-data" }, good],
      ["with another boundary", { "Content-Type": "multipart/form-data; boundary=anders" }, good],
      ["truncated", MULTIPART, good.subarray(0, good.length - 12)],
      ["cut in the headers", MULTIPART, good.subarray(0, 60)],
      ["not multipart at all", MULTIPART, "email=anna@example.org"],
      ["empty", MULTIPART, ""],
    ];
    for (const [name, headers, body] of cases) {
      const response = await send("POST", "/anmelden", { headers, body });
      expect(response.status, name).toBe(400);
      expect(response.body, name).toContain(de.errors.request_malformed);
    }
    expect(seen).toEqual([]);
  });

  it("a compressed body is refused before it is read (415)", async () => {
    const response = await send("POST", "/anmelden", { headers: { ...FORM, "Content-Encoding": "gzip" }, body: "x=1" });
    expect(response.status).toBe(415);
    expect(seen).toEqual([]);
  });
});

describe("answers: Remix's Response goes out whole", () => {
  it("two Set-Cookie headers stay two", async () => {
    const response = await send("POST", "/kekse", { headers: FORM, body: "a=1" });
    expect(response.headers["set-cookie"]).toEqual(["a=1; Path=/; HttpOnly", "b=2; Path=/; Max-Age=60"]);
    // The security headers of the edge are there as well.
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });
});

describe("a refusal leaves the kept-alive connection usable (issue 8, item 20)", () => {
  const threeMegabytes = () =>
    multipart(BOUNDARY, [
      { name: "intent", value: "photo" },
      { name: "foto", value: crypto.randomBytes(3 * 1024 * 1024), filename: "foto.jpg", type: "image/jpeg" },
    ]);

  it("a route's 401 to a 3 MB upload: the next request on the same connection is answered", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const cookie = await sessionCookieFor(t.db, await createUser(t.db));
    const first = await send("POST", "/vorschlaege/1/bearbeiten?verweigern", {
      headers: { ...MULTIPART, Cookie: cookie },
      body: threeMegabytes(),
      agent,
    });
    expect(first.status).toBe(401);
    const next = await send("GET", "/healthz", { agent });
    expect(next).toMatchObject({ status: 200, body: "ok", reusedSocket: true });
    agent.destroy();
  });

  it("POST /healthz with a 100 kB body, refused by the route: the next request is answered", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = `x=${"a".repeat(100_000)}`;
    expect((await send("POST", "/nur-angemeldet", { headers: FORM, body, agent })).status).toBe(401);
    expect(await send("GET", "/healthz", { agent })).toMatchObject({ status: 200, reusedSocket: true });
    agent.destroy();
  });

  it("the same-origin check's 403, sent before the body is read, closes the connection; the next request gets a new one", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await send("POST", "/nur-angemeldet", {
      headers: { ...MULTIPART, Origin: "https://angreifer.example" },
      body: threeMegabytes(),
      agent,
    });
    expect(first.status).toBe(403);
    expect(first.headers.connection).toBe("close");
    expect(await send("GET", "/healthz", { agent })).toMatchObject({ status: 200, body: "ok" });
    expect(seen.map((s) => s.method)).toEqual(["GET"]);
    agent.destroy();
  });

  it("the body refusals (411, 413, 415) close the connection too", async () => {
    const tooLarge = await send("POST", "/anmelden", { headers: { ...FORM, "Content-Length": String(27 * 1024 * 1024) } });
    expect(tooLarge).toMatchObject({ status: 413, headers: { connection: "close" } });
    const notForm = await send("POST", "/anmelden", { headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(notForm).toMatchObject({ status: 415, headers: { connection: "close" } });
  });
});

/** A multipart upload of about `bytes` bytes with one file. */
function upload(bytes: number, filename = "plan.pdf"): Buffer {
  return multipart(BOUNDARY, [
    { name: "titel", value: "Bebauungsplan" },
    { name: "datei", value: crypto.randomBytes(bytes), filename, type: "application/pdf" },
  ]);
}

/**
 * A request whose headers promise `declared` bytes but whose body is sent only in part (and the rest when `finish` is
 * called): the answer comes before the body, or the request waits in the server as an upload in progress.
 */
function partial(path: string, headers: Record<string, string>, body: Buffer, sentPart = 64 * 1024) {
  const { port } = server.address() as AddressInfo;
  const request = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path,
    headers: { ...headers, "Content-Length": String(body.length) },
    agent: false,
  });
  const answer = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    request.on("error", reject);
  });
  answer.catch(() => {}); // a destroyed request errors; its answer is not awaited then
  request.write(body.subarray(0, sentPart));
  return {
    answer,
    finish: () => request.end(body.subarray(sentPart)),
    abort: () => request.destroy(),
  };
}

const largeBodiesInFlight = (edge: express.Express) => (edge.locals.largeBodies as { inFlight: number }).inFlight;

describe("body limits: a large body only as an upload, to an upload form, from a signed-in person", () => {
  it(`any route takes a form body up to ${SMALL_BODY_BYTES} bytes from anyone, so the largest text document fits`, async () => {
    // A text document of 200,000 characters that each take 9 bytes urlencoded (€ is 3 UTF-8 bytes, each %XX).
    const body = new URLSearchParams({
      kind: "text",
      title: "€".repeat(150),
      description: "€".repeat(1000),
      body: "€".repeat(200_000),
    }).toString();
    expect(body.length).toBeLessThanOrEqual(SMALL_BODY_BYTES);
    const response = await send("POST", "/verwaltung/1/dokumente/text", { headers: FORM, body });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(seen[0].fields).body).toHaveLength(200_000);
    const atLimit = `x=${"a".repeat(SMALL_BODY_BYTES - 2)}`;
    expect((await send("POST", "/anmelden", { headers: FORM, body: atLimit })).status).toBe(200);
  });

  it("a larger body to any other address, or not as multipart, gets 413 before it is read, and no route runs", async () => {
    const cookie = await sessionCookieFor(t.db, await createUser(t.db, { role: "admin" }));
    const big = upload(3 * 1024 * 1024);
    const cases: [string, Record<string, string>, Buffer | string][] = [
      ["/anmelden", FORM, `x=${"a".repeat(SMALL_BODY_BYTES - 1)}`],
      ["/anmelden", MULTIPART, big],
      ["/verwaltung/1/dokumente/text", { ...MULTIPART, Cookie: cookie }, big],
      ["/vorschlaege/1", { ...MULTIPART, Cookie: cookie }, big],
      ["/vorschlaege/1/bearbeiten", { ...FORM, Cookie: cookie }, `x=${"a".repeat(3 * 1024 * 1024)}`],
    ];
    for (const [path, headers, body] of cases) {
      // Only the first 64 kB are sent: the answer does not wait for the rest.
      const response = await partial(path, headers, Buffer.from(body)).answer;
      expect(response.status, path).toBe(413);
      expect(response.headers.connection, path).toBe("close");
      expect(response.body, path).toContain(de.errors.request_too_large_here);
    }
    expect(seen).toEqual([]);
  });

  it("a large upload without a valid session gets 401 with a German page to sign in, before it is read", async () => {
    for (const cookie of [undefined, "ratschlag_session=" + "A".repeat(43), "andere=1"]) {
      const response = await partial(
        "/vorschlaege/1/bearbeiten",
        { ...MULTIPART, ...(cookie ? { Cookie: cookie } : {}) },
        upload(3 * 1024 * 1024),
      ).answer;
      expect(response.status, cookie).toBe(401);
      expect(response.headers.connection).toBe("close");
      expect(response.body).toContain(de.errors.upload_login_required);
      expect(response.body).toContain('href="/anmelden"');
      expect(response.body).toContain('lang="de"');
    }
    // The same size is refused at the edge however the session ended.
    const anna = await createUser(t.db);
    const cookie = await sessionCookieFor(t.db, anna);
    await t.db.deleteFrom("sessions").where("user_id", "=", anna.id).execute();
    expect((await partial("/verwaltung/neu", { ...MULTIPART, Cookie: cookie }, upload(3 * 1024 * 1024)).answer).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("a signed-in person's large upload reaches each upload form whole", async () => {
    const cookie = await sessionCookieFor(t.db, await createUser(t.db, { role: "admin" }));
    const file = crypto.randomBytes(5 * 1024 * 1024);
    const body = multipart(BOUNDARY, [{ name: "datei", value: file, filename: "plan.pdf", type: "application/pdf" }]);
    for (const path of [
      "/beteiligungen/3/vorschlag",
      "/vorschlaege/12/bearbeiten",
      "/verwaltung/3/dokumente?index",
      "/verwaltung/neu",
      "/verwaltung/3",
    ]) {
      seen.length = 0;
      const response = await send("POST", path, { headers: { ...MULTIPART, Cookie: cookie }, body });
      expect(response.status, path).toBe(200);
      expect(Object.fromEntries(seen[0].fields).datei, path).toEqual({
        name: "plan.pdf",
        type: "application/pdf",
        size: file.length,
        sha256: sha256(file),
      });
    }
    expect(largeBodiesInFlight(app)).toBe(0);
  });

  it(`at most ${MAX_LARGE_BODIES_IN_FLIGHT} large bodies are read at once; one more gets 503 with Retry-After`, async () => {
    const cookie = await sessionCookieFor(t.db, await createUser(t.db));
    const headers = { ...MULTIPART, Cookie: cookie };
    const stalled = Array.from({ length: MAX_LARGE_BODIES_IN_FLIGHT }, () =>
      partial("/vorschlaege/1/bearbeiten", headers, upload(3 * 1024 * 1024)),
    );
    await vi.waitFor(() => expect(largeBodiesInFlight(app)).toBe(MAX_LARGE_BODIES_IN_FLIGHT));

    const refused = await partial("/vorschlaege/1/bearbeiten", headers, upload(3 * 1024 * 1024)).answer;
    expect(refused.status).toBe(503);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused.headers.connection).toBe("close");
    expect(refused.body).toContain(de.errors.uploads_busy);
    // Small forms are not held up meanwhile.
    expect((await send("POST", "/anmelden", { headers: FORM, body: "email=anna%40example.org" })).status).toBe(200);

    // One upload finishes and is answered, the others are given up: their places are free again.
    stalled[0].finish();
    expect((await stalled[0].answer).status).toBe(200);
    for (const upload of stalled.slice(1)) upload.abort();
    await vi.waitFor(() => expect(largeBodiesInFlight(app)).toBe(0));
    expect((await send("POST", "/vorschlaege/1/bearbeiten", { headers, body: upload(3 * 1024 * 1024) })).status).toBe(200);
  });
});

describe("TRUST_PROXY: what a proxy says counts only from a trusted proxy", () => {
  it("the loopback proxy (the default) sets host and port with X-Forwarded-Host", async () => {
    await send("GET", "/seite", { headers: { "X-Forwarded-Host": "beteiligung.example:8443" } });
    expect(new URL(seen[0].url).host).toBe("beteiligung.example:8443");
  });

  it("an untrusted client's X-Forwarded-Host changes neither the host nor the port", async () => {
    for (const trustProxy of [false, "10.0.0.0/8", 0] as const) {
      const untrusting = await listen(createEdgeApp({ ...edgeOptions, trustProxy }));
      seen.length = 0;
      await send("GET", "/seite", { headers: { "X-Forwarded-Host": "beteiligung.example:8443" }, to: untrusting });
      expect(new URL(seen[0].url).host, String(trustProxy)).toBe(`127.0.0.1:${(untrusting.address() as AddressInfo).port}`);
      await stop(untrusting);
    }
  });
});
