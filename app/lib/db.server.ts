import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import type { Database } from "../../db/schema";

export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A database handle or an open transaction: queries accept either. */
export type Queryable = Kysely<Database> | Transaction<Database>;

export interface OpenDatabase {
  db: DB;
  kind: "postgres" | "embedded";
  close: () => Promise<void>;
}

export class DatabaseLockedError extends Error {}

// Opens PostgreSQL when a URL is given, otherwise the embedded PGlite in dataDir.
// PGlite has no lock of its own against a second process, so we take a lock file.
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string; searchPath?: string }): Promise<OpenDatabase> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  return openEmbedded(options.dataDir);
}

async function openEmbedded(dataDir: string | undefined): Promise<OpenDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  let releaseLock = () => {};
  let pglite;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = takeLock(path.join(dataDir, "pgdata.lock"));
    try {
      pglite = new PGlite(path.join(dataDir, "pgdata"));
      await pglite.waitReady;
    } catch (error) {
      releaseLock();
      throw error;
    }
  } else {
    pglite = new PGlite(); // in memory, for tests
    await pglite.waitReady;
  }
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    kind: "embedded",
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

/** Lock files this process holds: a second open in the same process is refused too. */
const heldLocks = new Set<string>();

function takeLock(lockFile: string): () => void {
  if (heldLocks.has(lockFile)) {
    throw new DatabaseLockedError(
      `Die eingebettete Datenbank in ${path.dirname(lockFile)} ist in diesem Prozess schon geöffnet. ` +
        `(The embedded database is already open in this process.)`,
    );
  }
  const tryCreate = () => {
    const fd = fs.openSync(lockFile, "wx");
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
  };
  try {
    tryCreate();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = Number(fs.readFileSync(lockFile, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new DatabaseLockedError(
        `Die eingebettete Datenbank in ${path.dirname(lockFile)} wird schon von Prozess ${holder} benutzt. ` +
          `Beenden Sie ihn zuerst, oder setzen Sie DATA_DIR auf ein anderes Verzeichnis. ` +
          `(The embedded database is in use by process ${holder}.)`,
      );
    }
    // The process that held the lock is gone (or it is our own pid left from an earlier run): the lock is stale.
    fs.rmSync(lockFile, { force: true });
    tryCreate();
  }
  heldLocks.add(lockFile);
  return () => {
    heldLocks.delete(lockFile);
    fs.rmSync(lockFile, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
