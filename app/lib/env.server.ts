import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import express from "express";
import { z } from "~/lib/zod";

// Every setting of the app, parsed once at start-up. A bad value stops the start with one clear line per problem.
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/**
 * Express's `trust proxy` setting as text: "true" / "false", a number of proxy hops, or a comma-separated list of
 * addresses, CIDR ranges and the names loopback, linklocal and uniquelocal. Checked by express itself, which refuses
 * what it cannot read, so the value that starts the server is one express uses as meant.
 */
const trustProxy = optionalText.transform((v, ctx): boolean | number | string => {
  const value = v ?? "loopback";
  const parsed = value === "true" ? true : value === "false" ? false : /^\d+$/.test(value) ? Number(value) : value;
  try {
    express().set("trust proxy", parsed);
  } catch {
    ctx.addIssue({
      code: "custom",
      message:
        "muss eine Zahl von Proxy-Stationen, true/false oder eine mit Kommas getrennte Liste von Adressen, CIDR-Bereichen " +
        "oder loopback, linklocal, uniquelocal sein, z. B. loopback, 10.0.0.0/8",
    });
    return z.NEVER;
  }
  return parsed;
});

const envSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "muss mit postgres:// oder postgresql:// beginnen")
      .optional(),
  ),
  DATA_DIR: optionalText.transform((v) => path.resolve(v ?? "./data")),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: optionalText.transform((v) => v ?? "0.0.0.0"),
  PUBLIC_URL: optionalText.pipe(z.string().url("muss eine vollständige URL sein, z. B. https://beteiligung.example.de").optional()),
  SESSION_SECRET: optionalText.pipe(z.string().min(32, "muss mindestens 32 Zeichen lang sein").optional()),
  SMTP_URL: optionalText.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, "muss mit smtp:// oder smtps:// beginnen")
      .optional(),
  ),
  MAIL_FROM: optionalText.transform((v) => v ?? "Ratschlag <noreply@localhost>"),
  TILE_URL: optionalText.transform(
    (v) =>
      v ??
      "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png",
  ),
  TILE_ATTRIBUTION: optionalText.transform((v) => v ?? '&copy; <a href="https://basemap.de">basemap.de</a> / BKG, Lizenz CC BY 4.0'),
  DEMO_DATA: optionalText.pipe(z.enum(["0", "1"], { message: "muss 0 oder 1 sein" }).optional()),
  /** Which proxies in front of the app may tell the client's address, protocol and host (X-Forwarded-*). */
  TRUST_PROXY: trustProxy,
});

export type Env = Omit<z.infer<typeof envSchema>, "PUBLIC_URL" | "SESSION_SECRET"> & {
  PUBLIC_URL: string;
  SESSION_SECRET: string;
  /** true when the public URL is https: cookies get Secure and the __Host- prefix, HSTS is sent. */
  secure: boolean;
};

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Ungültige Konfiguration / invalid configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (!env.SESSION_SECRET && env.DATABASE_URL && env.NODE_ENV === "production") {
    throw new EnvError(
      "Ungültige Konfiguration / invalid configuration:\n  SESSION_SECRET: ist im Produktivbetrieb mit PostgreSQL Pflicht (mindestens 32 Zeichen)",
    );
  }
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  return {
    ...env,
    PUBLIC_URL: publicUrl,
    SESSION_SECRET: env.SESSION_SECRET ?? readOrCreateSecret(env.DATA_DIR),
    secure: publicUrl.startsWith("https://"),
  };
}

// The embedded setup keeps a generated secret in DATA_DIR, so sessions survive a restart.
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("hex");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let current: Env | undefined;

export function env(): Env {
  current ??= parseEnv(process.env);
  return current;
}

/** For tests: replace the settings the app reads. */
export function setEnvForTests(next: Env) {
  current = next;
}
