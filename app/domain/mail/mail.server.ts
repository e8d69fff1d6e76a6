import nodemailer, { type Transporter } from "nodemailer";
import type { DB, Queryable } from "~/lib/db.server";
import * as q from "./mail.queries.server";

export const MAX_ATTEMPTS = 8;

export type { OutgoingMail } from "./mail.queries.server";

/**
 * Puts a message into the outbox. Call it inside the transaction of the event that causes the mail.
 * With `unsubscribeUrl` the mail is sent with List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 one-click).
 */
export function enqueueMail(db: Queryable, mail: q.OutgoingMail) {
  return q.insertMail(db, mail);
}

/** Puts many messages into the outbox at once (notifications to followers); same rules as enqueueMail. */
export function enqueueMails(db: Queryable, mails: q.OutgoingMail[]) {
  return mails.length ? q.insertMails(db, mails) : Promise.resolve();
}

/** The unsubscribe headers of a mail: the link for mail programs, and that a POST to it unsubscribes at once. */
function unsubscribeHeaders(url: string | null) {
  return url ? { list: { unsubscribe: url }, headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } } : {};
}

export function createTransport(smtpUrl: string | undefined): Transporter | null {
  return smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
}

// Delivers due messages: over SMTP when a transport is given, otherwise prints them to the log and keeps them
// readable in the outbox. A failed attempt is retried with growing pauses, up to MAX_ATTEMPTS.
// Returns the number of messages handled.
export async function deliverDueMail(
  db: DB,
  options: { transport: Transporter | null; from: string; log?: (line: string) => void; batch?: number },
): Promise<number> {
  const log = options.log ?? ((line) => console.log(line));
  // Sending happens outside any transaction: a slow SMTP server must not hold the database.
  const due = await q.claimDueMail(db, options.batch ?? 20, 300);
  due.sort((a, b) => Number(a.id) - Number(b.id));
  for (const mail of due) {
    if (!options.transport) {
      log(`[mail] An: ${mail.to_address} | Betreff: ${mail.subject}\n${mail.body_text}\n[/mail]`);
      await q.markMail(db, mail.id, "logged");
      continue;
    }
    try {
      await options.transport.sendMail({
        from: options.from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.body_text,
        ...unsubscribeHeaders(mail.unsubscribe_url),
      });
      await q.markMail(db, mail.id, "sent");
    } catch (error) {
      const attempts = mail.attempts + 1;
      const retryIn = attempts >= MAX_ATTEMPTS ? null : Math.min(3600, 30 * 2 ** (attempts - 1));
      log(`[mail] Zustellung an ${mail.to_address} fehlgeschlagen (Versuch ${attempts}): ${String(error)}`);
      await q.markMailAttemptFailed(db, mail.id, String(error), retryIn);
    }
  }
  return due.length;
}

export async function listOutbox(db: DB, page: number, pageSize: number) {
  const [items, total] = await Promise.all([q.listMail(db, pageSize, (page - 1) * pageSize), q.countMail(db)]);
  return { items, total };
}
