import type { DB, Queryable } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { flagOutcomeMail, objectionOutcomeMail, objectionReceiptMail } from "~/i18n/mails";
import type { CurrentUser } from "../accounts/accounts.policy";
import { enqueueMail, enqueueMails } from "../mail/mail.server";
import {
  type Contribution,
  type ContributionRef,
  loadContribution,
  loadContributions,
  lockContribution,
  refKey,
  setContributionHidden,
} from "./contributions.server";
import { moderationRefusal } from "./moderation.policy";
import { recordAudit } from "./moderation.server";
import { objectionPath, type RuleView, ruleView } from "./decisions.server";
import {
  type ObjectionDecisionRefusal,
  objectionDecisionRefusal,
  objectionDeadlineOf,
  type ObjectionOutcome,
  type ObjectionRefusal,
  objectionRefusal,
} from "./objections.policy";
import type { ObjectionDecisionInput, ObjectionInput } from "./objections.schema";
import { closeOpenFlags, findAuthor } from "./decisions.queries.server";
import * as q from "./objections.queries.server";

// Objections (Widerspruch, issue 9, decision 0017): the author of a hidden contribution contests the decision once,
// within 14 days, on /widerspruch/:decisionId; a moderator other than the one who decided (and not the author) upholds
// it or restores the item on /moderation/widersprueche. Each step writes the audit log and mails the author in its
// transaction; the item's row lock orders it with every other decision about the item.

export type { ObjectionOutcome } from "./objections.policy";

const publicUrl = (path: string) => `${env().PUBLIC_URL}${path}`;

/** The contested decision as the author and the moderators read it. Never the moderator's name. */
export interface DecisionView {
  id: string;
  at: Date;
  automatic: boolean;
  rule: RuleView | null;
  reason: string | null;
}

/** What the pages show of the item. */
export interface ItemView {
  type: ContributionRef["type"];
  id: string;
  excerpt: string;
  url: string;
  consultationId: string;
  consultationTitle: string;
  /** The item's own hidden state now (null: visible again). */
  hiddenKind: "decision" | "automatic" | "review" | null;
}

export interface ObjectionView {
  id: string;
  body: string;
  createdAt: Date;
  outcome: ObjectionOutcome | null;
  outcomeReason: string | null;
  decidedAt: Date | null;
}

const itemView = (item: Contribution): ItemView => ({
  type: item.ref.type,
  id: item.ref.id,
  excerpt: item.excerpt,
  url: item.url,
  consultationId: item.consultation.id,
  consultationTitle: item.consultation.title,
  hiddenKind: item.hidden?.kind ?? null,
});

type Row = NonNullable<Awaited<ReturnType<typeof q.findObjection>>>;
const objectionView = (o: Row): ObjectionView => ({
  id: String(o.id),
  body: o.body,
  createdAt: o.createdAt,
  outcome: o.outcome,
  outcomeReason: o.outcomeReason,
  decidedAt: o.decidedAt,
});

/** The decision, its item and its objection, with what the rules of objecting need. */
async function loadCase(db: Queryable, decisionId: string) {
  const decision = await q.findHideDecisionById(db, decisionId);
  if (!decision) return null;
  const ref: ContributionRef = { type: decision.targetType, id: String(decision.targetId) };
  const item = await loadContribution(db, ref);
  if (!item) return null;
  const objection = await q.findObjectionByDecision(db, decisionId);
  const facts = {
    decisionId,
    decidedAt: decision.createdAt,
    authorId: item.authorId,
    currentHideDecisionId: await q.currentHideDecisionId(db, ref),
    hiddenKind: item.hidden?.kind ?? null,
    deleted: !!item.deletedAt,
    objected: !!objection,
  };
  return { decision, ref, item, objection, facts };
}

export type ObjectionPageResult =
  | { ok: false; reason: "login_required" | "not_found" }
  | {
      ok: true;
      decision: DecisionView;
      item: ItemView;
      objection: ObjectionView | null;
      /** Why the form is not offered (null: it is); "already_objected" when `objection` is there. */
      refusal: Exclude<ObjectionRefusal, "login_required" | "not_found"> | null;
      deadline: Date;
      /** The item's newer decision, when this one was superseded by it. */
      newerDecisionPath: string | null;
    };

// What the author's page /widerspruch/:decisionId shows: the statement of reasons, the item, and the objection form,
// the objection's state, or why objecting is not possible. Results: ok | login_required | not_found (not a hide
// decision, or not this person's contribution: for anyone else it does not exist).
export async function objectionPage(
  db: DB,
  user: CurrentUser | null,
  decisionId: string,
  now: Date = new Date(),
): Promise<ObjectionPageResult> {
  const found = await loadCase(db, decisionId);
  if (!found) return { ok: false, reason: user ? "not_found" : "login_required" };
  const { decision, item, objection, facts } = found;
  const refusal = objectionRefusal(user, facts, now);
  if (refusal === "login_required" || refusal === "not_found") return { ok: false, reason: refusal };
  return {
    ok: true,
    decision: {
      id: decision.id,
      at: decision.createdAt,
      automatic: decision.action === "auto_hide",
      rule: ruleView(item.consultation.id, decision.rule, decision.ruleText),
      reason: decision.reason,
    },
    item: itemView(item),
    objection: objection ? objectionView(objection) : null,
    refusal,
    deadline: objectionDeadlineOf(decision.createdAt),
    newerDecisionPath: refusal === "decision_superseded" && facts.currentHideDecisionId ? objectionPath(facts.currentHideDecisionId) : null,
  };
}

export type ObjectResult = { ok: true; objectionId: string } | { ok: false; reason: ObjectionRefusal };

// The author objects to the decision that hid their contribution (once, within 14 days, while it is hidden by it).
// Stores the objection with who made the decision (null: automatic), writes the audit entry "object" and mails the
// author a receipt, in one transaction under the item's lock. Results: ok with the objection's id | the
// objectionRefusal reasons (already_objected also when two attempts meet).
export async function objectToDecision(
  db: DB,
  user: CurrentUser | null,
  decisionId: string,
  input: ObjectionInput,
  now: Date = new Date(),
): Promise<ObjectResult> {
  return db.transaction().execute(async (tx): Promise<ObjectResult> => {
    const decision = await q.findHideDecisionById(tx, decisionId);
    if (!decision) return { ok: false, reason: user ? "not_found" : "login_required" };
    if (!(await lockContribution(tx, { type: decision.targetType, id: String(decision.targetId) })))
      return { ok: false, reason: "not_found" };
    const found = await loadCase(tx, decisionId);
    if (!found) return { ok: false, reason: "not_found" };
    const refusal = objectionRefusal(user, found.facts, now);
    if (refusal || !user) return { ok: false, reason: refusal ?? "login_required" };
    const { item, ref } = found;
    const objectionId = await q.insertObjection(tx, {
      decisionId,
      ref,
      consultationId: item.consultation.id,
      authorId: user.id,
      body: input.body,
      decidedAgainstBy: decision.actorId,
    });
    if (!objectionId) return { ok: false, reason: "already_objected" };
    await recordAudit(tx, {
      actorId: user.id,
      action: "object",
      targetType: ref.type,
      targetId: ref.id,
      consultationId: item.consultation.id,
      subjectId: user.id,
    });
    const mail = objectionReceiptMail(user.displayName, { type: ref.type, excerpt: item.excerpt }, publicUrl(objectionPath(decisionId)));
    await enqueueMail(tx, { to: user.email, subject: mail.subject, body: mail.body });
    return { ok: true, objectionId };
  });
}

/** One objection in the moderators' queue. */
export interface QueuedObjection extends ObjectionView {
  decision: DecisionView;
  /** Null when the item no longer exists. */
  item: ItemView | null;
  /** Why this moderator may not decide it (null: the form is shown). */
  refusal: ObjectionDecisionRefusal | null;
}

export type ObjectionQueueResult = { ok: true; rows: QueuedObjection[]; total: number } | { ok: false; reason: "forbidden" };

// The moderators' list of objections: open ones oldest first, or decided ones newest first, one page at a time, each
// with its item, the contested decision and whether this moderator may decide it. A fixed number of queries per page.
// Results: ok with the page and the total | forbidden.
export async function objectionQueue(
  db: DB,
  actor: CurrentUser | null,
  opts: { state: q.ObjectionState; page: number; pageSize: number },
): Promise<ObjectionQueueResult> {
  const refusal = moderationRefusal(actor);
  if (refusal) return { ok: false, reason: refusal };
  const { rows, total } = await q.listObjections(db, opts.state, opts.pageSize, (opts.page - 1) * opts.pageSize);
  const items = await loadContributions(
    db,
    rows.map((r) => ({ type: r.contributionType, id: String(r.contributionId) })),
  );
  return {
    ok: true,
    total,
    rows: rows.map((r) => {
      const item = items.get(refKey({ type: r.contributionType, id: String(r.contributionId) }));
      return {
        ...objectionView(r),
        decision: {
          id: String(r.decisionId),
          at: r.decisionAt,
          automatic: r.decisionAction === "auto_hide",
          rule: ruleView(String(r.consultationId), r.decisionRule, r.decisionRuleText),
          reason: r.decisionReason,
        },
        item: item ? itemView(item) : null,
        refusal: objectionDecisionRefusal(actor, {
          authorId: String(r.authorId),
          decidedAgainstBy: r.decidedAgainstBy === null ? null : String(r.decidedAgainstBy),
          decided: r.decidedAt !== null,
        }),
      };
    }),
  };
}

export type DecideObjectionResult =
  | { ok: true; decisionId: string; outcome: ObjectionOutcome; changed: boolean }
  | { ok: false; reason: ObjectionDecisionRefusal | "not_found" };

// A moderator decides an objection: "upheld" (the item stays hidden) or "restored" (shown again), with a reason. Never
// the person who made the contested decision, never about their own content, once: of two at the same moment the
// second gets already_decided. A restore changes the item only while it is still hidden by the contested decision
// (someone may have restored or hidden it anew meanwhile), and then closes its open reports as dismissed. Writes the
// audit entry (objection_upheld / objection_restored, the item as target) and the outcome mail, in one transaction.
// Results: ok with the audit id and whether the item changed | forbidden | own_contribution | own_decision |
// already_decided | not_found.
export async function decideObjection(
  db: DB,
  actor: CurrentUser | null,
  objectionId: string,
  input: Omit<ObjectionDecisionInput, "objection">,
): Promise<DecideObjectionResult> {
  return db.transaction().execute(async (tx): Promise<DecideObjectionResult> => {
    if (moderationRefusal(actor)) return { ok: false, reason: "forbidden" };
    const o = await q.findObjection(tx, objectionId);
    if (!o) return { ok: false, reason: "not_found" };
    const ref: ContributionRef = { type: o.contributionType, id: String(o.contributionId) };
    const facts = {
      authorId: String(o.authorId),
      decidedAgainstBy: o.decidedAgainstBy === null ? null : String(o.decidedAgainstBy),
      decided: o.decidedAt !== null,
    };
    const refusal = objectionDecisionRefusal(actor, facts);
    if (refusal) return { ok: false, reason: refusal };
    // The item's lock orders this with other decisions about it; the update below then decides the objection once.
    if (!(await lockContribution(tx, ref))) return { ok: false, reason: "not_found" };
    const item = await loadContribution(tx, ref);
    if (!item) return { ok: false, reason: "not_found" };
    if (!(await q.markObjectionDecided(tx, objectionId, { by: actor!.id, outcome: input.outcome, reason: input.reason }))) {
      return { ok: false, reason: "already_decided" };
    }
    const stillHiddenByIt =
      (item.hidden?.kind === "decision" || item.hidden?.kind === "automatic") &&
      !item.deletedAt &&
      (await q.currentHideDecisionId(tx, ref)) === String(o.decisionId);
    const changed = input.outcome === "restored" && stillHiddenByIt;
    const decisionId = await recordAudit(tx, {
      actorId: actor!.id,
      action: input.outcome === "restored" ? "objection_restored" : "objection_upheld",
      targetType: ref.type,
      targetId: ref.id,
      reason: input.reason,
      consultationId: String(o.consultationId),
      subjectId: facts.authorId,
    });
    const what = { type: ref.type, excerpt: item.excerpt };
    if (changed) {
      await setContributionHidden(tx, ref, null);
      // Reports that hid it automatically would hide it again with the next one: they are answered now.
      const reporters = await closeOpenFlags(tx, ref, { outcome: "dismissed", decisionId });
      await enqueueMails(
        tx,
        reporters.map((r) => {
          const mail = flagOutcomeMail(r.displayName, what, "kept", publicUrl(item.url));
          return { to: r.email, subject: mail.subject, body: mail.body };
        }),
      );
    }
    const author = await findAuthor(tx, facts.authorId);
    if (author) {
      const visible = changed || !item.hidden;
      const mail = objectionOutcomeMail(author.displayName, what, {
        outcome: input.outcome,
        reason: input.reason,
        visible,
        link: publicUrl(objectionPath(String(o.decisionId))),
      });
      await enqueueMail(tx, { to: author.email, subject: mail.subject, body: mail.body });
    }
    return { ok: true, decisionId, outcome: input.outcome, changed };
  });
}
