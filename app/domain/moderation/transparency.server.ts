import type { DB, Queryable } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import type { CurrentUser } from "../accounts/accounts.policy";
import type { Phase } from "../consultations/consultations.policy";
import { getConsultation, listConsultations } from "../consultations/consultations.server";
import { FLAG_REASONS, type FlagReason } from "./contributions";
import * as q from "./transparency.queries.server";

// The public transparency figures of moderation and of the administration's answers (issue 9): for the platform (every
// published consultation together, and each published consultation's key figures) and for one consultation. Counted
// from the audit log and the tables it refers to, at the moment of the request; no names, no ids of people.

export interface FlagFigure {
  received: number;
  /** Not yet decided. */
  open: number;
  /** Decided: the item was hidden. */
  hidden: number;
  /** Decided: the item stayed (or became) visible. */
  kept: number;
}

/** A house rule that hide decisions named: "regel-3" is the platform's rule 3, "zusatz-1" a consultation's addition 1. */
export interface RuleFigure {
  key: string | null;
  kind: "platform" | "addition" | null;
  number: number | null;
  /** The rule's words when it was named; a rule whose words changed in between is listed once per wording. */
  text: string | null;
  count: number;
}

/** A median in seconds over `count` cases; null when there are none. */
export interface Duration {
  count: number;
  medianSeconds: number | null;
}

export interface TransparencyFigures {
  contributions: { proposals: number; proposalComments: number; sectionComments: number; total: number };
  flags: { byReason: (FlagFigure & { reason: FlagReason })[]; total: FlagFigure };
  decisions: { hidden: number; autoHidden: number; dismissed: number; restored: number; approved: number };
  hiddenByRule: RuleFigure[];
  objections: { received: number; upheld: number; restored: number; open: number };
  times: {
    /** From a report to its decision, over decided reports. */
    flagDecision: Duration;
    /** From a proposal to its official answer, over answered proposals. */
    answer: Duration;
    /** Visible proposals without an answer yet, and how long they have waited so far. */
    waiting: Duration;
  };
}

/** What the platform page lists for each consultation. */
export interface KeyFigures {
  contributions: number;
  flags: number;
  openFlags: number;
  /** Hidden by a person or automatically. */
  hidden: number;
  objections: number;
  answerMedianSeconds: number | null;
}

const RULE_KINDS = { regel: "platform", zusatz: "addition" } as const;

function ruleFigure(rule: string | null, text: string | null, count: number): RuleFigure {
  const match = rule ? /^(regel|zusatz)-(\d{1,4})$/.exec(rule) : null;
  return match
    ? { key: rule, kind: RULE_KINDS[match[1] as keyof typeof RULE_KINDS], number: Number(match[2]), text, count }
    : { key: rule, kind: null, number: null, text, count };
}

/** The platform's rules first, then a consultation's additions, each by number; decisions naming no rule last. */
function byRule(a: RuleFigure, b: RuleFigure) {
  const order = (r: RuleFigure) => (r.kind === "platform" ? 0 : r.kind === "addition" ? 1 : 2);
  return order(a) - order(b) || (a.number ?? 0) - (b.number ?? 0) || b.count - a.count || (a.text ?? "").localeCompare(b.text ?? "");
}

const median = (value: number | null | undefined) => (value === null || value === undefined ? null : Number(value));

/** Every figure for each key of the scope (a consultation's id, or "all"); keys without rows get zeros. */
async function figuresFor(db: Queryable, scope: q.Scope, now: Date, withRules: boolean): Promise<Map<string, TransparencyFigures>> {
  const keys = scope.kind === "platform" ? [q.PLATFORM_KEY] : scope.ids;
  const [contributions, flags, decisions, rules, objections, flagTimes, answerTimes, waiting] = await Promise.all([
    q.contributionCounts(db, scope),
    q.flagsByReason(db, scope),
    q.decisionCounts(db, scope),
    withRules ? q.hidesByRule(db, scope) : Promise.resolve([]),
    q.objectionCounts(db, scope),
    q.flagDecisionTimes(db, scope),
    q.answerTimes(db, scope),
    q.waitingForAnswer(db, scope, now),
  ]);
  const one = <T extends { key: string }>(list: T[], key: string) => list.find((r) => r.key === key);
  const result = new Map<string, TransparencyFigures>();
  for (const key of keys) {
    const c = one(contributions, key);
    const byReason = FLAG_REASONS.map((reason) => {
      const r = flags.find((f) => f.key === key && f.reason === reason);
      return { reason, received: r?.received ?? 0, open: r?.open ?? 0, hidden: r?.hidden ?? 0, kept: r?.kept ?? 0 };
    });
    const sum = (field: keyof FlagFigure) => byReason.reduce((n, r) => n + r[field], 0);
    const d = one(decisions, key);
    const o = one(objections, key);
    const ft = one(flagTimes, key);
    const at = one(answerTimes, key);
    const w = one(waiting, key);
    const proposals = c?.proposals ?? 0;
    const proposalComments = c?.proposal_comments ?? 0;
    const sectionComments = c?.section_comments ?? 0;
    result.set(key, {
      contributions: { proposals, proposalComments, sectionComments, total: proposals + proposalComments + sectionComments },
      flags: { byReason, total: { received: sum("received"), open: sum("open"), hidden: sum("hidden"), kept: sum("kept") } },
      decisions: {
        hidden: d?.hidden ?? 0,
        autoHidden: d?.auto_hidden ?? 0,
        dismissed: d?.dismissed ?? 0,
        restored: d?.restored ?? 0,
        approved: d?.approved ?? 0,
      },
      hiddenByRule: rules
        .filter((r) => r.key === key)
        .map((r) => ruleFigure(r.rule, r.rule_text, r.count))
        .sort(byRule),
      objections: { received: o?.received ?? 0, upheld: o?.upheld ?? 0, restored: o?.restored ?? 0, open: o?.open ?? 0 },
      times: {
        flagDecision: { count: ft?.decided ?? 0, medianSeconds: median(ft?.median) },
        answer: { count: at?.answered ?? 0, medianSeconds: median(at?.median) },
        waiting: { count: w?.waiting ?? 0, medianSeconds: median(w?.median) },
      },
    });
  }
  return result;
}

function keyFigures(f: TransparencyFigures): KeyFigures {
  return {
    contributions: f.contributions.total,
    flags: f.flags.total.received,
    openFlags: f.flags.total.open,
    hidden: f.decisions.hidden + f.decisions.autoHidden,
    objections: f.objections.received,
    answerMedianSeconds: f.times.answer.medianSeconds,
  };
}

export interface ListedConsultation {
  id: string;
  title: string;
  phase: Phase;
  figures: KeyFigures;
}

// The platform's transparency page: the figures of every published consultation together, and one page of the
// published consultations (in the order of the start page) with their key figures. Public and the same for every
// reader (drafts never count). Results: ok with the figures, the listed consultations, their total and the time.
export async function platformTransparency(db: DB, page: number, now: Date = new Date()) {
  const { items, total } = await listConsultations(db, null, page, {}, now);
  const ids = items.map((c) => c.id);
  const [platform, perConsultation] = await Promise.all([
    figuresFor(db, { kind: "platform" }, now, true),
    figuresFor(db, { kind: "consultations", ids }, now, false),
  ]);
  const consultations: ListedConsultation[] = items.map((c) => ({
    id: c.id,
    title: c.title,
    phase: c.phase,
    figures: keyFigures(perConsultation.get(c.id)!),
  }));
  return { ok: true, figures: platform.get(q.PLATFORM_KEY)!, consultations, total, pageSize: PAGE_SIZE, asOf: now } as const;
}

// One consultation's transparency page, for a reader who may see the consultation (drafts: admins only), counting
// only that consultation. Results: ok with the consultation, its figures and the time | not_found.
export async function consultationTransparency(db: DB, user: CurrentUser | null, id: string, now: Date = new Date()) {
  const found = await getConsultation(db, user, id);
  if (!found.ok) return found;
  const { consultation } = found;
  const figures = (await figuresFor(db, { kind: "consultations", ids: [consultation.id] }, now, true)).get(consultation.id)!;
  return {
    ok: true,
    consultation: { id: consultation.id, title: consultation.title, phase: consultation.phase },
    figures,
    asOf: now,
  } as const;
}
