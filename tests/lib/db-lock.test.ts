import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseLockedError, openDatabase, type OpenDatabase } from "~/lib/db.server";

// Each open of a PGlite directory costs seconds and much memory: this file opens as few times as it can.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ratschlag-lock-"));
const lockFile = path.join(dataDir, "pgdata.lock");
const open: OpenDatabase[] = [];

async function openHere() {
  const database = await openDatabase({ dataDir });
  open.push(database);
  return database;
}

/** The error a second open gives; if it wrongly succeeds, that database is closed again and null returned. */
async function secondOpenError(): Promise<unknown> {
  try {
    const wrongly = await openDatabase({ dataDir });
    open.push(wrongly);
    return null;
  } catch (error) {
    return error;
  }
}

afterAll(async () => {
  for (const database of open) await database.close().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

describe("the embedded database's lock file", () => {
  it("a second open of the same directory is refused with a German message naming the directory; after close it opens again", async () => {
    const first = await openHere();
    await first.db.selectNoFrom((eb) => eb.val(1).as("one")).execute();
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(process.pid));

    const error = await secondOpenError();
    expect(error).toBeInstanceOf(DatabaseLockedError);
    expect((error as Error).message).toContain(dataDir);
    expect((error as Error).message).toMatch(/Datenbank|benutzt/);
    // The refused open did not take the lock away from the first.
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(process.pid));

    await first.close();
    expect(fs.existsSync(lockFile)).toBe(false);

    const again = await openHere();
    await again.db.selectNoFrom((eb) => eb.val(1).as("one")).execute();
    await again.close();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it("a lock held by another live process is refused without touching the database", async () => {
    const other = process.ppid;
    expect(isAlive(other)).toBe(true);
    fs.writeFileSync(lockFile, String(other));
    try {
      const error = await secondOpenError();
      expect(error).toBeInstanceOf(DatabaseLockedError);
      expect((error as Error).message).toContain(String(other));
      expect(fs.readFileSync(lockFile, "utf8")).toBe(String(other));
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  });

  it("a stale lock left by a dead process is taken over", async () => {
    const dead = 999999;
    expect(isAlive(dead)).toBe(false);
    fs.writeFileSync(lockFile, String(dead));
    const database = await openHere();
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(process.pid));
    await database.db.selectNoFrom((eb) => eb.val(1).as("one")).execute();
    await database.close();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
