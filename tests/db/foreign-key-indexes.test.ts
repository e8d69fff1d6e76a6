import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import type { Queryable } from "~/lib/db.server";

// Issue 8, item 11: every foreign key has an index whose leading columns are the key's columns (in any order), so
// that reading a person's, a file's or a category's rows, and deleting the referenced row, never scans the table.
// Read from pg_catalog, so it holds for every migration to come; the same on PostgreSQL and PGlite.

const t = useTestDatabase();

/** The foreign keys of the current schema that no index leads with, as "table(columns)". */
async function foreignKeysWithoutIndex(db: Queryable) {
  const { rows } = await sql<{ fk: string }>`
    select c.conrelid::regclass::text || '(' || array_to_string(array(
        select a.attname from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k
      ), ', ') || ')' as fk
    from pg_constraint c
    join pg_class r on r.oid = c.conrelid
    join pg_namespace n on n.oid = r.relnamespace
    where c.contype = 'f' and n.nspname = current_schema()
      and not exists (
        select 1 from pg_index i
        where i.indrelid = c.conrelid
          and i.indnkeyatts >= cardinality(c.conkey)
          and array(select i.indkey[s] from generate_series(0, cardinality(c.conkey) - 1) s)::int2[] @> c.conkey
          and array(select i.indkey[s] from generate_series(0, cardinality(c.conkey) - 1) s)::int2[] <@ c.conkey)
    order by 1`.execute(db);
  return rows.map((r) => r.fk);
}

describe("indexes for foreign keys", () => {
  it("every foreign key has an index that leads with its columns", async () => {
    const { count } = (
      await sql<{ count: number }>`
        select count(*)::int as count from pg_constraint c join pg_class r on r.oid = c.conrelid
        join pg_namespace n on n.oid = r.relnamespace where c.contype = 'f' and n.nspname = current_schema()`.execute(t.db)
    ).rows[0];
    expect(count).toBeGreaterThan(30); // the check looks at the real schema, not at nothing
    expect(await foreignKeysWithoutIndex(t.db)).toEqual([]);
  });

  it("the check finds a foreign key without an index, and one that an index only follows", async () => {
    await t.db
      .transaction()
      .execute(async (tx) => {
        await sql`create table fk_probe (id bigint primary key, user_id bigint references users (id),
          proposal_id bigint references proposals (id), category_id bigint references categories (id))`.execute(tx);
        await sql`create index fk_probe_category on fk_probe (category_id)`.execute(tx);
        await sql`create index fk_probe_not_leading on fk_probe (id, proposal_id)`.execute(tx);
        const probe = (await foreignKeysWithoutIndex(tx)).filter((fk) => fk.startsWith("fk_probe("));
        expect(probe).toEqual(["fk_probe(proposal_id)", "fk_probe(user_id)"]);
        throw new Error("rollback");
      })
      .catch((error: Error) => {
        if (error.message !== "rollback") throw error;
      });
  });
});
