import { z } from "~/lib/zod";
import type { FieldErrors } from "~/lib/forms";
import { parseId, parsePage } from "~/lib/ids";
import { CONTRIBUTION_TYPES, type ContributionRef, FLAG_REASONS, type FlagReason } from "./contributions";
import { DECISIONS } from "./moderation.policy";

// The moderation queue's input (issue 9): its address (/moderation?ansicht=…&beteiligung=…&grund=…&stand=…&seite=…),
// the audit log's and the unanswered list's filters, and the decision form. Odd query values fall back to the
// defaults (a filter link is never an error); the decision form refuses bad input with field errors.

/** "flags": items with reports; "review": items waiting for approval (pre-moderation). */
export type QueueView = "flags" | "review";
/** Items with open reports, or items whose reports were decided. */
export type QueueState = "open" | "decided";

export interface QueueQuery {
  view: QueueView;
  consultationId: string | null;
  reason: FlagReason | null;
  state: QueueState;
  page: number;
}

const viewSlugs: Record<QueueView, string> = { flags: "meldungen", review: "freigabe" };
const stateSlugs: Record<QueueState, string> = { open: "offen", decided: "entschieden" };
const fromSlug = <K extends string>(slugs: Record<K, string>, slug: string | null, fallback: K): K =>
  (Object.keys(slugs) as K[]).find((k) => slugs[k] === slug) ?? fallback;

export function parseQueueQuery(params: URLSearchParams): QueueQuery {
  const view = fromSlug(viewSlugs, params.get("ansicht"), "flags");
  const reason = FLAG_REASONS.find((r) => r === params.get("grund")) ?? null;
  return {
    view,
    consultationId: parseId(params.get("beteiligung")),
    reason: view === "flags" ? reason : null,
    state: view === "flags" ? fromSlug(stateSlugs, params.get("stand"), "open") : "open",
    page: parsePage(params.get("seite")),
  };
}

/** The query as URL parameters (German slugs), leaving out defaults; `page` only when asked. */
export function queueParams(query: Omit<QueueQuery, "page"> & { page?: number }): URLSearchParams {
  const params = new URLSearchParams({ ansicht: viewSlugs[query.view] });
  if (query.consultationId) params.set("beteiligung", query.consultationId);
  if (query.view === "flags" && query.reason) params.set("grund", query.reason);
  if (query.view === "flags" && query.state !== "open") params.set("stand", stateSlugs[query.state]);
  if (query.page && query.page > 1) params.set("seite", String(query.page));
  return params;
}

/** The values the filter form shows (the slugs), so the page needs no mapping of its own. */
export const queueFormValues = (query: QueueQuery) => ({
  ansicht: viewSlugs[query.view],
  beteiligung: query.consultationId ?? "",
  grund: query.reason ?? "",
  stand: stateSlugs[query.state],
});

/** How a decision went, as the queue's address after it carries it (?erledigt=2&bereits=1&abgelehnt=0). */
export interface DoneNotice {
  decided: number;
  alreadyDecided: number;
  refused: number;
}

export function doneParams(params: URLSearchParams, done: DoneNotice): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set("erledigt", String(done.decided));
  if (done.alreadyDecided) next.set("bereits", String(done.alreadyDecided));
  if (done.refused) next.set("abgelehnt", String(done.refused));
  return next;
}

export function parseDoneNotice(params: URLSearchParams): DoneNotice | null {
  const count = (name: string) => {
    const v = params.get(name);
    return v && /^\d{1,3}$/.test(v) ? Number(v) : 0;
  };
  if (!params.has("erledigt")) return null;
  return { decided: count("erledigt"), alreadyDecided: count("bereits"), refused: count("abgelehnt") };
}

/** The audit log's filters: /moderation/protokoll?wer=<id>|automatisch&aktion=…&beteiligung=…&seite=… */
export interface AuditQuery {
  /** A person's id, "automatic" for automatic decisions, or null for everyone. */
  actor: string | "automatic" | null;
  action: string | null;
  consultationId: string | null;
  page: number;
}

export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const who = params.get("wer");
  const action = params.get("aktion");
  return {
    actor: who === "automatisch" ? "automatic" : parseId(who),
    action: action && /^[a-z_]{1,40}$/.test(action) ? action : null,
    consultationId: parseId(params.get("beteiligung")),
    page: parsePage(params.get("seite")),
  };
}

/** The unanswered proposals' filter: /moderation/stellungnahmen?beteiligung=…&seite=… */
export function parseUnansweredQuery(params: URLSearchParams) {
  return { consultationId: parseId(params.get("beteiligung")), page: parsePage(params.get("seite")) };
}

// ---------------------------------------------------------------- the decision form

/** The most items one submit decides (a page shows 20). */
export const MAX_ITEMS = 100;
const REASON_MIN = 5;
const REASON_MAX = 500;

/** One checked item: "type:id:seen", seen being the id of the newest decision the moderator saw ("0": none). */
export interface QueueItemChoice {
  ref: ContributionRef;
  seen: string;
}

export function parseItemValue(value: string): QueueItemChoice | null {
  const match = /^([a-z]+):(\d+):(\d+)$/.exec(value);
  if (!match) return null;
  const type = CONTRIBUTION_TYPES.find((t) => t === match[1]);
  const id = parseId(match[2]);
  const seen = match[3] === "0" ? "0" : parseId(match[3]);
  return type && id && seen ? { ref: { type, id }, seen } : null;
}

/** The value of an item's checkbox and of its own submit button. */
export const itemValue = (ref: ContributionRef, seen: string) => `${ref.type}:${ref.id}:${seen}`;

const decisionFormSchema = z
  .object({
    items: z.array(z.string()).max(MAX_ITEMS, "items_too_many"),
    only: z.string().optional(),
    decision: z.enum(DECISIONS, "decision_missing"),
    rule: z
      .string()
      .optional()
      .transform((v) => v?.trim() ?? ""),
    reason: z
      .string()
      .optional()
      .transform((v) => v?.trim() ?? ""),
  })
  .superRefine((input, ctx) => {
    // A hide names a house rule; hide and restore need a reason, any other decision may give one.
    if (input.decision === "hide" && !/^(regel|zusatz)-\d{1,3}$/.test(input.rule)) {
      ctx.addIssue({ code: "custom", path: ["rule"], message: "rule_missing" });
    }
    const needsReason = input.decision === "hide" || input.decision === "restore";
    if ((needsReason && !input.reason) || (input.reason && (input.reason.length < REASON_MIN || input.reason.length > REASON_MAX))) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "reason_missing" });
    }
  });

export interface DecisionForm {
  items: QueueItemChoice[];
  decision: (typeof DECISIONS)[number];
  rule: string | null;
  reason: string | null;
}

/**
 * The decision form: the checked items (`item`, several), or only the one whose own button was pressed (`only`), the
 * decision, the house rule (hide only) and the reason. Results: the form | field errors (i18n codes of the queue).
 */
export function parseDecisionForm(form: FormData): { ok: true; data: DecisionForm } | { ok: false; fieldErrors: FieldErrors } {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  const only = text("only");
  const raw = only !== undefined ? [only] : form.getAll("item").filter((v): v is string => typeof v === "string");
  const result = decisionFormSchema.safeParse({ items: raw, only, decision: text("decision"), rule: text("rule"), reason: text("reason") });
  const fieldErrors: FieldErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] === "items" || issue.path[0] === "only" ? "item" : String(issue.path[0] ?? "form");
      fieldErrors[field] ??= /^[a-z_]+$/.test(issue.message) ? issue.message : "required";
    }
  }
  const items = raw.map(parseItemValue);
  if (!fieldErrors.item && (items.length === 0 || items.some((i) => i === null))) {
    fieldErrors.item = items.length === 0 ? "item_missing" : "item_invalid";
  }
  if (!result.success || Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const { decision, rule, reason } = result.data;
  return {
    ok: true,
    data: { items: items as QueueItemChoice[], decision, rule: decision === "hide" ? rule : null, reason: reason || null },
  };
}
