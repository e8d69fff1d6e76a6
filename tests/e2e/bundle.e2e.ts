import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, showMap, startServer, type AppServer } from "./harness";

// What the browser downloads (public/build, made by `npm run build` before the browser tests). The form parser (zod,
// about 450 KB) belongs to the server: pages need only constants and pure functions, which live in zod-free modules
// (answers.statuses.ts, proposals.query.ts, consultations.time.ts). Leaflet belongs only to the map's own chunks,
// which the page loads when the map comes near the screen (issue 8, items 16 and 17).
const BUILD = path.resolve("public/build");

function scripts(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".js")) found.push({ file: path.relative(BUILD, full), text: fs.readFileSync(full, "utf8") });
    }
  };
  walk(BUILD);
  return found;
}

describe("the browser bundle", () => {
  it("carries no zod", () => {
    const all = scripts();
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((s) => /ZodError|jitless/.test(s.text)).map((s) => s.file)).toEqual([]);
  });

  it("loads Leaflet only from the map components' chunks, never from a route module", () => {
    const leaflet = scripts().filter((s) => s.text.includes("_leaflet_id"));
    expect(leaflet.length).toBeGreaterThan(0);
    const routeModules = scripts().filter((s) => s.file.startsWith("routes/") || s.file.startsWith("root-"));
    for (const route of routeModules) {
      for (const chunk of leaflet) {
        const name = path.basename(chunk.file);
        // A static import (`import … from "/build/_shared/chunk.js"`) would load it with the page.
        expect(
          route.text.includes(`from"/build/${chunk.file}"`) || route.text.includes(`import"/build/${chunk.file}"`),
          `${route.file} → ${name}`,
        ).toBe(false);
      }
    }
  });
});

describe("a phone opening a consultation", () => {
  let server: AppServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("loads the map's code only when the reader reaches the map", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: "de-DE" });
    const page = await context.newPage();
    const mapScripts: string[] = [];
    page.on("request", (request) => {
      if (/\/build\/_shared\/ProposalMap\.client-/.test(request.url())) mapScripts.push(request.url());
    });
    await page.goto(`${server.baseUrl}/beteiligungen/1`);
    await page.waitForLoadState("networkidle");
    expect(mapScripts, "the map's code before scrolling").toEqual([]);
    await showMap(page);
    expect(mapScripts.length).toBe(1);
    await context.close();
  });
});
