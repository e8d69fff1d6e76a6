// Shared helpers of the benchmarks (bench/data.ts, bench/run.ts): settings, the data file, autocannon and small formatters.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const rootDir = path.resolve(benchDir, "..");
export const resultsDir = path.join(benchDir, "results");
export const dataFile = path.join(resultsDir, "data.json");
export const latestFile = path.join(resultsDir, "latest.json");

export const databaseUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/ratschlag_bench";

/** The same server, database `postgres`: to drop and create the bench database. */
export function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

/** The URL without its password, for printing and for the data file. */
export function redactedUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

export interface ConsultationInfo {
  id: string;
  title: string;
  proposals: number;
  comments: number;
  votes: number;
}

/** What bench/data.ts generated; bench/run.ts reads it. */
export interface BenchData {
  generatedAt: string;
  database: string;
  scale: number;
  users: number;
  /** The shared password of every bench account (bench-00001@bench.example …), for looking around by hand. */
  password: string;
  /** The area all three consultations spread their proposals over: south, west, north, east. */
  bbox: [number, number, number, number];
  /** A zoom level at which that area fills a typical screen (about 1,000 px wide). */
  mapZoom: number;
  consultations: { large: ConsultationInfo; small: ConsultationInfo; hugeMap: ConsultationInfo };
}

export function readData(): BenchData {
  if (!fs.existsSync(dataFile)) {
    throw new Error(`${path.relative(rootDir, dataFile)} fehlt: zuerst \`npm run bench:data\` ausführen.`);
  }
  return JSON.parse(fs.readFileSync(dataFile, "utf8")) as BenchData;
}

export function writeJson(file: string, value: unknown) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

/** The keyed hash the app stores for a session token (app/lib/crypto.server.ts, hashToken). */
export function hashToken(secret: string, token: string): string {
  return crypto.createHmac("sha256", secret).update(token).digest("hex");
}

/** A session token in the app's format (32 random bytes, base64url: 43 characters). */
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label.padEnd(50)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`);
  return result;
}

// ---- autocannon (it ships no types; these are the parts we use) ----

export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}

export interface AutocannonOptions {
  url: string;
  connections?: number;
  duration?: number;
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
  setupClient?: (client: AutocannonClient) => void;
  timeout?: number;
}

type Percentiles = { p50: number; p90: number; p99: number; p99_9: number; mean: number; max: number; min: number };

export interface AutocannonResult {
  latency: Percentiles;
  requests: Percentiles & { total: number };
  throughput: Percentiles & { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  "1xx": number;
  "2xx": number;
  "3xx": number;
  "4xx": number;
  "5xx": number;
  statusCodeStats: Record<string, { count: number }>;
}

interface Tracker {
  on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}

const autocannonModule = createRequire(import.meta.url)("autocannon") as (
  options: AutocannonOptions,
  callback: (error: Error | null, result: AutocannonResult) => void,
) => Tracker;

/** A run's result, with every response time kept in full precision (autocannon's histogram rounds to whole ms). */
export interface Measured {
  result: AutocannonResult;
  latencies: number[];
  bytes: number;
}

export function autocannon(options: AutocannonOptions): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let bytes = 0;
    const tracker = autocannonModule(options, (error, result) => (error ? reject(error) : resolve({ result, latencies, bytes })));
    tracker.on("response", (_client, _status, size, ms) => {
      latencies.push(ms);
      bytes += size;
    });
  });
}

/** The p-th percentile (0…100) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---- formatting ----

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : String(n);

export const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
