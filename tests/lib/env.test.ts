import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/lib/env.server";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ratschlag-env-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const SECRET = "s".repeat(40);

function errorOf(source: Record<string, string>): EnvError {
  try {
    parseEnv(source as NodeJS.ProcessEnv);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

describe("parseEnv", () => {
  it("names every bad variable in one message", () => {
    const error = errorOf({
      DATA_DIR: tempDir(),
      PORT: "achtzig",
      DATABASE_URL: "mysql://db/ratschlag",
      SMTP_URL: "http://mail.example.org",
      SESSION_SECRET: "zu-kurz",
    });
    for (const name of ["PORT", "DATABASE_URL", "SMTP_URL", "SESSION_SECRET"]) expect(error.message).toContain(name);
    // The message is written for the person running the server, in German first.
    expect(error.message).toContain("Ungültige Konfiguration");
    expect(error.message.split("\n").length).toBeGreaterThanOrEqual(5);
  });

  it("refuses each bad value on its own, and names only that one", () => {
    const cases: [string, string][] = [
      ["PORT", "0"],
      ["PORT", "65536"],
      ["PORT", "80.5"],
      ["DATABASE_URL", "localhost:5432/ratschlag"],
      ["SMTP_URL", "mail.example.org:25"],
      ["SESSION_SECRET", "x".repeat(31)],
      ["PUBLIC_URL", "beteiligung.example.de"],
      ["NODE_ENV", "staging"],
      ["DEMO_DATA", "ja"],
      ["TRUST_PROXY", "proxy.example.de"],
    ];
    const all = ["PORT", "DATABASE_URL", "SMTP_URL", "SESSION_SECRET", "PUBLIC_URL", "NODE_ENV", "DEMO_DATA", "TRUST_PROXY"];
    for (const [name, value] of cases) {
      const message = errorOf({ DATA_DIR: tempDir(), SESSION_SECRET: SECRET, [name]: value }).message;
      expect(message, `${name}=${value}`).toContain(name);
      for (const other of all.filter((n) => n !== name)) expect(message, `${name}=${value}`).not.toContain(`${other}:`);
    }
  });

  it("production with PostgreSQL needs SESSION_SECRET", () => {
    const error = errorOf({ NODE_ENV: "production", DATABASE_URL: "postgres://db/ratschlag", DATA_DIR: tempDir() });
    expect(error.message).toContain("SESSION_SECRET");
    // Unset NODE_ENV means production.
    expect(errorOf({ DATABASE_URL: "postgresql://db/ratschlag", DATA_DIR: tempDir() }).message).toContain("SESSION_SECRET");
    // An empty value counts as unset.
    expect(errorOf({ DATABASE_URL: "postgres://db/ratschlag", SESSION_SECRET: "  ", DATA_DIR: tempDir() }).message).toContain(
      "SESSION_SECRET",
    );
  });

  it("the embedded setup generates a secret once and keeps it in DATA_DIR", () => {
    const dir = tempDir();
    const first = parseEnv({ NODE_ENV: "production", DATA_DIR: dir });
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    const stored = path.join(dir, "session-secret");
    expect(fs.readFileSync(stored, "utf8").trim()).toBe(first.SESSION_SECRET);
    if (process.platform !== "win32") expect(fs.statSync(stored).mode & 0o077).toBe(0);
    expect(parseEnv({ NODE_ENV: "production", DATA_DIR: dir }).SESSION_SECRET).toBe(first.SESSION_SECRET);
    // Another data directory gets its own secret.
    expect(parseEnv({ NODE_ENV: "production", DATA_DIR: tempDir() }).SESSION_SECRET).not.toBe(first.SESSION_SECRET);
  });

  it("a given SESSION_SECRET is used as is and nothing is written", () => {
    const dir = tempDir();
    expect(parseEnv({ DATA_DIR: dir, SESSION_SECRET: SECRET }).SESSION_SECRET).toBe(SECRET);
    expect(fs.existsSync(path.join(dir, "session-secret"))).toBe(false);
  });

  it("an https PUBLIC_URL makes the setup secure; http does not", () => {
    const https = parseEnv({ DATA_DIR: tempDir(), SESSION_SECRET: SECRET, PUBLIC_URL: "https://beteiligung.example.de/" });
    expect(https.secure).toBe(true);
    expect(https.PUBLIC_URL).toBe("https://beteiligung.example.de");
    expect(parseEnv({ DATA_DIR: tempDir(), SESSION_SECRET: SECRET, PUBLIC_URL: "http://beteiligung.example.de" }).secure).toBe(false);
  });

  it("fills in sensible defaults", () => {
    const dir = tempDir();
    const settings = parseEnv({ DATA_DIR: dir, SESSION_SECRET: SECRET });
    expect(settings).toMatchObject({
      NODE_ENV: "production",
      PORT: 3000,
      HOST: "0.0.0.0",
      PUBLIC_URL: "http://localhost:3000",
      secure: false,
      DATA_DIR: dir,
    });
    expect(settings.SMTP_URL).toBeUndefined();
    expect(settings.DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATA_DIR: dir, SESSION_SECRET: SECRET, PORT: "8080" }).PUBLIC_URL).toBe("http://localhost:8080");
  });

  it("TRUST_PROXY: loopback by default; takes what express takes (hops, addresses, CIDR ranges, names)", () => {
    const dir = tempDir();
    const trust = (value?: string) =>
      parseEnv({ DATA_DIR: dir, SESSION_SECRET: SECRET, ...(value === undefined ? {} : { TRUST_PROXY: value }) }).TRUST_PROXY;
    expect(trust()).toBe("loopback");
    expect(trust("  ")).toBe("loopback");
    expect(trust("2")).toBe(2);
    expect(trust("0")).toBe(0);
    expect(trust("false")).toBe(false);
    expect(trust("true")).toBe(true);
    expect(trust("10.0.0.0/8, 192.168.1.10")).toBe("10.0.0.0/8, 192.168.1.10");
    expect(trust("loopback,uniquelocal,linklocal")).toBe("loopback,uniquelocal,linklocal");
    expect(trust("fd00::/8,::1")).toBe("fd00::/8,::1");
    expect(trust("172.16.0.0/255.240.0.0")).toBe("172.16.0.0/255.240.0.0");
  });

  it("TRUST_PROXY: a value express cannot read stops the start with a message that names the setting", () => {
    for (const value of ["proxy.example.de", "10.0.0.0/33", "loopback,", "1.2.3", "-1", "ja"]) {
      const message = errorOf({ DATA_DIR: tempDir(), SESSION_SECRET: SECRET, TRUST_PROXY: value }).message;
      expect(message, value).toContain("TRUST_PROXY:");
      expect(message, value).toContain("CIDR");
    }
  });
});
