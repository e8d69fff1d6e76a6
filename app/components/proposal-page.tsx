import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { canDeleteComment, canEditComment } from "~/domain/comments/comments.policy";
import { Field, FormErrors } from "./forms";
import { Markdown } from "./content";

/** What the proposal page's action answers when it refuses; `target` names the form that sent it. */
export type ActionResult = { formError: string; fieldErrors: FieldErrors; intent?: string; target?: string; values?: Record<string, string> };

const forTarget = (result: ActionResult | undefined, target: string) => (result?.target === target ? result : undefined);

export function VoteForm({ myVote, result }: { myVote: number; result?: ActionResult }) {
  const t = useT();
  const key = String(myVote) as "1" | "-1" | "0";
  return (
    <Form method="post" preventScrollReset className="vote-form">
      <FormErrors result={forTarget(result, "vote")} />
      <input type="hidden" name="intent" value="vote" />
      <p role="status">{t.proposal.yourVote[key]}</p>
      <div className="button-row">
        <button type="submit" name="value" value="1" className="button" aria-pressed={myVote === 1}>
          {t.proposal.voteFor}
        </button>
        <button type="submit" name="value" value="-1" className="button" aria-pressed={myVote === -1}>
          {t.proposal.voteAgainst}
        </button>
        {myVote !== 0 ? (
          <button type="submit" name="value" value="0" className="button button--quiet">
            {t.proposal.withdraw}
          </button>
        ) : null}
      </div>
    </Form>
  );
}

export function CommentForm({ page, parentId, parentAuthor, result }: { page: number; parentId?: string; parentAuthor?: string; result?: ActionResult }) {
  const t = useT();
  const target = parentId ? `reply-${parentId}` : "comment";
  const own = forTarget(result, target);
  const form = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  const sending = navigation.formData?.get("target") === target;
  const wasSending = useRef(false);
  // Empty the form once its comment was accepted (the page then shows it); keep the text when it was refused.
  useEffect(() => {
    if (wasSending.current && !sending && !own) form.current?.reset();
    wasSending.current = sending;
  }, [sending, own]);
  return (
    <Form method="post" preventScrollReset className="stack comment-form" ref={form}>
      <FormErrors result={own} />
      <input type="hidden" name="intent" value="comment" />
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="page" value={page} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <Field
        name="body"
        id={parentId ? `antwort-${parentId}` : "kommentar"}
        label={parentId ? t.comment.replyLabel(parentAuthor ?? "") : t.comment.label}
        hint={t.comment.hint}
        errors={own?.fieldErrors}
        defaultValue={own?.values?.body}
        multiline
        rows={parentId ? 3 : 5}
        required
      />
      <button type="submit" className="button button--primary">
        {parentId ? t.comment.replySubmit : t.comment.submit}
      </button>
    </Form>
  );
}

export function ModerationForm({ targetType, targetId, hidden, result }: { targetType: "proposal" | "comment"; targetId: string; hidden: boolean; result?: ActionResult }) {
  const t = useT();
  const target = `moderate-${targetType}-${targetId}`;
  const own = forTarget(result, target);
  return (
    <details className="moderation" open={!!own}>
      <summary>{hidden ? t.moderation.restore : t.moderation.hide}</summary>
      <Form method="post" preventScrollReset className="stack">
        <FormErrors result={own} />
        <input type="hidden" name="intent" value={hidden ? "restore" : "hide"} />
        <input type="hidden" name="target" value={target} />
        <input type="hidden" name="targetType" value={targetType} />
        <input type="hidden" name="targetId" value={targetId} />
        <Field name="reason" id={`grund-${targetType}-${targetId}`} label={t.moderation.reason} hint={t.moderation.reasonHint} errors={own?.fieldErrors} required />
        <button type="submit" className="button">
          {hidden ? t.moderation.restore : t.moderation.hide}
        </button>
      </Form>
    </details>
  );
}

type CommentView = {
  id: string;
  authorId: string;
  authorName: string;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  hiddenAt: string | null;
  hiddenReason: string | null;
  deletedAt: string | null;
};

/** Deleting one's comment, with a confirmation step that needs no JavaScript: the button sits inside a <details>. */
function DeleteCommentForm({ commentId, page, result }: { commentId: string; page: number; result?: ActionResult }) {
  const t = useT();
  const target = `delete-${commentId}`;
  const own = forTarget(result, target);
  return (
    <details className="comment__delete" open={!!own}>
      <summary>{t.comment.delete}</summary>
      <Form method="post" preventScrollReset className="stack">
        <FormErrors result={own} />
        <input type="hidden" name="intent" value="delete-comment" />
        <input type="hidden" name="target" value={target} />
        <input type="hidden" name="commentId" value={commentId} />
        <input type="hidden" name="page" value={page} />
        <p>{t.comment.deleteConfirm}</p>
        <button type="submit" className="button">
          {t.comment.deleteSubmit}
        </button>
      </Form>
    </details>
  );
}

export function CommentItem(props: {
  comment: CommentView;
  canReply: boolean;
  userId: string | null;
  moderator: boolean;
  /** The person may contribute here now (consultation open, proposal not hidden). */
  open: boolean;
  /** The server's time of the page, for the edit window. */
  now: string;
  page: number;
  result?: ActionResult;
}) {
  const t = useT();
  const c = props.comment;
  const hiddenForPublic = c.hiddenAt && !c.bodyHtml;
  const me = props.userId ? { id: props.userId } : null;
  return (
    <article className="comment" id={`kommentar-${c.id}`} aria-labelledby={`kommentar-${c.id}-von`}>
      <p className="meta" id={`kommentar-${c.id}-von`}>
        <strong>{c.deletedAt ? t.comment.deletedAuthor : c.authorName}</strong>, {t.common.dateTime(c.createdAt)}
        {c.editedAt && !c.deletedAt ? ` (${t.comment.edited})` : null}
      </p>
      {c.deletedAt ? (
        <p className="placeholder">{t.comment.deleted}</p>
      ) : hiddenForPublic ? (
        <p className="placeholder">{t.comment.hidden(c.hiddenReason ?? "")}</p>
      ) : (
        <>
          {c.hiddenAt ? <p className="alert alert--warning">{t.proposal.hiddenForStaff}: {c.hiddenReason}</p> : null}
          <Markdown html={c.bodyHtml} />
        </>
      )}
      <div className="comment__actions">
        {canEditComment(me, c, props.open, new Date(props.now)) ? <Link to={`/kommentare/${c.id}/bearbeiten`}>{t.common.edit}</Link> : null}
        {canDeleteComment(me, c, props.open) ? <DeleteCommentForm commentId={c.id} page={props.page} result={props.result} /> : null}
        {props.canReply ? (
          <details open={props.result?.target === `reply-${c.id}`}>
            <summary>{t.comment.reply}</summary>
            <CommentForm page={props.page} parentId={c.id} parentAuthor={c.authorName} result={props.result} />
          </details>
        ) : null}
        {props.moderator && !c.deletedAt ? <ModerationForm targetType="comment" targetId={c.id} hidden={!!c.hiddenAt} result={props.result} /> : null}
      </div>
    </article>
  );
}
