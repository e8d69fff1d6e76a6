import crypto from "node:crypto";
import pg from "pg";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { openDatabase, type DB, type OpenDatabase } from "~/lib/db.server";
import { migrateToLatest } from "../../db/migrate";

// Each test file gets its own database: an in-memory PGlite, or with TEST_DATABASE_URL a fresh schema on
// PostgreSQL (so files can run in parallel). Before each test every table is emptied.

export const usingPostgres = !!process.env.TEST_DATABASE_URL;

export function useTestDatabase(): { readonly db: DB } {
  let database: OpenDatabase | undefined;
  let schema: string | undefined;
  const handle = {
    get db(): DB {
      if (!database) throw new Error("test database not open yet");
      return database.db;
    },
  };

  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      schema = `t_${crypto.randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      database = await openDatabase({ databaseUrl: url, searchPath: schema });
    } else {
      database = await openDatabase({});
    }
    await migrateWhileOthersDropSchemas(database.db, schema);
  });

  // Every table the migrations made, so a new migration needs no change here.
  let tables: string[] = [];
  beforeEach(async () => {
    if (tables.length === 0) {
      const rows = await sql<{ tablename: string }>`
        select tablename from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(handle.db);
      tables = rows.rows.map((r) => r.tablename);
    }
    await sql`truncate ${sql.join(tables.map((t) => sql.table(t)))} restart identity cascade`.execute(handle.db);
  });

  afterAll(async () => {
    if (!database) return;
    if (schema) await sql`drop schema ${sql.id(schema)} cascade`.execute(database.db);
    await database.close();
  });

  return handle;
}

// Kysely's migrator looks up existing tables across every schema of the database (has_schema_privilege,
// pg_get_serial_sequence on each). Test files run side by side on PostgreSQL, each in its own schema, and one that ends
// drops its schema: if that happens during the look-up, PostgreSQL answers "schema … does not exist" (3F000) for the
// other file's schema. The look-up is simply tried again.
async function migrateWhileOthersDropSchemas(db: DB, schema: string | undefined) {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(db, { schema });
      return;
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (code !== "3F000" || attempt >= 5) throw error;
    }
  }
}
