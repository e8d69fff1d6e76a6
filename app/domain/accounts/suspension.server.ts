import type { DB, Queryable } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { PAGE_SIZE } from "~/lib/ids";
import { suspensionLiftedMail, suspensionMail } from "~/i18n/mails";
import { enqueueMail } from "../mail/mail.server";
import { CONTRIBUTION_TYPES, type ContributionRef, type ContributionType } from "../moderation/contributions";
import { loadContributions, refKey } from "../moderation/contributions.server";
import { recordAudit } from "../moderation/moderation.server";
import { accountAdminRefusal, activeSuspension, type CurrentUser, suspensionRefusal, type SuspensionRefusal } from "./accounts.policy";
import type { LiftInput, SuspendInput } from "./suspension.schema";
import * as q from "./suspension.queries.server";

export type { AccountFilter, AccountState } from "./suspension.queries.server";

// Suspension of accounts by admins (issue 9). A suspended account still signs in and reads; it cannot contribute
// until its date has passed (accounts.policy contributorRefusal compares with now, so nobody has to lift it). Every
// change writes the account, an audit entry and a mail to the person in one transaction.

const accountUrl = () => `${env().PUBLIC_URL}/konto`;

export type SuspendResult = { ok: true; until: Date } | { ok: false; reason: SuspensionRefusal | "not_found" | "until_past" };

// Suspends an account until `input.until` with a reason; suspending again replaces the period. Admins only, not
// oneself, not another admin. Results: ok with the end | forbidden | not_found | suspend_self | suspend_admin | until_past.
export async function suspendAccount(
  db: DB,
  actor: CurrentUser | null,
  targetId: string,
  input: SuspendInput,
  now: Date = new Date(),
): Promise<SuspendResult> {
  if (accountAdminRefusal(actor)) return { ok: false, reason: "forbidden" };
  return db.transaction().execute(async (tx): Promise<SuspendResult> => {
    const target = await q.lockAccount(tx, targetId);
    if (!target) return { ok: false, reason: "not_found" };
    const refusal = suspensionRefusal(actor, target);
    if (refusal) return { ok: false, reason: refusal };
    if (input.until.getTime() <= now.getTime()) return { ok: false, reason: "until_past" };
    await q.setSuspension(tx, target.id, { until: input.until, reason: input.reason });
    await recordAudit(tx, {
      actorId: actor!.id,
      action: "suspend",
      targetType: "user",
      targetId: target.id,
      subjectId: target.id,
      reason: input.reason,
    });
    const mail = suspensionMail(target.displayName, { until: input.until, reason: input.reason, accountLink: accountUrl() });
    await enqueueMail(tx, { to: target.email, subject: mail.subject, body: mail.body });
    return { ok: true, until: input.until };
  });
}

export type LiftResult = { ok: true } | { ok: false; reason: SuspensionRefusal | "not_found" | "not_suspended" };

// Lifts a suspension before its date, with a reason. The same people as suspending. Results: ok | forbidden |
// not_found | suspend_self | suspend_admin | not_suspended (none in force: never suspended, lifted, or over).
export async function liftSuspension(
  db: DB,
  actor: CurrentUser | null,
  targetId: string,
  input: LiftInput,
  now: Date = new Date(),
): Promise<LiftResult> {
  if (accountAdminRefusal(actor)) return { ok: false, reason: "forbidden" };
  return db.transaction().execute(async (tx): Promise<LiftResult> => {
    const target = await q.lockAccount(tx, targetId);
    if (!target) return { ok: false, reason: "not_found" };
    const refusal = suspensionRefusal(actor, target);
    if (refusal) return { ok: false, reason: refusal };
    const until = target.suspendedUntil?.toISOString() ?? null;
    if (!activeSuspension({ suspendedUntil: until, suspensionReason: null }, now)) return { ok: false, reason: "not_suspended" };
    await q.setSuspension(tx, target.id, null);
    await recordAudit(tx, {
      actorId: actor!.id,
      action: "unsuspend",
      targetType: "user",
      targetId: target.id,
      subjectId: target.id,
      reason: input.reason,
    });
    const mail = suspensionLiftedMail(target.displayName, { reason: input.reason, accountLink: accountUrl() });
    await enqueueMail(tx, { to: target.email, subject: mail.subject, body: mail.body });
    return { ok: true };
  });
}

export type AccountListItem = {
  id: string;
  displayName: string;
  email: string;
  role: CurrentUser["role"];
  verified: boolean;
  /** The end of a suspension in force (ISO), or null. */
  suspendedUntil: string | null;
  createdAt: string;
};

// A page of accounts for the admins, newest first, narrowed by a search in name and address, role and state.
// Results: ok with the page | forbidden.
export async function listAccounts(db: DB, actor: CurrentUser | null, filter: q.AccountFilter, page: number, now: Date = new Date()) {
  const refusal = accountAdminRefusal(actor);
  if (refusal) return { ok: false, reason: refusal } as const;
  const { rows, total } = await q.listAccounts(db, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const items: AccountListItem[] = rows.map((r) => ({
    id: r.id,
    displayName: r.displayName,
    email: r.email,
    role: r.role,
    verified: !!r.verifiedAt,
    suspendedUntil: activeUntil(r.suspendedUntil, now),
    createdAt: r.createdAt.toISOString(),
  }));
  return { ok: true, items, total } as const;
}

const activeUntil = (until: Date | null, now: Date) =>
  activeSuspension({ suspendedUntil: until?.toISOString() ?? null, suspensionReason: null }, now)?.until ?? null;

export type HistoryEntry = {
  id: string;
  action: string;
  reason: string | null;
  rule: string | null;
  createdAt: string;
  /** Who acted; null for an automatic decision. */
  actorName: string | null;
  /** The contribution a moderation decision was about, when it still exists. */
  item: { type: ContributionType; excerpt: string; url: string } | null;
};

const isContributionType = (type: string): type is ContributionType => (CONTRIBUTION_TYPES as readonly string[]).includes(type);

// One account for the admins: its facts, the suspension in force, whether this admin may suspend it (and why not),
// and a page of its record from the audit log (suspensions and the moderation decisions about its contributions).
// Results: ok | forbidden | not_found.
export async function accountDetails(db: DB, actor: CurrentUser | null, id: string, page: number, now: Date = new Date()) {
  const refusal = accountAdminRefusal(actor);
  if (refusal) return { ok: false, reason: refusal } as const;
  const account = await q.findAccount(db, id);
  if (!account) return { ok: false, reason: "not_found" } as const;
  const { rows, total } = await q.accountHistory(db, id, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const items = await historyItems(db, rows);
  const history: HistoryEntry[] = rows.map((r) => ({
    id: r.id,
    action: r.action,
    reason: r.reason,
    rule: r.rule,
    createdAt: r.createdAt.toISOString(),
    actorName: r.actorName,
    item: isContributionType(r.targetType) ? (items.get(refKey({ type: r.targetType, id: r.targetId })) ?? null) : null,
  }));
  const until = activeUntil(account.suspendedUntil, now);
  return {
    ok: true,
    account: {
      id: account.id,
      displayName: account.displayName,
      email: account.email,
      role: account.role,
      verified: !!account.verifiedAt,
      verifiedAt: account.verifiedAt?.toISOString() ?? null,
      createdAt: account.createdAt.toISOString(),
      suspension: until ? { until, reason: account.suspensionReason ?? "" } : null,
    },
    /** Why this admin may not suspend this account (or lift its suspension), or null. */
    suspensionRefusal: suspensionRefusal(actor, account),
    history,
    historyTotal: total,
  } as const;
}

/** The contributions the history's decisions are about, loaded together (no query per entry). */
async function historyItems(db: Queryable, rows: { targetType: string; targetId: string }[]) {
  const refs: ContributionRef[] = rows.flatMap((r) => (isContributionType(r.targetType) ? [{ type: r.targetType, id: r.targetId }] : []));
  const found = await loadContributions(db, refs);
  const items = new Map<string, HistoryEntry["item"]>();
  for (const [key, c] of found) items.set(key, { type: c.ref.type, excerpt: c.excerpt, url: c.url });
  return items;
}
