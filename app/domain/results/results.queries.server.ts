import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { ResultFigures } from "../../../db/schema";

export function findReport(db: Queryable, consultationId: string) {
  return db
    .selectFrom("result_reports as r")
    .innerJoin("users as u", "u.id", "r.author_id")
    .select([
      "r.id",
      "r.consultation_id as consultationId",
      "r.summary_md as summaryMd",
      "r.figures",
      "r.published_at as publishedAt",
      "r.updated_at as updatedAt",
      "u.display_name as authorName",
    ])
    .where("r.consultation_id", "=", consultationId)
    .executeTakeFirst();
}

export function upsertReportDraft(db: Queryable, consultationId: string, authorId: string, summary: string) {
  return db
    .insertInto("result_reports")
    .values({ consultation_id: consultationId, author_id: authorId, summary_md: summary })
    .onConflict((oc) => oc.column("consultation_id").doUpdateSet({ summary_md: summary, author_id: authorId, updated_at: sql`now()` }))
    .execute();
}

export function markReportPublished(db: Queryable, consultationId: string, figures: ResultFigures) {
  return db
    .updateTable("result_reports")
    .set({ figures: JSON.stringify(figures), published_at: sql`now()`, updated_at: sql`now()` })
    .where("consultation_id", "=", consultationId)
    .where("published_at", "is", null)
    .executeTakeFirst();
}

/** Reports with their consultation's title, newest first; unpublished ones only when asked for. */
export async function listReports(db: Queryable, opts: { includeUnpublished: boolean; limit: number; offset: number }) {
  let query = db
    .selectFrom("result_reports as r")
    .innerJoin("consultations as c", "c.id", "r.consultation_id")
    .where("c.published_at", "is not", null);
  if (!opts.includeUnpublished) query = query.where("r.published_at", "is not", null);
  const rows = await query
    .select([
      "r.consultation_id as consultationId",
      "c.title",
      "c.closes_at as closesAt",
      "r.published_at as publishedAt",
      "r.updated_at as updatedAt",
    ])
    .orderBy(sql`r.published_at desc nulls first`)
    .orderBy("r.id", "desc")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  const { count } = await query.select(sql<number>`count(*)::int`.as("count")).executeTakeFirstOrThrow();
  return { rows, total: count };
}

/** The figures of a consultation, computed from the stored contributions (hidden ones do not count). */
export async function computeFigures(db: Queryable, consultationId: string): Promise<ResultFigures> {
  const totals = await sql<{
    participants: number;
    proposals: number;
    comments: number;
    votes_for: number;
    votes_against: number;
  }>`
    with visible as (
      select id, author_id from proposals where consultation_id = ${consultationId} and hidden_at is null
    ),
    visible_comments as (
      select c.author_id from comments c join visible p on p.id = c.proposal_id where c.hidden_at is null and c.deleted_at is null
      union all
      -- Comments on the sections of the consultation's texts count as well.
      select c.author_id from comments c
        join document_sections s on s.id = c.section_id
        join documents d on d.id = s.document_id
      where d.consultation_id = ${consultationId} and c.hidden_at is null and c.deleted_at is null
    ),
    visible_votes as (
      select v.user_id, v.value from votes v join visible p on p.id = v.proposal_id
    )
    select
      (select count(*)::int from (
         select author_id as person from visible
         union select author_id from visible_comments
         union select user_id from visible_votes) people) as participants,
      (select count(*)::int from visible) as proposals,
      (select count(*)::int from visible_comments) as comments,
      (select count(*)::int from visible_votes where value = 1) as votes_for,
      (select count(*)::int from visible_votes where value = -1) as votes_against
  `.execute(db);
  const top = await sql<{ id: string; title: string; votes_for: number; votes_against: number }>`
    select p.id, p.title,
      count(*) filter (where v.value = 1)::int as votes_for,
      count(*) filter (where v.value = -1)::int as votes_against
    from proposals p left join votes v on v.proposal_id = p.id
    where p.consultation_id = ${consultationId} and p.hidden_at is null
    group by p.id, p.title
    order by coalesce(sum(v.value), 0) desc, count(v.value) desc, p.id
    limit 5
  `.execute(db);
  const t = totals.rows[0];
  return {
    participants: t.participants,
    proposals: t.proposals,
    comments: t.comments,
    votes: t.votes_for + t.votes_against,
    votesFor: t.votes_for,
    votesAgainst: t.votes_against,
    topProposals: top.rows.map((r) => ({
      id: String(r.id),
      title: r.title,
      votesFor: r.votes_for,
      votesAgainst: r.votes_against,
      net: r.votes_for - r.votes_against,
    })),
  };
}
