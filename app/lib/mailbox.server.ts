import { env } from "./env.server";
import { isAdmin, type CurrentUser } from "~/domain/accounts/accounts.policy";

/** Without SMTP, mails stay in the outbox: readable in development, and for admins in production. */
export function mailboxVisible(user: CurrentUser | null): boolean {
  const settings = env();
  if (settings.SMTP_URL) return false;
  return settings.NODE_ENV !== "production" || isAdmin(user);
}
