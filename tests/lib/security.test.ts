import { describe, expect, it } from "vitest";
import { bodyRefusal, createNonce, isCrossOriginWrite, MAX_REQUEST_BYTES, securityHeaders } from "~/lib/security.server";

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe("securityHeaders", () => {
  const nonce = "abc123nonce+/=";
  const headers = securityHeaders({ nonce, tileUrl: "/kacheln/{z}/{x}/{y}.png", secure: false });
  const csp = directives(headers["Content-Security-Policy"]);

  it("allows scripts only from this site and with this request's nonce, never inline", () => {
    expect(csp["script-src"]).toContain(`'nonce-${nonce}'`);
    expect(csp["script-src"]).not.toContain("'unsafe-inline'");
    expect(csp["script-src"]).not.toContain("'unsafe-eval'");
    expect(csp["script-src"]).not.toContain("*");
    expect(csp["default-src"]).toEqual(["'self'"]);
  });

  it("forbids framing, plugins and foreign form targets", () => {
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(headers["X-Frame-Options"]).toBe("DENY");
  });

  it("sends nosniff and a same-origin referrer policy", () => {
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("same-origin");
  });

  it("sends HSTS only when the site is served over https", () => {
    expect(headers).not.toHaveProperty("Strict-Transport-Security");
    const secure = securityHeaders({ nonce, tileUrl: "/kacheln/{z}/{x}/{y}.png", secure: true });
    expect(secure["Strict-Transport-Security"]).toMatch(/max-age=\d{7,}/);
  });

  it("lets map images come from the configured tile server and nowhere else", () => {
    expect(csp["img-src"]).toEqual(["'self'", "data:"]);
    const remote = directives(
      securityHeaders({ nonce, tileUrl: "https://tiles.example.de/wmts/{z}/{y}/{x}.png", secure: true })["Content-Security-Policy"],
    );
    expect(remote["img-src"]).toEqual(["'self'", "data:", "https://tiles.example.de"]);
    expect(remote["script-src"]).not.toContain("https://tiles.example.de");
  });

  it("a new nonce for every request", () => {
    const nonces = new Set(Array.from({ length: 20 }, createNonce));
    expect(nonces.size).toBe(20);
    for (const n of nonces) expect(Buffer.from(n, "base64").length).toBeGreaterThanOrEqual(16);
  });
});

describe("isCrossOriginWrite", () => {
  const own = ["http://localhost:3000"];
  const h = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

  it("refuses a POST that the browser marks as coming from another site", () => {
    expect(isCrossOriginWrite("POST", h({ "sec-fetch-site": "cross-site" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ "sec-fetch-site": "same-site" }), own)).toBe(true);
  });

  it("lets a same-origin POST through", () => {
    expect(isCrossOriginWrite("POST", h({ "sec-fetch-site": "same-origin" }), own)).toBe(false);
    expect(isCrossOriginWrite("POST", h({ "sec-fetch-site": "same-origin", origin: "http://localhost:3000" }), own)).toBe(false);
  });

  it("judges by Origin when Sec-Fetch-Site is missing", () => {
    expect(isCrossOriginWrite("POST", h({ origin: "https://evil.example" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ origin: "http://localhost:3000.evil.example" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ origin: "http://localhost:3000" }), own)).toBe(false);
  });

  it("an opaque Origin (null, from sandboxed frames and data: pages) is refused", () => {
    expect(isCrossOriginWrite("POST", h({ origin: "null" }), own)).toBe(true);
  });

  it("a foreign Origin is refused even if Sec-Fetch-Site claims same-origin", () => {
    expect(isCrossOriginWrite("POST", h({ "sec-fetch-site": "same-origin", origin: "https://evil.example" }), own)).toBe(true);
  });

  it("without Origin, a Referer from another site is refused (OWASP's fallback) and one from this site passes", () => {
    expect(isCrossOriginWrite("POST", h({ referer: "https://evil.example/form.html" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ referer: "http://localhost:3000.evil.example/" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ referer: "https://localhost:3000/anmelden" }), own)).toBe(true); // another scheme
    expect(isCrossOriginWrite("POST", h({ referer: "http://localhost:3000/anmelden?weiter=/konto" }), own)).toBe(false);
    expect(isCrossOriginWrite("POST", h({ referer: "http://localhost:3000" }), own)).toBe(false);
  });

  it("a Referer that is no URL, or has an opaque origin, is refused", () => {
    expect(isCrossOriginWrite("POST", h({ referer: "nicht einmal eine Adresse" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ referer: "data:text/html,<form>" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ referer: "about:blank" }), own)).toBe(true);
  });

  it("Origin and Referer together: Origin decides", () => {
    expect(isCrossOriginWrite("POST", h({ origin: "http://localhost:3000", referer: "https://evil.example/" }), own)).toBe(false);
    expect(isCrossOriginWrite("POST", h({ origin: "https://evil.example", referer: "http://localhost:3000/anmelden" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ origin: "null", referer: "http://localhost:3000/anmelden" }), own)).toBe(true);
  });

  it("Sec-Fetch-Site with a Referer: a foreign Referer is refused even when Sec-Fetch-Site says same-origin", () => {
    expect(isCrossOriginWrite("POST", h({ "sec-fetch-site": "same-origin", referer: "http://localhost:3000/konto" }), own)).toBe(false);
    expect(isCrossOriginWrite("POST", h({ "sec-fetch-site": "same-origin", referer: "https://evil.example/" }), own)).toBe(true);
    expect(isCrossOriginWrite("POST", h({ "sec-fetch-site": "cross-site", referer: "http://localhost:3000/konto" }), own)).toBe(true);
  });

  it("with neither Origin nor Referer (not a browser form of another site) the POST passes", () => {
    expect(isCrossOriginWrite("POST", h({}), own)).toBe(false);
  });

  it("applies to every state-changing method, in any letter case", () => {
    for (const method of ["POST", "post", "PUT", "PATCH", "DELETE"]) {
      expect(isCrossOriginWrite(method, h({ "sec-fetch-site": "cross-site" }), own), method).toBe(true);
    }
  });

  it("never refuses a GET, HEAD or OPTIONS (they change nothing)", () => {
    for (const method of ["GET", "get", "HEAD", "OPTIONS"]) {
      expect(isCrossOriginWrite(method, h({ "sec-fetch-site": "cross-site", origin: "https://evil.example" }), own), method).toBe(false);
    }
  });
});

describe("bodyRefusal", () => {
  const h = (headers: Record<string, string>) => ({ get: (name: string) => headers[name.toLowerCase()] ?? null });
  it("lets reads and declared forms through", () => {
    expect(bodyRefusal("GET", h({}))).toBeNull();
    expect(bodyRefusal("POST", h({ "content-type": "application/x-www-form-urlencoded", "content-length": "12" }))).toBeNull();
    expect(
      bodyRefusal("POST", h({ "content-type": "multipart/form-data; boundary=x", "content-length": String(MAX_REQUEST_BYTES) })),
    ).toBeNull();
    // No length and no chunking: an empty body.
    expect(bodyRefusal("POST", h({ "content-type": "application/x-www-form-urlencoded" }))).toBeNull();
  });
  it("refuses other types (415), bodies without a declared size such as chunked uploads (411) and oversized ones (413)", () => {
    expect(bodyRefusal("POST", h({ "content-type": "application/json", "content-length": "2" }))).toEqual({ status: 415 });
    expect(bodyRefusal("POST", h({ "content-length": "0" }))).toEqual({ status: 415 });
    expect(bodyRefusal("POST", h({ "content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked" }))).toEqual({
      status: 411,
    });
    expect(
      bodyRefusal("POST", h({ "content-type": "multipart/form-data; boundary=x", "content-length": String(MAX_REQUEST_BYTES + 1) })),
    ).toEqual({ status: 413 });
  });
  it("refuses a compressed body (415): the form parsers cannot read it", () => {
    const form = { "content-type": "application/x-www-form-urlencoded", "content-length": "20" };
    expect(bodyRefusal("POST", h({ ...form, "content-encoding": "gzip" }))).toEqual({ status: 415 });
    expect(bodyRefusal("POST", h({ ...form, "content-encoding": "identity" }))).toBeNull();
  });
});
