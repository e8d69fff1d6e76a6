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
import { canFlag, canModerate } from "~/domain/moderation/moderation.policy";
import { commentSchema } from "~/domain/comments/comments.schema";
import { decide } from "~/domain/moderation/decisions.server";
import type { DB } from "./db.server";
import { parseForm, submittedValues } from "./forms";
import { notFound, refused } from "./http.server";
import { parseId, parsePage } from "./ids";
import { renderMarkdown } from "./markdown.server";

const withHtml = <T extends { bodyMd: string }>(c: T) => ({ ...c, bodyHtml: c.bodyMd ? renderMarkdown(c.bodyMd) : "" });

/** Where the comments are, as the comments' rules see it: the consultation, and whether the target is hidden or removed. */
export type CommentPlace = { consultation: PhaseDates; target: CommentTargetFacts };

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
// delete or reply to it (`canEdit`, `canDelete`, `canReply`: commentOffers). The caller has checked that the reader
// may see the page and gives the place it has loaded.
export async function commentsPageData(db: DB, user: CurrentUser | null, target: CommentTarget, request: Request, place: CommentPlace) {
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const { threads, total, count } = await listCommentsOf(db, user, target, page);
  const now = new Date();
  const view = <T extends Comment>(c: T) => ({ ...withHtml(c), ...offers(user, place, c, now) });
  return {
    threads: threads.map((th) => ({ ...view(th), replies: th.replies.map(view) })),
    /** Threads (top-level comments): the pages count these. */
    total,
    /** Visible comments, replies included: the number shown, the same as in the lists. */
    commentCount: count,
    page,
    commentRefusal: commentRefusal(user, place.consultation, place.target, now),
    moderator: canModerate(user),
    userId: user?.id ?? null,
  };
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
  const fail = (reason: string, fieldErrors = {}, retryAfter?: number) =>
    refused(reason, {
      fieldErrors,
      retryAfter,
      form: { intent, target: String(form.get("target") ?? intent) },
      values: submittedValues(form),
    });
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
        comment: { ...withHtml(comment), ...offers(user, place, comment) },
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
  if ((intent === "hide" || intent === "restore") && form.get("targetType") === "comment") {
    const commentId = parseId(form.get("targetId")) ?? notFound();
    const result = await decide(db, user, { type: "comment", id: commentId }, {
      decision: intent === "hide" ? "hide" : "restore",
      rule: String(form.get("rule") ?? ""),
      reason: String(form.get("reason") ?? ""),
      seen: String(form.get("seen") ?? ""),
    });
    if (!result.ok) return fail(result.reason, result.reason === "reason_missing" || result.reason === "rule_missing" ? { reason: result.reason } : {});
    return redirect(`${pagePath}?hinweis=${intent === "hide" ? "hidden" : "restored"}`);
  }
  return null;
}
