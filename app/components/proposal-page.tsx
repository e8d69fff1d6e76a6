import { Form, Link, useFetcher } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { errorText, useT, type Messages } from "~/i18n";
import { ownEntry } from "~/lib/lookup";
import type { HiddenNote, Visibility } from "~/domain/moderation/moderation.policy";
import { HiddenMark, HiddenPlaceholder, StatementOfReasons, type StatementData } from "./statement-of-reasons";
import type { FieldErrors } from "~/lib/forms";
import type { CommentRefusal } from "~/domain/comments/comments.policy";
import type { VoteRefusal } from "~/domain/votes/votes.policy";
import { Field, FormErrors } from "./forms";
import { Markdown, Pagination } from "./content";
import { PAGE_SIZE } from "~/lib/ids";
import { flagUrl } from "~/domain/moderation/contributions";
import { VoteCounts } from "./proposals";
import { HouseRulesNote } from "./ProposalFormFields";

/**
 * Where the comment forms post and what makes their ids unique: by default the page's own route. The comments of a
 * document section shown inline on the text page post to the section's route instead.
 */
const CommentsPlace = createContext<{ action?: string; idSuffix: string }>({ idSuffix: "" });

/** What the proposal page's action answers when it refuses; `target` names the form that sent it. */
export type ActionResult = {
  formError: string;
  fieldErrors: FieldErrors;
  intent?: string;
  target?: string;
  values?: Record<string, string>;
};

/** A vote's answer to the in-place form: the person's vote and the counts as stored after the vote's transaction. */
export type VoteTally = { votesFor: number; votesAgainst: number; net: number };
export type VoteAnswer = VoteTally & { ok: true; myVote: number };

/** A comment's answer to the in-place form: the new comment, rendered, with the policy's offers for its author. */
export type AddedComment = CommentView;
export type CommentAnswer = { ok: true; comment: AddedComment };

const forTarget = (result: ActionResult | undefined, target: string) => (result?.target === target ? result : undefined);
const isOk = <T extends { ok: true }>(data: T | ActionResult | undefined): data is T => !!data && "ok" in data && data.ok === true;
const refusalOf = (data: { ok: true } | ActionResult | undefined) => (data && "formError" in data ? data : undefined);

/**
 * Why one cannot vote or write here now, in words, from the policy's answer the loader sent; null when the page
 * needs no words (nothing refused, or a hidden proposal, whose placeholder says it all).
 */
export function refusalText(t: Messages, refusal: CommentRefusal | VoteRefusal | null): string | null {
  if (!refusal || refusal === "hidden") return null;
  if (refusal === "section_removed") return t.errors.section_removed;
  return t.consultation.contribute[refusal];
}

/** True once React runs in the browser. */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * Asks the action for a JSON answer instead of a redirect, so the page updates in place (see the route's
 * shouldRevalidate). Rendered only with JavaScript: a plain form posts and follows the redirect.
 */
function InPlaceField() {
  return useHydrated() ? <input type="hidden" name="_inplace" value="1" /> : null;
}

/**
 * The counts and the vote buttons, shown when the votes' policy lets this person vote (`refusal` null), else why
 * not. With JavaScript a vote is sent by a fetcher and the counts the server answers replace the shown ones
 * (announced politely); the buttons keep their size and place. The fetcher's answer counts only while the page data
 * it followed is current: a later reload of the page brings newer counts.
 */
export function VotePanel(props: { tally: VoteTally; myVote: number; refusal: VoteRefusal | null; result?: ActionResult }) {
  const t = useT();
  const fetcher = useFetcher<VoteAnswer | ActionResult>();
  const answeredFor = useRef(new WeakMap<object, VoteTally>());
  const answer = isOk<VoteAnswer>(fetcher.data) ? fetcher.data : undefined;
  if (answer && !answeredFor.current.has(answer)) answeredFor.current.set(answer, props.tally);
  const current = answer && answeredFor.current.get(answer) === props.tally ? answer : { ...props.tally, myVote: props.myVote };
  const myVote = current.myVote;
  const key = String(myVote) as "1" | "-1" | "0";
  const refusal = fetcher.state === "idle" ? (refusalOf(fetcher.data) ?? forTarget(props.result, "vote")) : undefined;
  const why = refusalText(t, props.refusal);
  return (
    <>
      <div aria-live="polite" aria-atomic="true">
        <VoteCounts votesFor={current.votesFor} votesAgainst={current.votesAgainst} net={current.net} />
      </div>
      {why ? (
        <p className="hint">{why}</p>
      ) : props.refusal === null ? (
        <fetcher.Form method="post" preventScrollReset className="vote-form" aria-busy={fetcher.state !== "idle"}>
          <FormErrors result={refusal} />
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="target" value="vote" />
          <InPlaceField />
          <p role="status">{t.proposal.yourVote[key]}</p>
          <div className="button-row">
            <button type="submit" name="value" value="1" className="button" aria-pressed={myVote === 1}>
              {t.proposal.voteFor}
            </button>
            <button type="submit" name="value" value="-1" className="button" aria-pressed={myVote === -1}>
              {t.proposal.voteAgainst}
            </button>
            {/* Always there, so nothing moves when a vote is cast or withdrawn; without a vote it does nothing. */}
            <button
              type="submit"
              name="value"
              value="0"
              className="button button--quiet"
              aria-disabled={myVote === 0}
              onClick={(event) => {
                if (myVote === 0) event.preventDefault();
              }}
            >
              {t.proposal.withdraw}
            </button>
          </div>
        </fetcher.Form>
      ) : null}
    </>
  );
}

/**
 * A comment or a reply. With JavaScript it is sent by a fetcher: an accepted comment empties the form and is
 * handed to `onAdded` (the page shows it in place); a refused one keeps the text and shows why.
 */
export function CommentForm({
  page,
  parentId,
  parentAuthor,
  result,
  onAdded,
}: {
  page: number;
  parentId?: string;
  parentAuthor?: string;
  result?: ActionResult;
  onAdded?: (answer: CommentAnswer) => void;
}) {
  const t = useT();
  const place = useContext(CommentsPlace);
  const target = parentId ? `reply-${parentId}` : "comment";
  const fetcher = useFetcher<CommentAnswer | ActionResult>();
  const fromPage = forTarget(result, target);
  const own = fetcher.state === "idle" ? (refusalOf(fetcher.data) ?? fromPage) : undefined;
  const form = useRef<HTMLFormElement>(null);
  const handled = useRef<unknown>(null);
  // What the status line says after a comment was taken: published, or waiting for approval (pre-moderation).
  const [accepted, setAccepted] = useState<"published" | "waiting" | null>(null);
  useEffect(() => {
    if (fetcher.state !== "idle" || !isOk<CommentAnswer>(fetcher.data) || handled.current === fetcher.data) return;
    handled.current = fetcher.data;
    form.current?.reset();
    setAccepted(fetcher.data.comment.visibility === "author" ? "waiting" : "published");
    onAdded?.(fetcher.data);
  }, [fetcher.state, fetcher.data, onAdded]);
  useEffect(() => {
    if (fetcher.state === "submitting") setAccepted(null);
  }, [fetcher.state]);
  return (
    <fetcher.Form
      method="post"
      action={place.action}
      preventScrollReset
      className="stack comment-form"
      ref={form}
      aria-busy={fetcher.state !== "idle"}
    >
      <FormErrors result={own} />
      <input type="hidden" name="intent" value="comment" />
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="page" value={page} />
      <InPlaceField />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <Field
        name="body"
        id={parentId ? `antwort-${parentId}` : `kommentar${place.idSuffix}`}
        label={parentId ? t.comment.replyLabel(parentAuthor ?? "") : t.comment.label}
        hint={t.comment.hint}
        errors={own?.fieldErrors}
        defaultValue={fromPage?.values?.body}
        multiline
        rows={parentId ? 3 : 5}
        required
      />
      <HouseRulesNote />
      <button type="submit" className="button button--primary">
        {parentId ? t.comment.replySubmit : t.comment.submit}
      </button>
      <div role="status" className="form-status">
        {accepted === "waiting" ? <p>{t.comment.addedForReview}</p> : null}
        {accepted === "published" ? <p>{parentId ? t.comment.replyAdded : t.comment.added}</p> : null}
      </div>
    </fetcher.Form>
  );
}

/**
 * The comments written on this page with JavaScript since its data was loaded, shown in place. They belong to
 * that page data: once the page is loaded again (e.g. after a moderation decision) the list has them itself.
 */
export function useAddedComments(pageData: object) {
  const [state, setState] = useState<{ base: object; items: AddedComment[] }>({ base: pageData, items: [] });
  const current = state.base === pageData ? state : { base: pageData, items: [] };
  const add = useCallback(
    (answer: CommentAnswer) =>
      setState((prev) => {
        const items = prev.base === pageData ? prev.items : [];
        if (items.some((c) => c.id === answer.comment.id)) return prev;
        return { base: pageData, items: [...items, answer.comment] };
      }),
    [pageData],
  );
  return {
    topLevel: current.items.filter((c) => c.parentId === null),
    repliesTo: (parentId: string) => current.items.filter((c) => c.parentId === parentId),
    /** All of them, replies included: each is a visible comment (see the count in CommentsSection). */
    count: current.items.length,
    add,
  };
}

/** The decisions a page offers a moderator about one item, and the item's version they saw (loader: moderationOffers). */
export type ModerationOffer = { decisions: string[]; seen: string };
/** A house rule a hide can name (rulesForDecision of the item's consultation). */
export type RuleOption = { key: string; label: string; text: string };

/** The text of a refused decision's code: the decision's own words first, then the general ones. */
function decisionErrorText(t: Messages, code: string) {
  return ownEntry<string>(t.hiddenContribution.errors, code) ?? errorText(t, code);
}

/**
 * One labelled control of a decision form, with its hint and error tied to it (like Field, but its errors are read
 * with decisionErrorText).
 */
function DecisionField(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (control: { id: string; "aria-describedby"?: string; "aria-invalid"?: true }) => ReactNode;
}) {
  const t = useT();
  const id = `feld-${props.id}`;
  const describedBy = [props.hint ? `${id}-hinweis` : null, props.error ? `${id}-fehler` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${props.error ? " field--error" : ""}`}>
      <label htmlFor={id}>
        {props.label}
        <span className="required"> ({t.common.required})</span>
      </label>
      {props.hint ? (
        <p className="hint" id={`${id}-hinweis`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="error" id={`${id}-fehler`}>
          {decisionErrorText(t, props.error)}
        </p>
      ) : null}
      {props.children({ id, "aria-describedby": describedBy, "aria-invalid": props.error ? true : undefined })}
    </div>
  );
}

/**
 * One inline decision about an item (hide naming a house rule and a reason, restore with a reason, approve), sent with
 * the item's version the moderator saw (`seen`): someone else's decision in between refuses it (409). A refusal
 * opens the form again with the error summary at its top, linked to the fields.
 */
function DecisionForm(props: {
  targetType: "proposal" | "comment" | "photo";
  targetId: string;
  decision: string;
  seen: string;
  rules: RuleOption[];
  page?: number;
  result?: ActionResult;
}) {
  const t = useT();
  const h = t.hiddenContribution;
  const place = useContext(CommentsPlace);
  const { targetType, targetId, decision } = props;
  const target = `moderate-${targetType}-${targetId}-${decision}`;
  const own = forTarget(props.result, target);
  const labels = targetType === "photo" ? h.photoDecisions : targetType === "proposal" ? h.proposalDecisions : h.decisions;
  const idOf = (name: string) => `${name}-${targetType}-${targetId}-${decision}${place.idSuffix}`;
  const fieldErrors = Object.entries(own?.fieldErrors ?? {});
  return (
    <details className="moderation" open={!!own}>
      <summary>{labels[decision]}</summary>
      <Form method="post" action={targetType === "comment" ? place.action : undefined} preventScrollReset className="stack">
        {own ? (
          <div className="alert alert--error" role="alert" tabIndex={-1}>
            <p>{decisionErrorText(t, own.formError)}</p>
            {fieldErrors.length ? (
              <ul>
                {fieldErrors.map(([name, code]) => (
                  <li key={name}>
                    <a href={`#feld-${idOf(name)}`}>{decisionErrorText(t, code)}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <input type="hidden" name="intent" value={decision} />
        <input type="hidden" name="target" value={target} />
        <input type="hidden" name="targetType" value={targetType} />
        <input type="hidden" name="targetId" value={targetId} />
        <input type="hidden" name="seen" value={props.seen} />
        {props.page ? <input type="hidden" name="page" value={props.page} /> : null}
        {decision === "hide" ? (
          <DecisionField id={idOf("rule")} label={h.ruleLabel} hint={h.ruleHint} error={own?.fieldErrors.rule}>
            {(control) => (
              <select {...control} name="rule" required defaultValue={own?.values?.rule ?? ""}>
                <option value="">{h.ruleChoose}</option>
                {props.rules.map((r) => (
                  <option key={r.key} value={r.key}>
                    {h.ruleOption(r.label, r.text)}
                  </option>
                ))}
              </select>
            )}
          </DecisionField>
        ) : null}
        {decision === "approve" ? (
          <p className="hint">{h.approveHint}</p>
        ) : (
          <DecisionField
            id={idOf("reason")}
            label={decision === "hide" ? t.moderation.reason : h.restoreReason}
            hint={t.moderation.reasonHint}
            error={own?.fieldErrors.reason}
          >
            {(control) => <textarea {...control} name="reason" rows={3} required defaultValue={own?.values?.reason} />}
          </DecisionField>
        )}
        <button type="submit" className="button">
          {labels[decision]}
        </button>
      </Form>
    </details>
  );
}

/** The inline decisions a moderator may make about one item here (none about their own content): one form each. */
export function ModerationForms(props: {
  targetType: "proposal" | "comment" | "photo";
  targetId: string;
  offer: ModerationOffer | null;
  rules: RuleOption[];
  page?: number;
  result?: ActionResult;
}) {
  if (!props.offer) return null;
  const { offer, ...rest } = props;
  return (
    <>
      {offer.decisions.map((decision) => (
        <DecisionForm key={decision} {...rest} decision={decision} seen={offer.seen} />
      ))}
    </>
  );
}

export type CommentView = {
  id: string;
  parentId: string | null;
  authorId: string;
  authorName: string;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  hiddenAt: string | null;
  hiddenReason: string | null;
  deletedAt: string | null;
  /** The policy's answer for this reader: only the placeholder of a hidden comment is theirs to see. */
  hiddenForReader: boolean;
  /** How this reader sees it (visibilityFor): marked for moderators, with a note for its waiting author. */
  visibility: Visibility;
  /** Why it is hidden (reason, rule and its link), for the placeholder and the mark. */
  hiddenNote: HiddenNote | null;
  /** Its statement of reasons, for its author and the moderators while hidden by a person or automatically. */
  statement: StatementData | null;
  /** For moderators: the decisions they may make about it here, with its version. */
  moderation: ModerationOffer | null;
  /** The comments' policy's answers for this reader (commentOffers, sent by the loader): what the page offers. */
  canEdit: boolean;
  canDelete: boolean;
  canReply: boolean;
  /** The flags' policy's answer: may this reader report the comment ("Melden")? */
  canFlag: boolean;
};

/** Deleting one's comment, with a confirmation step that needs no JavaScript: the button sits inside a <details>. */
function DeleteCommentForm({ commentId, page, result }: { commentId: string; page: number; result?: ActionResult }) {
  const t = useT();
  const place = useContext(CommentsPlace);
  const target = `delete-${commentId}`;
  const own = forTarget(result, target);
  return (
    <details className="comment__delete" open={!!own}>
      <summary>{t.comment.delete}</summary>
      <Form method="post" action={place.action} preventScrollReset className="stack">
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
  rules: RuleOption[];
  /** The reader, to tell their own comments ("Ihr Kommentar"). */
  userId: string | null;
  page: number;
  result?: ActionResult;
  /** Called with a reply accepted in place (JavaScript). */
  onAdded?: (answer: CommentAnswer) => void;
}) {
  const t = useT();
  const place = useContext(CommentsPlace);
  const c = props.comment;
  const hiddenForPublic = c.hiddenForReader;
  const replyBox = useRef<HTMLDetailsElement>(null);
  const { onAdded } = props;
  // A reply accepted in place: the reply form closes and the new reply (shown below) gets the focus.
  const replied = useCallback(
    (answer: CommentAnswer) => {
      if (replyBox.current) replyBox.current.open = false;
      onAdded?.(answer);
      requestAnimationFrame(() => document.getElementById(`kommentar-${answer.comment.id}`)?.focus());
    },
    [onAdded],
  );
  return (
    <article className="comment" id={`kommentar-${c.id}`} aria-labelledby={`kommentar-${c.id}-von`} tabIndex={-1}>
      <p className="meta" id={`kommentar-${c.id}-von`}>
        <strong>{c.deletedAt ? t.comment.deletedAuthor : c.authorName}</strong>, {t.common.dateTime(c.createdAt)}
        {c.editedAt && !c.deletedAt ? ` (${t.comment.edited})` : null}
      </p>
      {c.deletedAt ? (
        <p className="placeholder">{t.comment.deleted}</p>
      ) : hiddenForPublic ? (
        <HiddenPlaceholder type="comment" note={c.hiddenNote} />
      ) : (
        <>
          <HiddenMark note={c.hiddenNote} visibility={c.visibility} />
          <Markdown html={c.bodyHtml} />
        </>
      )}
      {c.statement && !c.deletedAt ? (
        <StatementOfReasons
          statement={c.statement}
          type="comment"
          own={c.authorId === props.userId}
          id={`begruendung-kommentar-${c.id}${place.idSuffix}`}
          headingLevel={place.action ? 4 : 3}
        />
      ) : null}
      <div className="comment__actions">
        {c.canEdit ? <Link to={`/kommentare/${c.id}/bearbeiten`}>{t.common.edit}</Link> : null}
        {c.canDelete ? <DeleteCommentForm commentId={c.id} page={props.page} result={props.result} /> : null}
        {c.canFlag ? <Link to={flagUrl({ type: "comment", id: c.id })}>{t.flag.link}</Link> : null}
        {c.canReply ? (
          <details open={props.result?.target === `reply-${c.id}`} ref={replyBox}>
            <summary>{t.comment.reply}</summary>
            <CommentForm page={props.page} parentId={c.id} parentAuthor={c.authorName} result={props.result} onAdded={replied} />
          </details>
        ) : null}
        {!c.deletedAt ? (
          <ModerationForms
            targetType="comment"
            targetId={c.id}
            offer={c.moderation}
            rules={props.rules}
            page={props.page}
            result={props.result}
          />
        ) : null}
      </div>
    </article>
  );
}

type ThreadView = CommentView & { replies: CommentView[] };

/** A page of comment threads, each with its replies, followed by the comments and replies written here in place. */
export function CommentThreads(props: {
  threads: ThreadView[];
  added: ReturnType<typeof useAddedComments>;
  rules: RuleOption[];
  userId: string | null;
  page: number;
  result?: ActionResult;
}) {
  const t = useT();
  const { added } = props;
  const common = { rules: props.rules, userId: props.userId, page: props.page, result: props.result };
  const threads: ThreadView[] = [...props.threads, ...added.topLevel.map((c) => ({ ...c, replies: [] }))];
  return (
    <>
      {threads.length === 0 ? <p>{t.comment.none}</p> : null}
      <ol className="comments">
        {threads.map((thread) => {
          const replies = [...thread.replies, ...added.repliesTo(thread.id)];
          return (
            <li key={thread.id}>
              <CommentItem {...common} comment={thread} onAdded={added.add} />
              {replies.length ? (
                <ol className="comments comments--replies" aria-label={t.comment.replies}>
                  {replies.map((reply) => (
                    <li key={reply.id}>
                      <CommentItem {...common} comment={reply} />
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/**
 * The comments of a page (a proposal or a document section): the number of visible comments, the threads of this
 * page of comments, the pages, and the form to write one, or why one cannot write here now (the comments' policy
 * answered in the loader: `commentRefusal`).
 */
export function CommentsSection(props: {
  data: {
    threads: ThreadView[];
    /** Threads: what the pages count. */
    total: number;
    /** Visible comments, replies included: the number shown. */
    commentCount: number;
    commentRefusal: CommentRefusal | null;
    page: number;
    /** For moderators: the house rules a hide can name (none for everybody else). */
    rules: RuleOption[];
    userId: string | null;
  };
  result?: ActionResult;
  /** Shown inside another page (a section's comments on its text): forms post here, ids get this suffix, and the
   *  further pages are on `morePages` instead of a pagination. */
  elsewhere?: { action: string; idSuffix: string; morePages: string };
}) {
  const t = useT();
  const { data } = props;
  const added = useAddedComments(data);
  const open = data.commentRefusal === null;
  const refusal = refusalText(t, data.commentRefusal);
  const headingId = `kommentare${props.elsewhere?.idSuffix ?? ""}`;
  const Heading = props.elsewhere ? "h3" : "h2";
  return (
    <CommentsPlace.Provider value={props.elsewhere ?? { idSuffix: "" }}>
      <section aria-labelledby={headingId}>
        <Heading id={headingId}>
          {t.comment.heading} <span className="count">({data.commentCount + added.count})</span>
        </Heading>
        <CommentThreads
          threads={data.threads}
          added={added}
          rules={data.rules}
          userId={data.userId}
          page={data.page}
          result={props.result}
        />
        {props.elsewhere ? (
          data.total > PAGE_SIZE ? (
            <p>
              <Link to={props.elsewhere.morePages}>{t.comment.allComments(data.commentCount)}</Link>
            </p>
          ) : null
        ) : (
          <Pagination page={data.page} total={data.total} pageSize={PAGE_SIZE} />
        )}
        {refusal ? <p className="alert alert--info">{refusal}</p> : null}
        {open ? <CommentForm page={data.page} result={props.result} onAdded={added.add} /> : null}
      </section>
    </CommentsPlace.Provider>
  );
}
