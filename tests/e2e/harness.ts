import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { expect } from "vitest";

// Starts the production build on a free port with a fresh embedded database and drives Debian's Chromium.

export const RESULTS_DIR = path.resolve("test-results");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface AppServer {
  baseUrl: string;
  process: ChildProcess;
  dataDir: string;
  log: () => string;
  stop: () => Promise<void>;
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  if (!fs.existsSync("build/index.js")) throw new Error("build/index.js fehlt: erst `npm run build` ausführen");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ratschlag-e2e-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(process.execPath, ["bin/ratschlag.js"], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: baseUrl,
      DATA_DIR: dataDir,
      TILE_URL: "/kacheln/{z}/{x}/{y}.png",
      TILE_ATTRIBUTION: "Testkacheln",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 90_000;
  while (!output.includes("läuft auf")) {
    if (child.exitCode !== null) throw new Error(`Server beendet:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Server startet nicht:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    process: child,
    dataDir,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      // Each run's embedded database and uploads take some 40 MB: leave nothing behind.
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  // playwright gives every launch a fresh temporary profile (its own --user-data-dir), so none is passed here.
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh browser context (a separate person) that records every request leaving for another host. */
export async function newPerson(browser: Browser, baseUrl: string, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1200, height: 900 }, ...options });
  const foreignRequests: string[] = [];
  context.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith("data:")) foreignRequests.push(url);
  });
  const page = await context.newPage();
  watchCspViolations(page);
  return { context, page, foreignRequests };
}

// Chrome reports what the Content-Security-Policy blocked (an inline script without nonce, `new Function`) on the
// console; every page checked must have none.
const cspViolations = new WeakMap<Page, string[]>();

function watchCspViolations(page: Page) {
  const seen: string[] = [];
  cspViolations.set(page, seen);
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
}

let shot = 0;

/** Empties test-results/ so the screenshots are those of this run. */
export function resetResults() {
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  shot = 0;
}

export async function screenshot(page: Page, name: string) {
  // Quiet network makes a steadier picture; it is no assertion (a map that keeps loading tiles must not fail a test
  // that checks something else), so the wait is bounded.
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${String(++shot).padStart(2, "0")}-${name}.png`), fullPage: true });
}

/** Checks the page with axe (WCAG 2.1 A and AA) and saves a screenshot. */
export async function checkPage(page: Page, name: string) {
  await screenshot(page, name);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(summary, `axe-Verstöße auf ${name} (${page.url()})`).toEqual([]);
  expect(cspViolations.get(page) ?? [], `CSP-Verstöße bis ${name} (${page.url()})`).toEqual([]);
}

export async function visit(page: Page, url: string, name: string) {
  const response = await page.goto(url);
  await checkPage(page, name);
  return response;
}

/** Scrolls to the page's map, which loads only when it comes near the screen, and waits until Leaflet shows it. */
export async function showMap(page: Page) {
  // In one step in the page: the placeholder is replaced by the map as soon as it comes near the screen.
  await page.locator(".map").first().waitFor({ state: "attached" });
  await page.evaluate(() => document.querySelector(".map")?.scrollIntoView({ block: "center" }));
  await page.locator(".leaflet-container").waitFor();
}

export async function login(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/anmelden`);
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(password);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/anmelden"));
}

export type { BrowserContext, Page };
