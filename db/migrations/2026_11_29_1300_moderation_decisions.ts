import { sql, type Kysely } from "kysely";

// Moderation in depth (issue 9, decision 0017).
// - Why something is hidden: hidden_kind says who hid it — "decision" (a moderator), "automatic" (auto-hide after N
//   reports, pending review) or "review" (pre-moderation: waiting for approval). Every hidden row keeps out of every
//   figure through hidden_at, as before. hidden_rule names the house rule (its anchor, "regel-3" or "zusatz-1").
// - A proposal's photo is hidden on its own (photo_hidden_*), the proposal stays.
// - Per consultation: auto-hide after N distinct reports (null: off), and pre-moderation.
// - Suspension of accounts by admins.
// - The audit log is the record of every decision: the statement of reasons is read from it, objections point at it,
//   the transparency pages count from it. An automatic decision has no actor.
// - Objections (Widerspruch): one per decision, decided by a different person than the one who decided.
const HIDDEN_KINDS = ["decision", "automatic", "review"];
const list = (values: string[]) => sql.join(values.map((v) => sql.lit(v)));

/** Adds <prefix>hidden_kind and <prefix>hidden_rule; rows hidden before were hidden by a moderator. */
async function addHiddenKind(db: Kysely<any>, table: string, prefix: string) {
  const at = sql.ref(`${prefix}hidden_at`);
  const kind = sql.ref(`${prefix}hidden_kind`);
  await sql`alter table ${sql.table(table)} add column ${kind} text, add column ${sql.ref(`${prefix}hidden_rule`)} text`.execute(db);
  await sql`update ${sql.table(table)} set ${kind} = 'decision' where ${at} is not null`.execute(db);
  // A person's decision has its author and reason; an automatic one or a waiting item has neither.
  const by = sql.ref(`${prefix}hidden_by`);
  const reason = sql.ref(`${prefix}hidden_reason`);
  if (!prefix) await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(`${table}_hidden_complete`)}`.execute(db);
  await sql`alter table ${sql.table(table)}
    add constraint ${sql.ref(`${table}_${prefix}hidden_kind`)} check (${kind} in (${list(HIDDEN_KINDS)})),
    add constraint ${sql.ref(`${table}_${prefix}hidden_together`)} check ((${at} is null) = (${kind} is null)),
    add constraint ${sql.ref(`${table}_${prefix}hidden_by_person`)} check (
      case when ${kind} = 'decision' then ${by} is not null and ${reason} is not null else ${by} is null and ${reason} is null end)`.execute(
    db,
  );
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table proposals
    add column photo_hidden_at timestamptz,
    add column photo_hidden_by bigint references users(id),
    add column photo_hidden_reason text`.execute(db);
  await addHiddenKind(db, "proposals", "");
  await addHiddenKind(db, "comments", "");
  await addHiddenKind(db, "proposals", "photo_");
  await db.schema.createIndex("proposals_photo_hidden_by").on("proposals").column("photo_hidden_by").execute();
  // The queue of items waiting for approval (pre-moderation), oldest first.
  await sql`create index proposals_in_review on proposals (created_at) where hidden_kind = 'review'`.execute(db);
  await sql`create index comments_in_review on comments (created_at) where hidden_kind = 'review'`.execute(db);
  // Staff's list of visible proposals still waiting for an official answer, oldest first.
  await sql`create index proposals_visible_by_age on proposals (created_at, id) where hidden_at is null`.execute(db);

  await sql`alter table consultations
    add column auto_hide_threshold integer,
    add column premoderated boolean not null default false,
    add constraint consultations_auto_hide_threshold check (auto_hide_threshold between 1 and 50)`.execute(db);

  await sql`alter table users
    add column suspended_until timestamptz,
    add column suspension_reason text,
    add constraint users_suspension_together check ((suspended_until is null) = (suspension_reason is null))`.execute(db);

  await sql`alter table audit_log
    alter column actor_id drop not null,
    add column consultation_id bigint references consultations(id) on delete set null,
    add column subject_id bigint references users(id) on delete set null,
    add column rule text,
    add column rule_text text`.execute(db);
  await db.schema.createIndex("audit_log_consultation").on("audit_log").columns(["consultation_id", "created_at"]).execute();
  await db.schema.createIndex("audit_log_subject").on("audit_log").column("subject_id").execute();
  await db.schema.createIndex("audit_log_target").on("audit_log").columns(["target_type", "target_id", "id"]).execute();
  await db.schema.createIndex("audit_log_action").on("audit_log").columns(["action", "created_at"]).execute();

  // Reports carry their consultation (the queue filters by it) and the decision that closed them.
  await sql`alter table flags
    add column consultation_id bigint references consultations(id) on delete cascade,
    add column decision_id bigint references audit_log(id)`.execute(db);
  await sql`update flags f set consultation_id = p.consultation_id from proposals p
    where f.contribution_type in ('proposal', 'photo') and p.id = f.contribution_id`.execute(db);
  await sql`update flags f set consultation_id = coalesce(p.consultation_id, d.consultation_id)
    from comments c left join proposals p on p.id = c.proposal_id
      left join document_sections s on s.id = c.section_id left join documents d on d.id = s.document_id
    where f.contribution_type = 'comment' and c.id = f.contribution_id`.execute(db);
  await sql`delete from flags where consultation_id is null`.execute(db);
  await sql`alter table flags alter column consultation_id set not null`.execute(db);
  await sql`create index flags_open_by_consultation on flags (consultation_id, created_at) where decided_at is null`.execute(db);
  await db.schema.createIndex("flags_decision").on("flags").column("decision_id").execute();

  await db.schema
    .createTable("objections")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("decision_id", "bigint", (c) => c.notNull().unique().references("audit_log.id"))
    .addColumn("contribution_type", "text", (c) => c.notNull())
    .addColumn("contribution_id", "bigint", (c) => c.notNull())
    .addColumn("consultation_id", "bigint", (c) => c.notNull().references("consultations.id").onDelete("cascade"))
    .addColumn("author_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull())
    // Who made the contested decision (null: automatic); the one who decides the objection must be someone else.
    .addColumn("decided_against_by", "bigint", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decided_by", "bigint", (c) => c.references("users.id"))
    .addColumn("outcome", "text")
    .addColumn("outcome_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("objections_body_length", sql`char_length(body) between 1 and 2000`)
    .addCheckConstraint("objections_outcome", sql`outcome in ('upheld', 'restored')`)
    .addCheckConstraint("objections_decided_together", sql`num_nonnulls(decided_at, decided_by, outcome, outcome_reason) in (0, 4)`)
    .addCheckConstraint("objections_other_person", sql`decided_by is distinct from decided_against_by or decided_by is null`)
    .execute();
  await sql`create index objections_open on objections (created_at) where decided_at is null`.execute(db);
  await sql`create index objections_decided on objections (decided_at desc) where decided_at is not null`.execute(db);
  await db.schema.createIndex("objections_consultation").on("objections").column("consultation_id").execute();
  await db.schema.createIndex("objections_author").on("objections").column("author_id").execute();
  await db.schema.createIndex("objections_decided_against_by").on("objections").column("decided_against_by").execute();
  await db.schema.createIndex("objections_decided_by").on("objections").column("decided_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("objections").execute();
  await sql`alter table flags drop column consultation_id, drop column decision_id`.execute(db);
  // actor_id stays nullable: the log is append-only, its automatic entries cannot be removed.
  await sql`alter table audit_log drop column consultation_id, drop column subject_id, drop column rule, drop column rule_text`.execute(db);
  await sql`alter table users drop column suspended_until, drop column suspension_reason`.execute(db);
  await sql`alter table consultations drop column auto_hide_threshold, drop column premoderated`.execute(db);
  await sql`alter table proposals drop column hidden_kind, drop column hidden_rule, drop column photo_hidden_kind,
    drop column photo_hidden_rule, drop column photo_hidden_at, drop column photo_hidden_by, drop column photo_hidden_reason`.execute(db);
  await sql`alter table comments drop column hidden_kind, drop column hidden_rule`.execute(db);
  for (const table of ["proposals", "comments"])
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_hidden_complete`)}
      check (num_nulls(hidden_at, hidden_by, hidden_reason) in (0, 3))`.execute(db);
}
