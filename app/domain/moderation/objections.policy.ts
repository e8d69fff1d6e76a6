import type { CurrentUser } from "../accounts/accounts.policy";
import { canModerate, OBJECTION_DAYS } from "./moderation.policy";

// Objections (Widerspruch, issue 9): the author of a hidden contribution contests the decision once, within
// OBJECTION_DAYS days; a different moderator decides. Pure: the author's page and the moderators' queue show their
// forms by these rules, and the intents in objections.server.ts decide by the same functions.

/** How long the objection text and the decider's reason may be (characters, trimmed). */
export const OBJECTION_TEXT_MIN = 10;
export const OBJECTION_TEXT_MAX = 2000;
export const OBJECTION_REASON_MIN = 5;
export const OBJECTION_REASON_MAX = 500;

/** What a moderator can decide about an objection: the item stays hidden, or it is shown again. */
export const OBJECTION_OUTCOMES = ["upheld", "restored"] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

const DAY = 24 * 60 * 60 * 1000;

/** The last moment an objection to a decision made at `decidedAt` is possible. */
export const objectionDeadlineOf = (decidedAt: Date | string) => new Date(new Date(decidedAt).getTime() + OBJECTION_DAYS * DAY);

export type ObjectionRefusal =
  "login_required" | "not_found" | "already_objected" | "decision_superseded" | "no_longer_hidden" | "objection_period_over";

/** What the rules of objecting need to know of a decision and its item. */
export interface ObjectionFacts {
  /** The contested decision (its audit-log id) and when it was made. */
  decisionId: string;
  decidedAt: Date | string;
  authorId: string;
  /** The item's newest hide or auto-hide decision (null: none). */
  currentHideDecisionId: string | null;
  /** The item's own hidden state now (null: visible). */
  hiddenKind: "decision" | "automatic" | "review" | null;
  deleted: boolean;
  /** Whether the author already objected to this decision. */
  objected: boolean;
}

/**
 * Why this person may not object to this decision now, or null. Only the item's author, signed in (a suspended account
 * may still object: it is about their rights); for anyone else the decision does not exist. Once per decision. Only
 * while the item is hidden by this decision — the newest hide of the item, the item still hidden by a person or
 * automatically — and within OBJECTION_DAYS days of it.
 */
export function objectionRefusal(user: CurrentUser | null, facts: ObjectionFacts, now: Date = new Date()): ObjectionRefusal | null {
  if (!user) return "login_required";
  if (user.id !== facts.authorId || facts.deleted) return "not_found";
  if (facts.objected) return "already_objected";
  const hidden = facts.hiddenKind === "decision" || facts.hiddenKind === "automatic";
  if (facts.currentHideDecisionId !== facts.decisionId) return hidden ? "decision_superseded" : "no_longer_hidden";
  if (!hidden) return "no_longer_hidden";
  if (now.getTime() > objectionDeadlineOf(facts.decidedAt).getTime()) return "objection_period_over";
  return null;
}

/** For the UI: show the objection form? */
export const canObject = (user: CurrentUser | null, facts: ObjectionFacts, now?: Date) => objectionRefusal(user, facts, now) === null;

export type ObjectionDecisionRefusal = "forbidden" | "own_contribution" | "own_decision" | "already_decided";

/** What the rules of deciding an objection need to know. */
export interface ObjectionDecisionFacts {
  /** The author of the contested item (who objected). */
  authorId: string;
  /** Who made the contested decision (null: automatic). */
  decidedAgainstBy: string | null;
  decided: boolean;
}

/**
 * Why this person may not decide this objection, or null: moderators (admins include them), never the person who made
 * the contested decision, never about their own content, and only once.
 */
export function objectionDecisionRefusal(user: CurrentUser | null, facts: ObjectionDecisionFacts): ObjectionDecisionRefusal | null {
  if (!canModerate(user)) return "forbidden";
  if (user!.id === facts.authorId) return "own_contribution";
  if (facts.decidedAgainstBy !== null && user!.id === facts.decidedAgainstBy) return "own_decision";
  if (facts.decided) return "already_decided";
  return null;
}

/** For the UI: show the decision form for this objection? */
export const canDecideObjection = (user: CurrentUser | null, facts: ObjectionDecisionFacts) =>
  objectionDecisionRefusal(user, facts) === null;

/** The HTTP status of each refusal of the objection flows (a refused action is a 4xx, never a 500). */
export const objectionStatus: Record<ObjectionRefusal | ObjectionDecisionRefusal | "form_invalid", number> = {
  login_required: 401,
  forbidden: 403,
  own_contribution: 403,
  own_decision: 403,
  not_found: 404,
  already_objected: 409,
  already_decided: 409,
  decision_superseded: 409,
  no_longer_hidden: 409,
  objection_period_over: 409,
  form_invalid: 422,
};
