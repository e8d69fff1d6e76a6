// `npm run bench:page`: what a phone pays for a page. Starts the production build with the demo town on a fresh
// embedded database, opens pages in Debian's Chromium as a phone (390 × 844, 4× slower CPU) and prints, per page, the
// script bytes loaded (uncompressed) and the total blocking time (the sum of every long task's time over 50 ms, from navigation to
// two seconds after load), as the median of RUNS loads. Lighthouse measures the same "total blocking time".
// Settings: BENCH_PAGE_RUNS (default 3), BENCH_PAGES (comma-separated paths; default the home, consultation and
// proposal pages).
import { launchBrowser, startServer } from "../tests/e2e/harness";

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? "3");
const PAGES = (process.env.BENCH_PAGES ?? "/,/beteiligungen/1,/vorschlaege/1").split(",");
const CPU_SLOWDOWN = 4;

interface Load {
  scriptBytes: number;
  scripts: number;
  blockingMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    console.log(`Seite                          Skripte   Skript-KB   Blockierzeit (ms, Median aus ${RUNS})`);
    for (const path of PAGES) {
      const loads: Load[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
        await page.addInitScript(() => {
          const w = window as unknown as { blocking: number };
          w.blocking = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) w.blocking += Math.max(0, entry.duration - 50);
          }).observe({ type: "longtask", buffered: true });
        });
        await page.goto(server.baseUrl + path, { waitUntil: "load" });
        await page.waitForTimeout(2000);
        const load = await page.evaluate(() => {
          const scripts = performance
            .getEntriesByType("resource")
            .filter((entry) => new URL(entry.name).pathname.endsWith(".js")) as PerformanceResourceTiming[];
          return {
            scripts: scripts.length,
            scriptBytes: scripts.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
            blockingMs: (window as unknown as { blocking: number }).blocking,
          };
        });
        loads.push(load);
        await context.close();
      }
      console.log(
        `${path.padEnd(30)} ${String(median(loads.map((l) => l.scripts))).padStart(7)} ` +
          `${(median(loads.map((l) => l.scriptBytes)) / 1024).toFixed(0).padStart(11)}   ` +
          `${median(loads.map((l) => l.blockingMs)).toFixed(0)} (${loads.map((l) => l.blockingMs.toFixed(0)).join(", ")})`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
