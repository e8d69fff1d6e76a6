import { sql, type Kysely } from "kysely";

// Comment counts adjust by the change, as vote counts always did (decision 0006, corrected). The old comment trigger
// recounted with a subquery; under READ COMMITTED that subquery cannot see a parallel transaction's comment, so 40
// parallel comments were stored as a count of 32 on PostgreSQL. Adding +1/-1 to the row instead makes parallel writers
// queue on the proposal's row lock and each add its own change to the latest value. The counts are rebuilt once here.
export async function up(db: Kysely<any>): Promise<void> {
  // A comment counts for its proposal while it is neither hidden nor deleted. Insert, delete, hide, restore, delete
  // by its author and a move to another proposal (or to a section) each add the difference; nothing else counts.
  await sql`create or replace function proposal_comment_tally() returns trigger language plpgsql as $$
    declare
      was_counted int := 0;
      is_counted int := 0;
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.proposal_id is not null and old.hidden_at is null and old.deleted_at is null then
        was_counted := 1;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.proposal_id is not null and new.hidden_at is null and new.deleted_at is null then
        is_counted := 1;
      end if;
      if tg_op = 'UPDATE' and old.proposal_id is not distinct from new.proposal_id then
        if is_counted <> was_counted then
          update proposals set comment_count = comment_count + is_counted - was_counted where id = new.proposal_id;
        end if;
        return null;
      end if;
      if was_counted = 1 then
        update proposals set comment_count = comment_count - 1 where id = old.proposal_id;
      end if;
      if is_counted = 1 then
        update proposals set comment_count = comment_count + 1 where id = new.proposal_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger comments_tally on comments`.execute(db);
  await sql`create trigger comments_tally after insert or delete or update of hidden_at, deleted_at, proposal_id on comments
    for each row execute function proposal_comment_tally()`.execute(db);

  // The vote function already handles a vote moved to another proposal; let the trigger fire for that too.
  await sql`drop trigger votes_tally on votes`.execute(db);
  await sql`create trigger votes_tally after insert or delete or update of value, proposal_id on votes
    for each row execute function proposal_vote_tally()`.execute(db);

  await recount(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger votes_tally on votes`.execute(db);
  await sql`create trigger votes_tally after insert or delete or update of value on votes
    for each row execute function proposal_vote_tally()`.execute(db);
  await sql`create or replace function proposal_comment_tally() returns trigger language plpgsql as $$
    declare target bigint := coalesce(new.proposal_id, old.proposal_id);
    begin
      update proposals set comment_count = (
        select count(*) from comments c where c.proposal_id = target and c.hidden_at is null and c.deleted_at is null)
      where id = target;
      return null;
    end $$`.execute(db);
  await sql`drop trigger comments_tally on comments`.execute(db);
  await sql`create trigger comments_tally after insert or delete or update of hidden_at, deleted_at on comments
    for each row execute function proposal_comment_tally()`.execute(db);
}

/** Every proposal's tallies from the rows (repairs counts that drifted under the old trigger). */
async function recount(db: Kysely<any>) {
  await sql`with truth as (
      select p.id,
        (select count(*)::int from votes v where v.proposal_id = p.id and v.value = 1) as f,
        (select count(*)::int from votes v where v.proposal_id = p.id and v.value = -1) as a,
        (select count(*)::int from comments c where c.proposal_id = p.id and c.hidden_at is null and c.deleted_at is null) as c
      from proposals p)
    update proposals p set votes_for = t.f, votes_against = t.a, comment_count = t.c
    from truth t
    where t.id = p.id and (p.votes_for, p.votes_against, p.comment_count) is distinct from (t.f, t.a, t.c)`.execute(db);
}
