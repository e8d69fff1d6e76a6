import { env } from "../app/lib/env.server";
import { openDatabase, type OpenDatabase } from "../app/lib/db.server";
import { migrateToLatest } from "../db/migrate";

// Opens the configured database for a command-line task, migrates it, runs the task and closes it.
export async function withDatabase(task: (database: OpenDatabase) => Promise<void>) {
  let database: OpenDatabase | undefined;
  try {
    const settings = env();
    database = await openDatabase({ databaseUrl: settings.DATABASE_URL, dataDir: settings.DATA_DIR });
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Migrationen ausgeführt: ${applied.join(", ")}` : "Die Datenbank ist auf dem neuesten Stand.");
    await task(database);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}
