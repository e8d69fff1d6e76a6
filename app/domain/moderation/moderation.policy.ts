import { activeSuspension, type CurrentUser, isModerator } from "../accounts/accounts.policy";
import { canView, type ContributionRefusal, contributionRefusal, type PhaseDates } from "../consultations/consultations.policy";

// Who moderates. Pure: the moderation intents decide by these rules, pages use the same functions to show the
// moderation forms and the content of hidden contributions.

export type ModerationRefusal = "forbidden";

/** Hiding and restoring contributions and reading the audit log: moderators (admins include them), not while an
 * admin has suspended them. */
export function moderationRefusal(user: CurrentUser | null): ModerationRefusal | null {
  if (!isModerator(user)) return "forbidden";
  return activeSuspension(user) ? "forbidden" : null;
}

/** For the UI: show the moderation forms? */
export const canModerate = (user: CurrentUser | null) => moderationRefusal(user) === null;

/** Why an item is hidden (decision 0017): a moderator's decision, auto-hide after reports, or waiting for approval. */
export type HiddenKind = "decision" | "automatic" | "review";

/** What a reader's view of a (possibly hidden) contribution depends on. Without a kind, a hidden item counts as hidden
 *  by a decision; without an author, nobody reading it counts as its author. */
export interface HideableFacts {
  hiddenAt: Date | string | null;
  hiddenKind?: HiddenKind | null;
  authorId?: string | null;
}

/**
 * How one reader sees one contribution (a proposal, a comment, a proposal's photo):
 * - "visible": not hidden;
 * - "staff": moderators and admins see the content of every hidden item, marked with its state;
 * - "author": its author sees their item that waits for approval, with the note that only they and the moderation
 *   see it;
 * - "placeholder": hidden by a person or automatically: everybody else — the author too — sees the placeholder (with
 *   the reason and the rule when a person decided); the author and the moderators also get the statement of reasons
 *   (seesStatementOfReasons);
 * - "absent": waiting for approval, for everybody else: not shown at all (a proposal's page is not found, a comment is
 *   left out of its thread).
 */
export type Visibility = "visible" | "staff" | "author" | "placeholder" | "absent";

export function visibilityFor(user: CurrentUser | null, item: HideableFacts): Visibility {
  if (!item.hiddenAt) return "visible";
  if (canModerate(user)) return "staff";
  const own = !!user && !!item.authorId && user.id === item.authorId;
  if (item.hiddenKind === "review") return own ? "author" : "absent";
  return "placeholder";
}

/**
 * Whether this reader sees a hidden contribution only as its placeholder, or not at all (visibilityFor). Moderators
 * see the content, marked as hidden, so that they can decide about it again; authors see their own waiting items.
 */
export function hiddenFor(user: CurrentUser | null, item: HideableFacts): boolean {
  const visibility = visibilityFor(user, item);
  return visibility === "placeholder" || visibility === "absent";
}

/** Whether this reader gets an item's statement of reasons on its page: its author and the moderators, while a person
 *  or auto-hide has hidden it (an item waiting for approval has no decision yet). */
export function seesStatementOfReasons(user: CurrentUser | null, item: HideableFacts): boolean {
  if (!item.hiddenAt || item.hiddenKind === "review") return false;
  return canModerate(user) || (!!user && !!item.authorId && user.id === item.authorId);
}

/** How the pages name a house rule by its key (decision 0017): "3" for regel-3, "Z1" for a consultation's zusatz-1. */
export function ruleLabel(key: string): string {
  return key.startsWith("zusatz-") ? `Z${key.slice("zusatz-".length)}` : key.replace(/^regel-/, "");
}

/** What a placeholder or a moderator's mark says of a hidden item: why, and the rule a person named (with its link). */
export interface HiddenNote {
  kind: HiddenKind;
  reason: string | null;
  rule: { key: string; label: string; url: string } | null;
}

/** The note of an item's own hidden state, or null when it is visible; `urlOf` links a rule (houserules' ruleUrl). */
export function hiddenNote(
  item: { hiddenAt: Date | string | null; hiddenKind?: HiddenKind | null; hiddenReason?: string | null; hiddenRule?: string | null },
  urlOf: (key: string) => string,
): HiddenNote | null {
  if (!item.hiddenAt) return null;
  const kind = item.hiddenKind ?? "decision";
  // Only a person's decision has a reason and a rule; auto-hide and pre-moderation have neither.
  if (kind !== "decision") return { kind, reason: null, rule: null };
  const key = item.hiddenRule ?? null;
  return { kind, reason: item.hiddenReason ?? null, rule: key ? { key, label: ruleLabel(key), url: urlOf(key) } : null };
}

export type FlagRefusal = ContributionRefusal | "not_found" | "own_contribution" | "hidden";

/** What the rules of reporting need to know of a contribution (any type; see contributions.server.ts). */
export interface FlaggableFacts {
  consultation: PhaseDates;
  authorId: string;
  hiddenAt: Date | string | null;
  deletedAt: Date | string | null;
}

/**
 * Why this person may not report this contribution now, or null (issue 9, decision 0016): like contributing — signed
 * in with a confirmed address, residents and staff, while the consultation is open — and not one's own contribution,
 * not one that is hidden or deleted (there is nothing left to show the moderators). A contribution in a consultation
 * this person may not see does not exist for them.
 */
export function flagRefusal(user: CurrentUser | null, item: FlaggableFacts, now: Date = new Date()): FlagRefusal | null {
  if (!canView(user, item.consultation)) return "not_found";
  const refusal = contributionRefusal(user, item.consultation, now);
  if (refusal) return refusal;
  if (item.deletedAt) return "not_found";
  if (user && user.id === item.authorId) return "own_contribution";
  if (item.hiddenAt) return "hidden";
  return null;
}

/** For the UI: show "Melden" under this contribution? */
export const canFlag = (user: CurrentUser | null, item: FlaggableFacts, now?: Date) => flagRefusal(user, item, now) === null;

/** What a moderator can decide about a contributed item (issue 9, decision 0017). */
export const DECISIONS = ["hide", "dismiss", "restore", "approve"] as const;
export type Decision = (typeof DECISIONS)[number];

export type DecisionRefusal = "forbidden" | "own_contribution" | "already_decided";

/** The item's state a decision depends on. */
export interface DecidableFacts {
  authorId: string;
  hidden: { kind: "decision" | "automatic" | "review" } | null;
  openFlags: number;
  /** Deleted by its author: only its open reports can still be closed. */
  deleted?: boolean;
}

/**
 * Why this person may not make this decision about this item now, or null. Moderators only, never about their own
 * content (nor reports about it). Each decision needs the state it changes:
 * - hide: not yet hidden by a person (visible, hidden automatically, or waiting for approval — then it is refused);
 * - dismiss: open reports (an automatically hidden item becomes visible again);
 * - restore: hidden by a person or automatically;
 * - approve: waiting for approval.
 * Anything else means someone decided in between: "already_decided".
 */
export function decisionRefusal(user: CurrentUser | null, decision: Decision, item: DecidableFacts): DecisionRefusal | null {
  if (!canModerate(user)) return "forbidden";
  if (user!.id === item.authorId) return "own_contribution";
  const kind = item.hidden?.kind ?? null;
  if (item.deleted) return decision === "dismiss" && item.openFlags > 0 ? null : "already_decided";
  const fits =
    decision === "hide"
      ? kind !== "decision"
      : decision === "dismiss"
        ? item.openFlags > 0 && kind !== "decision" && kind !== "review"
        : decision === "restore"
          ? kind === "decision" || kind === "automatic"
          : kind === "review";
  return fits ? null : "already_decided";
}

/** The decisions an item's page offers this person as inline forms (hide, restore, approve), by decisionRefusal: none
 *  to non-moderators, none about their own content. Dismissing reports is the queue's decision. */
export function offeredDecisions(user: CurrentUser | null, item: Omit<DecidableFacts, "openFlags">): Decision[] {
  return (["hide", "restore", "approve"] as const).filter((d) => decisionRefusal(user, d, { ...item, openFlags: 0 }) === null);
}

/** Days an author has to object to a decision that hid their contribution. */
export const OBJECTION_DAYS = 14;
