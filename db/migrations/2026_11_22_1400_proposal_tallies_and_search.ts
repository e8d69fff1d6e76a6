import { sql, type Kysely } from "kysely";

// Tallies kept on each proposal for sorting (net votes, comments) and a German full-text vector for search.
// Triggers keep the tallies exact inside the same transaction as the vote or comment, whatever code writes them;
// a vote locks only its own proposal's row, never a shared counter. recomputeTallies() rebuilds them from the truth.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table proposals
    add column votes_for integer not null default 0,
    add column votes_against integer not null default 0,
    add column comment_count integer not null default 0,
    add column votes_net integer generated always as (votes_for - votes_against) stored,
    add column search tsvector generated always as (
      setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', body_md), 'B')) stored`.execute(db);

  await sql`update proposals p set
    votes_for = (select count(*) from votes v where v.proposal_id = p.id and v.value = 1),
    votes_against = (select count(*) from votes v where v.proposal_id = p.id and v.value = -1),
    comment_count = (select count(*) from comments c where c.proposal_id = p.id and c.hidden_at is null and c.deleted_at is null)`.execute(
    db,
  );

  await db.schema.createIndex("proposals_net").on("proposals").columns(["consultation_id", "votes_net desc", "id desc"]).execute();
  await db.schema
    .createIndex("proposals_discussed")
    .on("proposals")
    .columns(["consultation_id", "comment_count desc", "id desc"])
    .execute();
  await db.schema.createIndex("proposals_category").on("proposals").columns(["consultation_id", "category_id"]).execute();
  await sql`create index proposals_search on proposals using gin (search)`.execute(db);

  // One UPDATE per vote change (none when the value stays the same).
  await sql`create function proposal_vote_tally() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.value = new.value and old.proposal_id = new.proposal_id then
        return null;
      end if;
      if tg_op = 'UPDATE' and old.proposal_id = new.proposal_id then
        update proposals set
          votes_for = votes_for + (new.value = 1)::int - (old.value = 1)::int,
          votes_against = votes_against + (new.value = -1)::int - (old.value = -1)::int
        where id = new.proposal_id;
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        update proposals set votes_for = votes_for - (old.value = 1)::int, votes_against = votes_against - (old.value = -1)::int
        where id = old.proposal_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        update proposals set votes_for = votes_for + (new.value = 1)::int, votes_against = votes_against + (new.value = -1)::int
        where id = new.proposal_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger votes_tally after insert or delete or update of value on votes
    for each row execute function proposal_vote_tally()`.execute(db);

  await sql`create function proposal_comment_tally() returns trigger language plpgsql as $$
    declare target bigint := coalesce(new.proposal_id, old.proposal_id);
    begin
      update proposals set comment_count = (
        select count(*) from comments c where c.proposal_id = target and c.hidden_at is null and c.deleted_at is null)
      where id = target;
      return null;
    end $$`.execute(db);
  await sql`create trigger comments_tally after insert or delete or update of hidden_at, deleted_at on comments
    for each row execute function proposal_comment_tally()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger comments_tally on comments`.execute(db);
  await sql`drop function proposal_comment_tally()`.execute(db);
  await sql`drop trigger votes_tally on votes`.execute(db);
  await sql`drop function proposal_vote_tally()`.execute(db);
  await sql`alter table proposals drop column search, drop column votes_net, drop column comment_count,
    drop column votes_against, drop column votes_for`.execute(db);
}
