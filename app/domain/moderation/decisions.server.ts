import type { DB, Queryable } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { contributionVisibleMail, flagOutcomeMail, statementOfReasonsMail } from "~/i18n/mails";
import type { CurrentUser } from "../accounts/accounts.policy";
import { type NamedRule, ruleUrl, rulesForDecision } from "../houserules/houserules.server";
import { enqueueMail, enqueueMails } from "../mail/mail.server";
import {
  type Contribution,
  type ContributionRef,
  contributionApproved,
  loadContribution,
  lockContribution,
  refKey,
  setContributionHidden,
} from "./contributions.server";
import { type Decision, type DecisionRefusal, decisionRefusal, OBJECTION_DAYS, ruleLabel } from "./moderation.policy";
import { recordAudit } from "./moderation.server";
import * as q from "./decisions.queries.server";

// Moderation decisions about any contribution (issue 9, decision 0017): hide (naming a house rule), dismiss the
// reports, restore, approve (pre-moderation), and the automatic hide after N reports. Each decision locks the item,
// checks that nobody decided since the moderator looked (the version they saw), changes the item, closes its open
// reports, writes the audit log and the mails, all in one transaction.

const REASON_MIN = 5;
const REASON_MAX = 500;

export interface DecisionInput {
  decision: Decision;
  /** The house rule a hide names (its key, "regel-3" or "zusatz-1"). */
  rule?: string | null;
  reason?: string | null;
  /** The item's version the moderator saw (latestDecisionId then); a newer decision refuses this one. */
  seen: string;
}

export type DecideResult =
  | { ok: true; decisionId: string }
  | { ok: false; reason: DecisionRefusal | "not_found" | "rule_missing" | "reason_missing" | "form_invalid" };

const publicUrl = (path: string) => `${env().PUBLIC_URL}${path}`;
/** The page where the author objects to a decision. */
export const objectionPath = (decisionId: string) => `/widerspruch/${decisionId}`;

/** What the reason must be for a decision: required for hide and restore, optional otherwise; trimmed. */
function checkedReason(decision: Decision, reason: string | null | undefined): string | null | false {
  const text = (reason ?? "").trim();
  if (!text) return decision === "hide" || decision === "restore" ? false : null;
  return text.length < REASON_MIN || text.length > REASON_MAX ? false : text;
}

// One moderator's decision about one item. Results: ok with the decision's audit id | forbidden | own_contribution |
// already_decided (someone decided since `seen`, or the state does not fit) | not_found | rule_missing | reason_missing
// | form_invalid (no version seen).
export async function decide(db: DB, actor: CurrentUser | null, ref: ContributionRef, input: DecisionInput): Promise<DecideResult> {
  const reason = checkedReason(input.decision, input.reason);
  // A form without the version its moderator saw is malformed, not a conflict.
  if (!/^\d+$/.test(input.seen)) return { ok: false, reason: "form_invalid" };
  return db.transaction().execute(async (tx): Promise<DecideResult> => {
    if (!(await lockContribution(tx, ref))) return { ok: false, reason: "not_found" };
    const item = await loadContribution(tx, ref);
    // A contribution its author deleted can only have its open reports closed.
    if (!item || (item.deletedAt && input.decision !== "dismiss")) return { ok: false, reason: "not_found" };
    const openFlags = await q.countOpenFlags(tx, ref);
    const refusal = decisionRefusal(actor, input.decision, {
      authorId: item.authorId,
      hidden: item.hidden,
      openFlags,
      deleted: !!item.deletedAt,
    });
    if (refusal) return { ok: false, reason: refusal };
    if ((await q.latestDecisionId(tx, ref)) !== input.seen) return { ok: false, reason: "already_decided" };
    if (reason === false) return { ok: false, reason: "reason_missing" };
    const rule = input.decision === "hide" ? await namedRule(tx, item, input.rule) : null;
    if (input.decision === "hide" && !rule) return { ok: false, reason: "rule_missing" };
    return { ok: true, decisionId: await apply(tx, actor!, item, input.decision, rule, reason) };
  });
}

/** The rule a hide names, looked up among the rules of the item's consultation; null when there is no such rule. */
async function namedRule(tx: Queryable, item: Contribution, key: string | null | undefined): Promise<NamedRule | null> {
  if (!key) return null;
  return (await rulesForDecision(tx, item.consultation.id)).find((r) => r.key === key) ?? null;
}

async function apply(
  tx: Queryable,
  actor: CurrentUser,
  item: Contribution,
  decision: Decision,
  rule: NamedRule | null,
  reason: string | null,
) {
  const { ref } = item;
  if (decision === "hide") {
    await setContributionHidden(tx, ref, { kind: "decision", by: actor.id, reason, rule: rule!.key });
  } else if (decision === "restore" || decision === "approve" || item.hidden?.kind === "automatic") {
    // Dismissing the reports of an item auto-hide hid makes it visible again.
    await setContributionHidden(tx, ref, null);
    // An approved item is read by everyone from now on: the notifications its writing deferred go out now.
    if (decision === "approve") await contributionApproved(tx, ref);
  }
  const decisionId = await recordAudit(tx, {
    actorId: actor.id,
    action: decision,
    targetType: ref.type,
    targetId: ref.id,
    reason,
    consultationId: item.consultation.id,
    subjectId: item.authorId,
    rule: rule ? { key: rule.key, text: rule.text } : null,
  });
  const reporters = await q.closeOpenFlags(tx, ref, { outcome: decision === "hide" ? "hidden" : "dismissed", decisionId });
  const what = { type: ref.type, excerpt: item.excerpt };
  await enqueueMails(
    tx,
    reporters.map((r) => {
      const outcome = decision === "hide" ? "hidden" : item.deletedAt ? "deleted" : "kept";
      const mail = flagOutcomeMail(r.displayName, what, outcome, publicUrl(item.url));
      return { to: r.email, subject: mail.subject, body: mail.body };
    }),
  );
  const author = await q.findAuthor(tx, item.authorId);
  if (author) {
    const mail =
      decision === "hide"
        ? statementMail(author.displayName, item, { decisionId, at: new Date(), rule, reason, automatic: false })
        : decision === "approve" || decision === "restore"
          ? contributionVisibleMail(author.displayName, what, decision === "approve" ? "approved" : "restored", publicUrl(item.url))
          : decision === "dismiss" && item.hidden?.kind === "automatic"
            ? contributionVisibleMail(author.displayName, what, "restored", publicUrl(item.url))
            : null;
    if (mail) await enqueueMail(tx, { to: author.email, subject: mail.subject, body: mail.body });
  }
  return decisionId;
}

function statementMail(
  displayName: string,
  item: Contribution,
  d: { decisionId: string; at: Date; rule: NamedRule | null; reason: string | null; automatic: boolean },
) {
  return statementOfReasonsMail(displayName, {
    type: item.ref.type,
    excerpt: item.excerpt,
    hiddenAt: d.at,
    rule: d.rule ? { label: d.rule.label, text: d.rule.text, url: publicUrl(ruleUrl(item.consultation.id, d.rule.key)) } : null,
    reason: d.reason,
    automatic: d.automatic,
    link: publicUrl(item.url),
    objectionLink: publicUrl(objectionPath(d.decisionId)),
    objectionDeadline: objectionDeadline(d.at),
  });
}

export const objectionDeadline = (decidedAt: Date) => new Date(decidedAt.getTime() + OBJECTION_DAYS * 24 * 60 * 60 * 1000);

export type DecideManyResult = { ref: ContributionRef; result: DecideResult }[];

// The same decision about several items (the queue's checkboxes); each item is decided on its own, so that one
// that someone else decided in between is refused and the others still apply. Results: one DecideResult per item.
export async function decideMany(
  db: DB,
  actor: CurrentUser | null,
  items: { ref: ContributionRef; seen: string }[],
  input: Omit<DecisionInput, "seen">,
): Promise<DecideManyResult> {
  const results: DecideManyResult = [];
  const done = new Set<string>();
  for (const { ref, seen } of items) {
    if (done.has(refKey(ref))) continue;
    done.add(refKey(ref));
    results.push({ ref, result: await decide(db, actor, ref, { ...input, seen }) });
  }
  return results;
}

/**
 * After a report, inside its transaction: hides the item at once, pending review, when its consultation has auto-hide
 * on and enough distinct confirmed accounts older than a day reported it. Written to the audit log without an actor;
 * the author gets the statement of reasons. Results: whether it hid the item.
 */
export async function autoHideIfReported(tx: Queryable, item: Contribution): Promise<boolean> {
  const threshold = item.consultation.autoHideThreshold;
  if (!threshold || item.hiddenAt || item.hidden) return false;
  if (!(await lockContribution(tx, item.ref))) return false;
  if ((await q.countAutoHideReporters(tx, item.ref)) < threshold) return false;
  await setContributionHidden(tx, item.ref, { kind: "automatic", by: null, reason: null, rule: null });
  const decisionId = await recordAudit(tx, {
    actorId: null,
    action: "auto_hide",
    targetType: item.ref.type,
    targetId: item.ref.id,
    reason: null,
    consultationId: item.consultation.id,
    subjectId: item.authorId,
  });
  const author = await q.findAuthor(tx, item.authorId);
  if (author) {
    const mail = statementMail(author.displayName, item, { decisionId, at: new Date(), rule: null, reason: null, automatic: true });
    await enqueueMail(tx, { to: author.email, subject: mail.subject, body: mail.body });
  }
  return true;
}

/** A house rule as a decision names it: its key, label ("3", "Z1"), words at the time of the decision, and link. */
export interface RuleView {
  key: string;
  label: string;
  text: string;
  url: string;
}

export function ruleView(consultationId: string, key: string | null, text: string | null): RuleView | null {
  return key ? { key, label: ruleLabel(key), text: text ?? "", url: ruleUrl(consultationId, key) } : null;
}

/** The statement of reasons for an item hidden as it is now (by a person or automatically), or null. */
export interface Statement {
  decisionId: string;
  hiddenAt: Date;
  automatic: boolean;
  rule: RuleView | null;
  reason: string | null;
  objectionDeadline: Date;
}

// The statement of reasons of a hidden item, as its author and the moderators read it on the item's page. No
// permission check: the caller shows it only to the author and to moderators. Results: the statement | null.
export async function statementOfReasons(db: Queryable, ref: ContributionRef): Promise<Statement | null> {
  const item = await loadContribution(db, ref);
  if (!item?.hidden || item.hidden.kind === "review") return null;
  const d = await q.findHideDecision(db, ref);
  if (!d) return null;
  const automatic = d.action === "auto_hide";
  const rule = ruleView(item.consultation.id, d.rule, d.ruleText);
  return {
    decisionId: String(d.id),
    hiddenAt: d.createdAt,
    automatic,
    rule,
    reason: d.reason,
    objectionDeadline: objectionDeadline(d.createdAt),
  };
}

export { latestDecisionId, latestDecisionIds } from "./decisions.queries.server";
