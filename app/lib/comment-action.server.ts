import { json, redirect } from "@remix-run/node";
import { addCommentTo, deleteCommentOf, getCommentOf, listCommentsOf, type CommentTarget } from "~/domain/comments/comments.server";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import type { CommentRefusal } from "~/domain/comments/comments.policy";
import { canModerate } from "~/domain/moderation/moderation.policy";
import { commentSchema } from "~/domain/comments/comments.schema";
import { setVisibility } from "~/domain/moderation/moderation.server";
import type { DB } from "./db.server";
import { parseForm, submittedValues } from "./forms";
import { notFound, refused } from "./http.server";
import { parseId, parsePage } from "./ids";
import { renderMarkdown } from "./markdown.server";

const withHtml = <T extends { bodyMd: string }>(c: T) => ({ ...c, bodyHtml: c.bodyMd ? renderMarkdown(c.bodyMd) : "" });

// The comments part of a page's data (a proposal, a document section): this page of threads (?seite=) rendered, the
// number of visible comments, and what the forms need to know of the reader: the policy's answer whether they may
// write here (`commentRefusal`, from comments.policy, computed by the caller who has the consultation and the
// target). The caller has checked that the reader may see the page.
export async function commentsPageData(
  db: DB,
  user: CurrentUser | null,
  target: CommentTarget,
  request: Request,
  commentRefusal: CommentRefusal | null,
) {
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const { threads, total, count } = await listCommentsOf(db, user, target, page);
  return {
    threads: threads.map((th) => ({ ...withHtml(th), replies: th.replies.map(withHtml) })),
    /** Threads (top-level comments): the pages count these. */
    total,
    /** Visible comments, replies included: the number shown, the same as in the lists. */
    commentCount: count,
    page,
    commentRefusal,
    moderator: canModerate(user),
    userId: user?.id ?? null,
    // The server's clock for the comments' edit window, so server and browser render the same buttons.
    now: new Date().toISOString(),
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
      const comment = (await getCommentOf(db, user, target, result.id)) ?? notFound();
      return json({ ok: true as const, comment: withHtml(comment), now: new Date().toISOString() });
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
    const result = await setVisibility(
      db,
      user,
      { type: "comment", id: commentId },
      { hide: intent === "hide", reason: String(form.get("reason") ?? "") },
    );
    if (!result.ok) return fail(result.reason, result.reason === "reason_missing" ? { reason: "reason_missing" } : {});
    return redirect(`${pagePath}?hinweis=${intent === "hide" ? "hidden" : "restored"}`);
  }
  return null;
}
