import { json, redirect } from "@remix-run/node";
import {
  addCommentTo,
  commentPlace,
  deleteCommentOf,
  getCommentOf,
  listCommentsOf,
  type Comment,
  type CommentTarget,
} from "~/domain/comments/comments.server";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { commentOffers, commentRefusal, type CommentTargetFacts } from "~/domain/comments/comments.policy";
import type { PhaseDates } from "~/domain/consultations/consultations.policy";
import {
  canFlag,
  canModerate,
  type Decision,
  type HiddenKind,
  hiddenNote,
  offeredDecisions,
  seesStatementOfReasons,
} from "~/domain/moderation/moderation.policy";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { refKey } from "~/domain/moderation/contributions.server";
import { commentSchema } from "~/domain/comments/comments.schema";
import { decide, latestDecisionIds, objectionPath, statementOfReasons } from "~/domain/moderation/decisions.server";
import { type NamedRule, ruleUrl, rulesForDecision } from "~/domain/houserules/houserules.server";
import type { DB } from "./db.server";
import { parseForm, submittedValues, type FieldErrors } from "./forms";
import { notFound, refused } from "./http.server";
import { parseId, parsePage } from "./ids";
import { renderMarkdown } from "./markdown.server";

const withHtml = <T extends { bodyMd: string }>(c: T) => ({ ...c, bodyHtml: c.bodyMd ? renderMarkdown(c.bodyMd) : "" });

/** Where the comments are, as the comments' rules see it: the consultation, and whether the target is hidden or removed. */
export type CommentPlace = { consultation: PhaseDates & { id: string }; target: CommentTargetFacts };

// ——— Hidden items on their pages (issue 9): the statement of reasons and the moderators' inline decisions ———

/** An item's statement of reasons as its page shows it (statementOfReasons): never who decided. */
export type StatementView = {
  hiddenAt: Date;
  automatic: boolean;
  rule: { key: string; label: string; text: string; url: string } | null;
  reason: string | null;
  objectionDeadline: Date;
  /** Whether the author may still object (within OBJECTION_DAYS of the decision). */
  objectionOpen: boolean;
  /** The author's way to object while they may: /widerspruch/:decisionId; null for the moderators. */
  objectionUrl: string | null;
};

/** What an item's hidden state and its author tell whether this reader gets its statement of reasons. */
type HiddenFacts = { authorId: string; hiddenAt: Date | string | null; hiddenKind: HiddenKind | null };

/**
 * The statements of reasons of the given items for this reader: only for items hidden by a person or automatically,
 * only for their authors and the moderators (seesStatementOfReasons); keyed by refKey. One read per such item, and
 * there are few on a page.
 */
export async function statementsFor(
  db: DB,
  user: CurrentUser | null,
  items: { ref: ContributionRef; facts: HiddenFacts }[],
  now = new Date(),
) {
  const found = new Map<string, StatementView>();
  for (const { ref, facts } of items) {
    if (!seesStatementOfReasons(user, facts)) continue;
    const s = await statementOfReasons(db, ref);
    if (!s) continue;
    const open = now.getTime() < s.objectionDeadline.getTime();
    const isAuthor = !!user && user.id === facts.authorId;
    found.set(refKey(ref), {
      hiddenAt: s.hiddenAt,
      automatic: s.automatic,
      rule: s.rule,
      reason: s.reason,
      objectionDeadline: s.objectionDeadline,
      objectionOpen: open,
      objectionUrl: isAuthor && open ? objectionPath(s.decisionId) : null,
    });
  }
  return found;
}

/** The inline decisions a page offers a moderator about one item, and the item's version they see (sent as `seen`). */
export type ModerationOffer = { decisions: Decision[]; seen: string };

/**
 * For moderators: the decisions each item's page offers them (offeredDecisions: none about their own content) with
 * the item's version, from one query for all items; keyed by refKey. Empty for everybody else.
 */
export async function moderationOffers(db: DB, user: CurrentUser | null, items: { ref: ContributionRef; facts: HiddenFacts }[]) {
  const found = new Map<string, ModerationOffer>();
  if (!canModerate(user) || !items.length) return found;
  const versions = await latestDecisionIds(
    db,
    items.map((i) => i.ref),
  );
  for (const { ref, facts } of items) {
    const hidden = facts.hiddenAt ? { kind: facts.hiddenKind ?? "decision" } : null;
    const decisions = offeredDecisions(user, { authorId: facts.authorId, hidden });
    if (decisions.length) found.set(refKey(ref), { decisions, seen: versions.get(refKey(ref)) ?? "0" });
  }
  return found;
}

/**
 * A proposal's page: the statements of reasons and the moderators' decisions for the proposal and for its photo (a
 * photo this reader may see, or whose placeholder they see).
 */
export async function proposalModerationData(
  db: DB,
  user: CurrentUser | null,
  p: HiddenFacts & {
    id: string;
    photoFileId: string | null;
    photoHiddenAt: Date | null;
    photoHiddenKind: HiddenKind | null;
    photoHiddenNote: unknown;
  },
) {
  const proposal = { type: "proposal" as const, id: p.id };
  const photo = { type: "photo" as const, id: p.id };
  const items: { ref: ContributionRef; facts: HiddenFacts }[] = [{ ref: proposal, facts: p }];
  if (p.photoFileId !== null || p.photoHiddenNote !== null) {
    items.push({ ref: photo, facts: { authorId: p.authorId, hiddenAt: p.photoHiddenAt, hiddenKind: p.photoHiddenKind } });
  }
  const [statements, offers] = await Promise.all([statementsFor(db, user, items), moderationOffers(db, user, items)]);
  return {
    statements: { proposal: statements.get(refKey(proposal)) ?? null, photo: statements.get(refKey(photo)) ?? null },
    moderation: { proposal: offers.get(refKey(proposal)) ?? null, photo: offers.get(refKey(photo)) ?? null },
  };
}

/** The house rules a hide in this consultation can name, for the moderators' forms; none for everybody else. */
export async function rulesForModerator(db: DB, user: CurrentUser | null, consultationId: string): Promise<NamedRule[]> {
  return canModerate(user) ? rulesForDecision(db, consultationId) : [];
}

// Statuses of a refused decision that the forms tell apart: someone else decided since the page was loaded (409), a
// field is missing (400). The rest follow the general table (forbidden and own_contribution 403, not_found 404).
const decisionStatus: Record<string, number> = { already_decided: 409, rule_missing: 400, reason_missing: 400 };
const decisionFieldErrors: Record<string, FieldErrors> = {
  rule_missing: { rule: "rule_missing" },
  reason_missing: { reason: "reason_missing" },
};
const decisionNotice: Record<Decision, string> = { hide: "hidden", restore: "restored", approve: "approved", dismiss: "dismissed" };

/** A refused form's answer (refused()), naming the form that sent it; with `status` in place of the general one. */
function refusedForm(form: FormData, reason: string, extra: { fieldErrors?: FieldErrors; retryAfter?: number; status?: number } = {}) {
  const intent = String(form.get("intent") ?? "");
  const response = refused(reason, {
    fieldErrors: extra.fieldErrors ?? {},
    retryAfter: extra.retryAfter,
    form: { intent, target: String(form.get("target") ?? intent) },
    values: submittedValues(form),
  });
  return extra.status ? new Response(response.body, { status: extra.status, headers: response.headers }) : response;
}

/**
 * A moderator's inline decision about one item of a page (the forms of ModerationForm: intent hide, restore or
 * approve, with `rule`, `reason` and the version `seen`), made by decide(). Accepted: back to the item on its page
 * with a notice. Refused: the form again with why (409 when someone decided meanwhile, 400 for a missing rule or
 * reason, 403, 404), and nothing written.
 */
export async function decisionAction(db: DB, user: CurrentUser | null, ref: ContributionRef, form: FormData, pagePath: string) {
  const intent = String(form.get("intent") ?? "");
  const decision = intent === "hide" || intent === "restore" || intent === "approve" ? intent : null;
  if (!decision) return refusedForm(form, "intent_invalid");
  const result = await decide(db, user, ref, {
    decision,
    rule: String(form.get("rule") ?? ""),
    reason: String(form.get("reason") ?? ""),
    seen: String(form.get("seen") ?? ""),
  });
  if (!result.ok) {
    return refusedForm(form, result.reason, { fieldErrors: decisionFieldErrors[result.reason], status: decisionStatus[result.reason] });
  }
  const anchor = ref.type === "comment" ? `#kommentar-${ref.id}` : ref.type === "photo" ? "#foto" : "";
  const page = form.has("page") ? `seite=${parsePage(String(form.get("page")))}&` : "";
  return redirect(`${pagePath}?${page}hinweis=${decisionNotice[decision]}${anchor}`);
}

/** What the page offers under one comment for this reader: commentOffers, and "Melden" by the flags' policy. */
function offers(user: CurrentUser | null, place: CommentPlace, c: Comment, now = new Date()) {
  const hiddenAt = c.hiddenAt ?? place.target.hiddenAt ?? null;
  return {
    ...commentOffers(user, place.consultation, place.target, c, now),
    canFlag: canFlag(user, { consultation: place.consultation, authorId: c.authorId, hiddenAt, deletedAt: c.deletedAt }, now),
  };
}

// The comments part of a page's data (a proposal, a document section): this page of threads (?seite=) rendered, the
// number of visible comments, and the comments' policy's answers for this reader (the intents decide by the same
// functions): whether they may write here (`commentRefusal`) and, with each comment, whether the page offers to edit,
// delete or reply to it (`canEdit`, `canDelete`, `canReply`: commentOffers). A hidden comment carries why
// (`hiddenNote`: reason and rule for the placeholder), its statement of reasons for its author and the moderators, and
// for moderators the decisions they may make about it with its version (`moderation`), with the house rules to name
// (`rules`). The caller has checked that the reader may see the page and gives the place it has loaded.
export async function commentsPageData(db: DB, user: CurrentUser | null, target: CommentTarget, request: Request, place: CommentPlace) {
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const { threads, total, count } = await listCommentsOf(db, user, target, page);
  const now = new Date();
  const all = threads.flatMap((th) => [th, ...th.replies]).filter((c) => !c.deletedAt);
  const items = all.map((c) => ({ ref: { type: "comment" as const, id: c.id }, facts: c }));
  const [statements, offers, rules] = await Promise.all([
    statementsFor(db, user, items, now),
    moderationOffers(db, user, items),
    rulesForModerator(db, user, place.consultation.id),
  ]);
  const view = <T extends Comment>(c: T) => {
    const key = refKey({ type: "comment", id: c.id });
    return { ...commentView(user, place, c, now), statement: statements.get(key) ?? null, moderation: offers.get(key) ?? null };
  };
  return {
    threads: threads.map((th) => ({ ...view(th), replies: th.replies.map(view) })),
    /** Threads (top-level comments): the pages count these. */
    total,
    /** Visible comments, replies included: the number shown, the same as in the lists. */
    commentCount: count,
    page,
    commentRefusal: commentRefusal(user, place.consultation, place.target, now),
    moderator: canModerate(user),
    rules,
    userId: user?.id ?? null,
  };
}

/** One comment as the page shows it to this reader: rendered, with what the page offers and why it is hidden. */
function commentView(user: CurrentUser | null, place: CommentPlace, c: Comment, now = new Date()) {
  const note = c.deletedAt ? null : hiddenNote(c, (key) => ruleUrl(place.consultation.id, key));
  return { ...withHtml(c), ...offers(user, place, c, now), hiddenNote: note };
}

// The comment forms of a page that has comments (a proposal, a document section): write, reply, delete, and the
// moderators' hide/restore of a comment. Comments sent with JavaScript carry `_inplace=1` and get the new comment as
// JSON instead of a redirect. Returns null for an intent that is not about comments.
export async function commentAction(
  db: DB,
  user: CurrentUser | null,
  target: CommentTarget,
  form: FormData,
  pagePath: string,
): Promise<Response | null> {
  const intent = String(form.get("intent") ?? "");
  const fail = (reason: string, fieldErrors = {}, retryAfter?: number) => refusedForm(form, reason, { fieldErrors, retryAfter });
  const page = `${pagePath}?seite=${parsePage(String(form.get("page") ?? ""))}`;

  if (intent === "comment") {
    const parsed = parseForm(commentSchema, form);
    if (!parsed.ok) return fail("form_invalid", parsed.fieldErrors);
    const result = await addCommentTo(db, user, target, parsed.data);
    if (!result.ok) return fail(result.reason, {}, "retryAfter" in result ? result.retryAfter : undefined);
    if (form.get("_inplace") === "1") {
      const [comment, place] = await Promise.all([getCommentOf(db, user, target, result.id), commentPlace(db, user, target)]);
      if (!comment || !place) notFound();
      return json({
        ok: true as const,
        // Just written: no decision about it yet, nothing for the moderators to decide in place.
        comment: { ...commentView(user, place, comment), statement: null, moderation: null },
      });
    }
    return redirect(`${page}#kommentar-${result.id}`);
  }
  if (intent === "delete-comment") {
    const commentId = parseId(form.get("commentId"));
    const result = commentId ? await deleteCommentOf(db, user, target, commentId) : ({ ok: false, reason: "not_found" } as const);
    if (!result.ok) return fail(result.reason);
    return redirect(`${page}#kommentar-${commentId}`);
  }
  if ((intent === "hide" || intent === "restore" || intent === "approve") && form.get("targetType") === "comment") {
    const commentId = parseId(form.get("targetId")) ?? notFound();
    return decisionAction(db, user, { type: "comment", id: commentId }, form, pagePath);
  }
  return null;
}
