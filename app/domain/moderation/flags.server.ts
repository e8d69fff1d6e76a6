import type { DB } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { flagReceiptMail } from "~/i18n/mails";
import type { CurrentUser } from "../accounts/accounts.policy";
import { enqueueMail } from "../mail/mail.server";
import * as limits from "../ratelimits/ratelimits.server";
import { type ContributionRef, loadContribution } from "./contributions.server";
import { type FlagRefusal, flagRefusal } from "./moderation.policy";
import type { FlagInput } from "./flags.schema";
import * as q from "./flags.queries.server";
import { recordAudit } from "./moderation.server";
import { autoHideIfReported } from "./decisions.server";

export type ReportResult =
  { ok: true; id: string; created: boolean; url: string } | { ok: false; reason: FlagRefusal | "rate_limited"; retryAfter?: number };

// A person reports a contribution (proposal, comment, photo) to the moderators with a reason and an optional note;
// reporting the same item again replaces reason and note. Counts against the person's daily report limit and the
// contribution limit; the reporter gets a receipt by mail (outbox) and the audit log an entry, in one transaction.
// Enough reports hide the item at once when its consultation has auto-hide on (decisions.server.ts).
// Results: ok with the flag's id, whether it is new, and the item's page | rate_limited | the flagRefusal reasons.
export async function reportContribution(db: DB, user: CurrentUser | null, ref: ContributionRef, input: FlagInput): Promise<ReportResult> {
  return db.transaction().execute(async (tx): Promise<ReportResult> => {
    const item = await loadContribution(tx, ref);
    if (!item) return { ok: false, reason: "not_found" };
    const refusal = flagRefusal(user, item);
    if (refusal || !user) return { ok: false, reason: refusal ?? "login_required" };
    // Both limits are looked at (their keys locked until commit) before either records, so a refusal records nothing.
    const wait = Math.max(await limits.retryAfter(tx, "flagUser", user.id), await limits.retryAfter(tx, "contributionUser", user.id));
    if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait };
    await limits.hit(tx, "flagUser", user.id);
    await limits.hit(tx, "contributionUser", user.id);
    const flag = await q.upsertFlag(tx, {
      ref,
      consultationId: item.consultation.id,
      reporterId: user.id,
      reason: input.reason,
      note: input.note || null,
    });
    const mail = flagReceiptMail(user.displayName, { type: ref.type, excerpt: item.excerpt }, `${env().PUBLIC_URL}${item.url}`);
    await enqueueMail(tx, { to: user.email, subject: mail.subject, body: mail.body });
    await recordAudit(tx, {
      actorId: user.id,
      action: "flag",
      targetType: ref.type,
      targetId: ref.id,
      reason: input.reason,
      consultationId: item.consultation.id,
      subjectId: item.authorId,
    });
    await autoHideIfReported(tx, item);
    return { ok: true, id: String(flag.id), created: flag.created, url: item.url };
  });
}

// What the report form shows of a contribution for this person: its kind, excerpt and page, and the reason and note
// they gave before (when they report again). Results: ok | the flagRefusal reasons.
export async function flagFormData(db: DB, user: CurrentUser | null, ref: ContributionRef) {
  const item = await loadContribution(db, ref);
  if (!item) return { ok: false, reason: "not_found" } as const;
  const refusal = flagRefusal(user, item);
  if (refusal || !user) return { ok: false, reason: refusal ?? "login_required" } as const;
  const previous = await q.findFlag(db, ref, user.id);
  return {
    ok: true,
    item: { type: ref.type, id: ref.id, excerpt: item.excerpt, url: item.url, consultationTitle: item.consultation.title },
    previous: previous ? { reason: previous.reason, note: previous.note ?? "" } : null,
  } as const;
}
