import type { DB } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import type { CurrentUser } from "../accounts/accounts.policy";
import { type NamedRule, platformRules, ruleAnchor, rulesForDecision } from "../houserules/houserules.server";
import { type Contribution, type ContributionRef, excerptOf, loadContributions, refKey } from "./contributions.server";
import { decideMany, latestDecisionIds } from "./decisions.server";
import { type Decision, type DecisionRefusal, decisionRefusal, moderationRefusal } from "./moderation.policy";
import type { FlagReason } from "./contributions";
import { type AuditQuery, type DecisionForm, itemValue, type QueueQuery, queueFormValues, queueParams } from "./queue.schema";
import * as q from "./queue.queries.server";
import { auditLog } from "./moderation.server";

// The moderation queue (issue 9): reported items grouped per item, items waiting for approval, the decisions about
// several items at once, the audit log's filters and the staff's list of proposals without an official answer.
// Reading is one grouped query per page and batch loads for the page's items.

/** How long a text the queue shows of an item. */
const TEXT_SHOWN = 600;
const DAY = 24 * 60 * 60 * 1000;

/** The decisions each view offers (the policy decides whether one fits an item). */
export const VIEW_DECISIONS: Record<QueueQuery["view"], readonly Decision[]> = {
  flags: ["hide", "dismiss", "restore"],
  review: ["approve", "hide"],
};

/** What the queue shows of an item's state. */
export type ItemState = "visible" | "automatic" | "hidden" | "review" | "parent_hidden" | "deleted" | "gone";

export interface QueueItem {
  key: string;
  ref: ContributionRef;
  /** The value of its checkbox and its own button ("type:id:seen"); null when this moderator can decide nothing. */
  value: string | null;
  /** Why nothing fits for this moderator (their own contribution); null otherwise. */
  refusal: DecisionRefusal | null;
  /** One line, for the checkbox's label. */
  excerpt: string;
  /** A proposal's title (its own heading); null for comments and photos. */
  title: string | null;
  /** Its words, up to about 600 characters. */
  text: string;
  url: string | null;
  /** The proposal or document section it belongs to (a photo: its proposal). */
  context: { title: string; url: string } | null;
  consultation: { id: string; title: string } | null;
  state: ItemState;
  createdAt: Date | null;
  /** Reports (of the view's state), their reasons with counts and the reporters' notes, never their names. */
  reports: number;
  reasons: { reason: FlagReason; count: number }[];
  notes: string[];
  moreNotes: number;
  firstReportedAt: Date | null;
  /** Distinct items of the same author that a moderator hid, ever. */
  authorHidden: number;
  /** For decided items: the newest decision that closed reports. */
  decision: { action: string; rule: string | null; reason: string | null; at: Date; actorName: string | null } | null;
}

function stateOf(c: Contribution | undefined): ItemState {
  if (!c) return "gone";
  if (c.deletedAt) return "deleted";
  if (c.hidden?.kind === "decision") return "hidden";
  if (c.hidden?.kind === "automatic") return "automatic";
  if (c.hidden?.kind === "review") return "review";
  return c.hiddenAt ? "parent_hidden" : "visible";
}

function contextOf(c: Contribution): { title: string; url: string } | null {
  if (c.ref.type === "proposal" || !c.contextTitle) return null;
  return { title: c.contextTitle, url: c.url.split("#")[0] };
}

function countReasons(reasons: FlagReason[]): { reason: FlagReason; count: number }[] {
  const counts = new Map<FlagReason, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** The page's items filled in by batch loads: contributions, texts, reasons and notes, the versions seen, the authors'
 * histories. */
async function fillItems(
  db: DB,
  actor: CurrentUser,
  decisions: readonly Decision[],
  groups: (Partial<q.FlagGroupRow> & { type: ContributionRef["type"]; id: string })[],
  state: QueueQuery["state"] | null,
): Promise<QueueItem[]> {
  const refs = groups.map((g) => ({ type: g.type, id: g.id }));
  const decisionIds = groups.map((g) => g.decisionId).filter((id): id is string => !!id);
  const [contributions, texts, seen, decided, details] = await Promise.all([
    loadContributions(db, refs),
    q.itemTexts(db, refs),
    latestDecisionIds(db, refs),
    q.findDecisions(db, decisionIds),
    state ? q.flagDetails(db, refs, state) : new Map<string, q.FlagDetails>(),
  ]);
  const history = await q.hiddenItemCounts(db, [...new Set([...contributions.values()].map((c) => c.authorId))]);
  return groups.map((g) => {
    const ref = { type: g.type, id: g.id };
    const key = refKey(ref);
    const c = contributions.get(key);
    const state = stateOf(c);
    // The policy decides which decisions fit; the item gets a checkbox when one of the view's does.
    const refusals = c
      ? decisions.map((d) =>
          decisionRefusal(actor, d, { authorId: c.authorId, hidden: c.hidden, openFlags: g.openReports ?? 0, deleted: !!c.deletedAt }),
        )
      : [];
    const decidable = state !== "gone" && refusals.some((r) => r === null);
    const decision = g.decisionId ? (decided.get(g.decisionId) ?? null) : null;
    const raw = texts.get(key) ?? "";
    const flags = details.get(key);
    return {
      key,
      ref,
      value: decidable ? itemValue(ref, seen.get(key) ?? "0") : null,
      refusal: decidable ? null : (refusals.find((r) => r === "own_contribution") ?? null),
      excerpt: c?.excerpt ?? "",
      title: ref.type === "proposal" ? (c?.contextTitle ?? null) : null,
      text: raw ? excerptOf(raw, TEXT_SHOWN) : "",
      url: c?.url ?? null,
      context: c ? contextOf(c) : null,
      consultation: c ? { id: c.consultation.id, title: c.consultation.title } : null,
      state,
      createdAt: c?.createdAt ?? null,
      reports: g.reports ?? 0,
      reasons: countReasons(flags?.reasons ?? []),
      notes: flags?.notes ?? [],
      moreNotes: Math.max(0, (flags?.noteCount ?? 0) - (flags?.notes.length ?? 0)),
      firstReportedAt: g.firstReportedAt ?? null,
      authorHidden: c ? (history.get(c.authorId) ?? 0) : 0,
      decision: decision
        ? { action: decision.action, rule: decision.rule, reason: decision.reason, at: decision.at, actorName: decision.actorName }
        : null,
    };
  });
}

/** The rules the decision form offers: the filtered consultation's (platform and additions), else the platform's. */
async function offeredRules(db: DB, consultationId: string | null): Promise<NamedRule[]> {
  if (consultationId) return rulesForDecision(db, consultationId);
  return (await platformRules(db)).map((r) => ({ key: ruleAnchor(r.number), label: String(r.number), text: r.text }));
}

// The queue page for a moderator: one page of the view's items (reported items, or items waiting for approval) with
// what a decision needs, the filters' choices, the rules a hide can name, the decisions the view offers and the number
// of open objections. Results: ok with the page | forbidden.
export async function moderationQueue(db: DB, actor: CurrentUser | null, query: QueueQuery) {
  const refusal = moderationRefusal(actor);
  if (refusal || !actor) return { ok: false, reason: refusal ?? "forbidden" } as const;
  const offset = (query.page - 1) * PAGE_SIZE;
  const decisions = VIEW_DECISIONS[query.view];
  let groups: Parameters<typeof fillItems>[3];
  let total: number;
  if (query.view === "flags") {
    const filter = { consultationId: query.consultationId, reason: query.reason, state: query.state };
    groups = await q.flagQueuePage(db, filter, PAGE_SIZE, offset);
    // The page carries the queue's size; past the last page it has no rows to carry it.
    total = groups[0]?.total ?? (offset > 0 ? await q.countFlagQueue(db, filter) : 0);
  } else {
    [groups, total] = await Promise.all([
      q.reviewQueuePage(db, query.consultationId, PAGE_SIZE, offset),
      q.countReviewQueue(db, query.consultationId),
    ]);
  }
  const [items, consultations, rules, openObjections] = await Promise.all([
    fillItems(db, actor, decisions, groups, query.view === "flags" ? query.state : null),
    q.consultationOptions(db),
    offeredRules(db, query.consultationId),
    q.countOpenObjections(db),
  ]);
  const base = { consultationId: query.consultationId, reason: null, state: "open" as const };
  return {
    ok: true,
    items,
    total,
    consultations,
    rules,
    decisions,
    openObjections,
    form: queueFormValues(query),
    links: {
      flags: `/moderation?${queueParams({ ...base, view: "flags" })}`,
      review: `/moderation?${queueParams({ ...base, view: "review" })}`,
    },
  } as const;
}

export type QueueDecisionResult =
  | { ok: true; decided: number; alreadyDecided: number; refused: number }
  | {
      ok: false;
      reason: "forbidden" | "already_decided" | "own_contribution" | "not_found" | "rule_missing" | "reason_missing";
      decided: 0;
      alreadyDecided: number;
      refused: number;
    };

/** When nothing applied, the refusal the answer names: the one the moderator can correct first. */
const REFUSAL_ORDER = ["rule_missing", "reason_missing", "own_contribution", "forbidden", "not_found"] as const;

// A moderator's decision about the items checked in the queue (or the one whose own button was pressed): each item is
// decided on its own (decideMany), so an item someone else decided in between is refused ("already_decided") and
// the others apply. Results: ok with how many applied, were already decided, were refused otherwise | forbidden |
// already_decided (none applied: all were decided by someone else) | the refusal of decide() when none applied.
export async function decideQueueItems(db: DB, actor: CurrentUser | null, form: DecisionForm): Promise<QueueDecisionResult> {
  const refusal = moderationRefusal(actor);
  if (refusal) return { ok: false, reason: refusal, decided: 0, alreadyDecided: 0, refused: form.items.length };
  const results = await decideMany(db, actor, form.items, { decision: form.decision, rule: form.rule, reason: form.reason });
  const reasons = results.flatMap(({ result }) => (result.ok ? [] : [result.reason]));
  const decided = results.length - reasons.length;
  const alreadyDecided = reasons.filter((r) => r === "already_decided").length;
  const refused = reasons.length - alreadyDecided;
  if (decided > 0) return { ok: true, decided, alreadyDecided, refused };
  const first = REFUSAL_ORDER.find((r) => reasons.includes(r));
  return { ok: false, reason: first ?? "already_decided", decided: 0, alreadyDecided, refused };
}

// The audit log page with its filters' choices: staff who appear in it, the actions in it, the consultations.
// Results: ok with a page | forbidden.
export async function auditLogPage(db: DB, actor: CurrentUser | null, query: AuditQuery) {
  const log = await auditLog(db, actor, query.page, PAGE_SIZE, query);
  if (!log.ok) return log;
  const [actors, actions, consultations] = await Promise.all([q.auditActors(db), q.auditActions(db), q.consultationOptions(db)]);
  return { ok: true, rows: log.rows, total: log.total, actors, actions, consultations } as const;
}

// Visible proposals without an official answer, oldest first, with the days each has waited, for moderators and admins
// (who write the answers). Results: ok with a page | forbidden.
export async function unansweredProposals(
  db: DB,
  actor: CurrentUser | null,
  query: { consultationId: string | null; page: number },
  now = new Date(),
) {
  const refusal = moderationRefusal(actor);
  if (refusal) return { ok: false, reason: refusal } as const;
  const [rows, total, consultations] = await Promise.all([
    q.unansweredPage(db, query.consultationId, PAGE_SIZE, (query.page - 1) * PAGE_SIZE),
    q.countUnanswered(db, query.consultationId),
    q.consultationOptions(db),
  ]);
  const items = rows.map((r) => ({
    ...r,
    waitingDays: Math.max(0, Math.floor((now.getTime() - new Date(r.createdAt).getTime()) / DAY)),
    answerUrl: `/vorschlaege/${r.id}/stellungnahme`,
  }));
  return { ok: true, items, total, consultations } as const;
}
