import { type CurrentUser, isAdmin } from "../accounts/accounts.policy";

// Who reads the outbox. Pure: the outbox page lets in by it, and the layout shows its link by the same function.

/** How mail leaves this installation: by SMTP, or it stays in the outbox; and whether this is production. */
export interface MailSetup {
  smtp: boolean;
  production: boolean;
}

/**
 * Why this person may not read the outbox, or null. With SMTP there is no outbox to read; without, it is readable in
 * development for everyone, in production for admins. Refused as not_found: the page's existence is no one's business.
 */
export function mailboxRefusal(user: CurrentUser | null, setup: MailSetup): "not_found" | null {
  if (setup.smtp) return "not_found";
  return !setup.production || isAdmin(user) ? null : "not_found";
}
