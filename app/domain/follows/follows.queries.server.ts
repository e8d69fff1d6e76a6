import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";
import type { FollowTarget } from "./follows.policy";

const column = (target: FollowTarget) => (target.type === "proposal" ? "proposal_id" : "consultation_id");

/**
 * Follows a target; a second follow of the same target changes nothing (the partial unique indexes
 * follows_proposal / follows_consultation decide, so concurrent double submits cannot make two rows).
 */
export function insertFollow(db: Queryable, userId: string, target: FollowTarget) {
  const col = column(target);
  return db
    .insertInto("follows")
    .values({ user_id: userId, [col]: target.id })
    .onConflict((oc) => oc.columns([col, "user_id"]).where(col, "is not", null).doNothing())
    .execute();
}

export function deleteFollow(db: Queryable, userId: string, target: FollowTarget) {
  return db.deleteFrom("follows").where("user_id", "=", userId).where(column(target), "=", target.id).execute();
}

/** Stops following a consultation and every proposal in it. */
export function deleteFollowsInConsultation(db: Queryable, userId: string, consultationId: string) {
  return db
    .deleteFrom("follows")
    .where("user_id", "=", userId)
    .where((eb) =>
      eb.or([
        eb("consultation_id", "=", consultationId),
        eb("proposal_id", "in", eb.selectFrom("proposals").select("id").where("consultation_id", "=", consultationId)),
      ]),
    )
    .execute();
}

export async function followExists(db: Queryable, userId: string, target: FollowTarget) {
  const row = await db
    .selectFrom("follows")
    .select("id")
    .where("user_id", "=", userId)
    .where(column(target), "=", target.id)
    .executeTakeFirst();
  return !!row;
}

/** One person's follows, newest first, with the titles to show (proposals with their consultation's title). */
export async function listFollowsOfUser(db: Queryable, userId: string, limit: number, offset: number) {
  const rows = await db
    .selectFrom("follows as f")
    .leftJoin("proposals as p", "p.id", "f.proposal_id")
    .leftJoin("consultations as c", (join) => join.on((eb) => eb("c.id", "=", eb.fn.coalesce("f.consultation_id", "p.consultation_id"))))
    .select([
      "f.id",
      "f.proposal_id as proposalId",
      "f.consultation_id as consultationId",
      "p.title as proposalTitle",
      "p.hidden_at as proposalHiddenAt",
      "c.id as parentConsultationId",
      "c.title as consultationTitle",
      "f.created_at as createdAt",
    ])
    .where("f.user_id", "=", userId)
    .orderBy("f.created_at", "desc")
    .orderBy("f.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  const { count } = await db
    .selectFrom("follows")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return { rows, total: count };
}

export async function findNotifyReplies(db: Queryable, userId: string) {
  const row = await db.selectFrom("users").select("notify_replies").where("id", "=", userId).executeTakeFirst();
  return row?.notify_replies ?? false;
}

export function updateNotifyReplies(db: Queryable, userId: string, on: boolean) {
  return db.updateTable("users").set({ notify_replies: on }).where("id", "=", userId).execute();
}

/** What a proposal is for following and for mails: its consultation, title and visibility. */
export function findProposalTarget(db: Queryable, proposalId: string) {
  return db
    .selectFrom("proposals")
    .select(["id", "consultation_id as consultationId", "title", "hidden_at as hiddenAt"])
    .where("id", "=", proposalId)
    .executeTakeFirst();
}

export function findConsultationTitle(db: Queryable, consultationId: string) {
  return db.selectFrom("consultations").select(["id", "title"]).where("id", "=", consultationId).executeTakeFirst();
}

export interface Recipient {
  id: string;
  email: string;
  displayName: string;
}

/** The followers of a proposal with a confirmed address, leaving out the given people. */
export function proposalFollowers(db: Queryable, proposalId: string, except: string[]): Promise<Recipient[]> {
  let query = db
    .selectFrom("follows as f")
    .innerJoin("users as u", "u.id", "f.user_id")
    .select(["u.id", "u.email", "u.display_name as displayName"])
    .where("f.proposal_id", "=", proposalId)
    .where("u.email_verified_at", "is not", null);
  if (except.length) query = query.where("u.id", "not in", except);
  return query.orderBy("u.id").execute();
}

/** The author of a comment, for the reply mail: whether they want reply mails, and whether the comment still stands. */
export function commentAuthor(db: Queryable, commentId: string) {
  return db
    .selectFrom("comments as c")
    .innerJoin("users as u", "u.id", "c.author_id")
    .select([
      "u.id",
      "u.email",
      "u.display_name as displayName",
      "u.notify_replies as notifyReplies",
      "u.email_verified_at as verifiedAt",
      "c.deleted_at as deletedAt",
    ])
    .where("c.id", "=", commentId)
    .executeTakeFirst();
}

/** The page (of `pageSize` top-level comments, oldest first, as the proposal page lists them) a top-level comment is on. */
export async function topLevelCommentPage(
  db: Queryable,
  target: { proposalId: string } | { sectionId: string },
  topLevelId: string,
  pageSize: number,
) {
  const onTarget = "proposalId" in target ? sql`c.proposal_id = ${target.proposalId}` : sql`c.section_id = ${target.sectionId}`;
  const { rows } = await sql<{ position: number }>`
    select count(*)::int as position
    from comments c, comments t
    where t.id = ${topLevelId} and ${onTarget} and c.parent_id is null
      and (c.created_at, c.id) <= (t.created_at, t.id)`.execute(db);
  return Math.max(1, Math.ceil((rows[0]?.position ?? 1) / pageSize));
}

/** Published consultations past their closing time whose followers were not told yet, oldest first. */
export async function dueClosingNotices(db: Queryable, now: Date, limit: number) {
  const rows = await db
    .selectFrom("consultations")
    .select("id")
    .where("published_at", "is not", null)
    .where("closes_at", "<=", now)
    .where("closing_notice_sent_at", "is", null)
    .orderBy("closes_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims one consultation's closing notice: marks it sent unless another run did. The row lock makes a concurrent
 * claim wait for this transaction; it then sees the mark and claims nothing. Returns the title, or undefined.
 */
export function claimClosingNotice(db: Queryable, consultationId: string, now: Date) {
  return db
    .updateTable("consultations")
    .set({ closing_notice_sent_at: sql`now()` })
    .where("id", "=", consultationId)
    .where("published_at", "is not", null)
    .where("closes_at", "<=", now)
    .where("closing_notice_sent_at", "is", null)
    .returning(["id", "title"])
    .executeTakeFirst();
}

/** Everybody who follows a consultation or any of its proposals, once each, with a confirmed address. */
export function consultationFollowers(db: Queryable, consultationId: string): Promise<Recipient[]> {
  return db
    .selectFrom("users as u")
    .select(["u.id", "u.email", "u.display_name as displayName"])
    .where("u.email_verified_at", "is not", null)
    .where("u.id", "in", (eb) =>
      eb
        .selectFrom("follows")
        .select("user_id")
        .where("consultation_id", "=", consultationId)
        .union(
          eb
            .selectFrom("follows as f")
            .innerJoin("proposals as p", "p.id", "f.proposal_id")
            .select("f.user_id")
            .where("p.consultation_id", "=", consultationId),
        ),
    )
    .orderBy("u.id")
    .execute();
}
