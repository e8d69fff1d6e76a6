import { env } from "./env.server";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { mailboxRefusal, type MailSetup } from "~/domain/mail/mail.policy";

/** This installation's mail setup, for the outbox's policy (mailboxRefusal). */
export function mailSetup(): MailSetup {
  const settings = env();
  return { smtp: !!settings.SMTP_URL, production: settings.NODE_ENV === "production" };
}

/** Without SMTP, mails stay in the outbox: readable in development, and for admins in production (mailboxRefusal). */
export function mailboxVisible(user: CurrentUser | null): boolean {
  return mailboxRefusal(user, mailSetup()) === null;
}
