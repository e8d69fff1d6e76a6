import { sql } from "kysely";
import type { Queryable } from "~/lib/db.server";

export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
  /** The one-click unsubscribe link (sent as List-Unsubscribe); only for mails one can unsubscribe from. */
  unsubscribeUrl?: string | null;
}

const row = (mail: OutgoingMail) => ({
  to_address: mail.to,
  subject: mail.subject,
  body_text: mail.body,
  unsubscribe_url: mail.unsubscribeUrl ?? null,
});

export function insertMail(db: Queryable, mail: OutgoingMail) {
  return db.insertInto("mail_outbox").values(row(mail)).returning(["id"]).executeTakeFirstOrThrow();
}

/** Many mails in few statements (chunks keep each statement's parameters well under PostgreSQL's limit). */
export async function insertMails(db: Queryable, mails: OutgoingMail[]) {
  for (let i = 0; i < mails.length; i += 1000) {
    await db
      .insertInto("mail_outbox")
      .values(mails.slice(i, i + 1000).map(row))
      .execute();
  }
}

/**
 * Takes due messages for delivery by pushing their next attempt a lease ahead, so no other worker takes them
 * meanwhile; a worker that dies mid-send leaves them to be retried when the lease ends.
 */
export function claimDueMail(db: Queryable, limit: number, leaseSeconds: number) {
  return db
    .updateTable("mail_outbox")
    .set({ next_attempt_at: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where("id", "in", (eb) =>
      eb
        .selectFrom("mail_outbox")
        .select("id")
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", sql<Date>`now()`)
        .orderBy("id")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export function markMail(db: Queryable, id: string, status: "sent" | "logged") {
  return db
    .updateTable("mail_outbox")
    .set({ status, sent_at: sql`now()`, attempts: sql`attempts + 1`, last_error: null })
    .where("id", "=", id)
    .execute();
}

export function markMailAttemptFailed(db: Queryable, id: string, error: string, retryInSeconds: number | null) {
  return db
    .updateTable("mail_outbox")
    .set({
      attempts: sql`attempts + 1`,
      last_error: error.slice(0, 1000),
      status: retryInSeconds === null ? "failed" : "pending",
      next_attempt_at: sql`now() + make_interval(secs => ${retryInSeconds ?? 0})`,
    })
    .where("id", "=", id)
    .execute();
}

export function listMail(db: Queryable, limit: number, offset: number) {
  return db.selectFrom("mail_outbox").selectAll().orderBy("id", "desc").limit(limit).offset(offset).execute();
}

export async function countMail(db: Queryable) {
  const row = await db
    .selectFrom("mail_outbox")
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return row.count;
}
