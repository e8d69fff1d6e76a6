import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

/**
 * A tsquery source that matches any of the words, each also as a prefix (the last word is often half typed).
 * Only letters and digits reach to_tsquery, so no input can make it fail; stop words drop out by themselves.
 */
export function anyWordQuery(words: string[]): string {
  return words
    .map((w) => w.replace(/[^\p{L}\p{N}]+/gu, "").slice(0, 50))
    .filter((w) => w.length > 0)
    .map((w) => `${w}:*`)
    .join(" | ");
}

/**
 * Up to `limit` visible proposals of one consultation whose title or text share words with `words`, best match
 * first (ts_rank over the generated German `search` vector, whose GIN index serves the match). Uses only core
 * full-text search, so it runs the same on PostgreSQL and PGlite.
 */
export function similarProposals(db: Queryable, consultationId: string, words: string[], limit: number) {
  const source = anyWordQuery(words);
  if (!source) return Promise.resolve([]);
  const query = sql`to_tsquery('german', ${source})`;
  return db
    .selectFrom("proposals as p")
    .leftJoin("categories as cat", "cat.id", "p.category_id")
    .select(["p.id", "p.title", "cat.name as categoryName", "cat.color as categoryColor"])
    .where("p.consultation_id", "=", consultationId)
    .where("p.hidden_at", "is", null)
    .where(sql<boolean>`p.search @@ ${query}`)
    .orderBy(sql`ts_rank(p.search, ${query})`, "desc")
    .orderBy("p.id", "desc")
    .limit(limit)
    .execute();
}
