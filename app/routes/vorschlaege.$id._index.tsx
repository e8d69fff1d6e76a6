import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { getProposal } from "~/domain/proposals/proposals.server";
import { castVote, myVote, voteCounts } from "~/domain/votes/votes.server";
import { isFollowing } from "~/domain/follows/follows.server";
import { followTargetRefusal } from "~/domain/follows/follows.policy";
import { FollowForm } from "~/components/FollowForm";
import { canAnswer } from "~/domain/answers/answers.policy";
import { voteRefusal } from "~/domain/votes/votes.policy";
import { canFlag } from "~/domain/moderation/moderation.policy";
import { flagUrl } from "~/domain/moderation/contributions";
import { findAnswer } from "~/domain/answers/answers.server";
import { photoUrl } from "~/domain/proposals/proposals.urls";
import { AnswerSection, ProposalPhoto, StatusBadge } from "~/components/proposal-details";
import { proposalEditRefusal } from "~/domain/proposals/proposals.policy";
import { voteSchema } from "~/domain/votes/votes.schema";
import { currentUser } from "~/lib/session.server";
import { notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { renderMarkdown } from "~/lib/markdown.server";
import { shareMetaFor } from "~/i18n/meta";
import { sharePreview } from "~/lib/share.server";
import { useT } from "~/i18n";
import { Markdown, Notice } from "~/components/content";
import { CategoryLabel, ProposalPlace } from "~/components/proposals";
import { VotePanel, ModerationForms, CommentsSection, type ActionResult } from "~/components/proposal-page";
import { HiddenMark, HiddenPlaceholder, StatementOfReasons } from "~/components/statement-of-reasons";
import { commentAction, commentsPageData, decisionAction, proposalModerationData } from "~/lib/comment-action.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => shareMetaFor(matches, data?.share, (t) => t.proposal.hiddenTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await getProposal(context.db, user, id);
  if (!result.ok) notFound();
  const { proposal, consultation } = result;
  // A proposal hidden for this reader shows only its placeholder: nothing else of it goes out.
  const [comments, answer, vote, following, hidden] = await Promise.all([
    commentsPageData(context.db, user, { kind: "proposal", id }, request, { consultation, target: proposal }),
    proposal.hiddenForReader ? undefined : findAnswer(context.db, id),
    myVote(context.db, user, id),
    isFollowing(context.db, user, { type: "proposal", id }),
    // Statements of reasons (author, moderators) and the moderators' decisions for the proposal and its photo.
    proposalModerationData(context.db, user, proposal),
  ]);
  return json({
    ...comments,
    ...hidden,
    proposal: { ...proposal, bodyHtml: proposal.bodyMd ? renderMarkdown(proposal.bodyMd) : "" },
    // A hidden proposal's words stay out of the page's head, also on the moderators' view of it.
    share: proposal.hiddenAt
      ? null
      : sharePreview({ title: proposal.title, text: proposal.bodyMd, markdown: true, path: `/vorschlaege/${id}`, type: "article" }),
    consultation: { id: consultation.id, title: consultation.title, phase: consultation.phase },
    myVote: vote,
    following,
    answer: answer
      ? { status: answer.status as string, html: renderMarkdown(answer.bodyMd), authorName: answer.authorName, updatedAt: answer.updatedAt }
      : null,
    photoUrl: proposal.photoFileId ? photoUrl(proposal) : null,
    // The policies' answers for this reader (the intents decide by the same functions); commentRefusal comes with
    // the comments, `moderator` (may hide and restore) too.
    voteRefusal: voteRefusal(user, consultation, proposal),
    canEdit: proposalEditRefusal(user, consultation, proposal) === null,
    canAnswer: canAnswer(user),
    // "Melden" under the proposal and its photo (the flags' policy; the photo is reported as its own item).
    canFlag: canFlag(user, { consultation, authorId: proposal.authorId, hiddenAt: proposal.hiddenAt, deletedAt: null }),
    // Guests see the button too: following asks them to log in.
    canFollow: followTargetRefusal(proposal) === null,
  });
}

// One action, several forms: the hidden field "intent" says which. Votes and comments sent with JavaScript carry
// `_inplace=1` and get JSON (the new counts, the new comment) instead of a redirect, so the page updates in place.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const inPlace = form.get("_inplace") === "1";
  const target = String(form.get("target") ?? intent);
  const fail = (reason: string, fieldErrors = {}, retryAfter?: number) =>
    refused(reason, { fieldErrors, retryAfter, form: { intent, target }, values: submittedValues(form) });

  if (intent === "vote") {
    const parsed = parseForm(voteSchema, form);
    if (!parsed.ok) return fail("vote_invalid");
    const result = await castVote(context.db, user, id, parsed.data.value);
    if (!result.ok) return fail(result.reason);
    if (inPlace) {
      // Read after the vote's transaction committed: the counts equal the stored votes.
      const counts = (await voteCounts(context.db, id)) ?? notFound();
      return json({ ok: true as const, myVote: result.myVote, ...counts });
    }
    return redirect(`/vorschlaege/${id}#abstimmung`);
  }
  const commentAnswer = await commentAction(context.db, user, { kind: "proposal", id }, form, `/vorschlaege/${id}`);
  if (commentAnswer) return commentAnswer;
  if (intent === "hide" || intent === "restore" || intent === "approve") {
    // The proposal itself, or its photo (decided on its own).
    const type = form.get("targetType") === "photo" ? "photo" : "proposal";
    return decisionAction(context.db, user, { type, id }, form, `/vorschlaege/${id}`);
  }
  return fail("intent_invalid");
}

// Votes and comments sent in place (`_inplace`) bring their own answer: the page's data is not loaded again.
// Everything else (moderation, deleting, plain forms) reloads it as usual.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("_inplace") === "1" ? false : defaultShouldRevalidate;

export default function ProposalPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { proposal: p, consultation: c } = data;
  const t = useT();
  const hiddenForPublic = p.hiddenForReader;
  const own = data.userId !== null && data.userId === p.authorId;
  const proposalStatement = data.statements.proposal ? (
    <StatementOfReasons statement={data.statements.proposal} type="proposal" own={own} id="begruendung" headingLevel={2} />
  ) : null;
  return (
    <>
      <p>
        <Link to={`/beteiligungen/${c.id}`}>{t.proposal.backTo(c.title)}</Link>
      </p>
      <Notice />
      {hiddenForPublic ? (
        <>
          <h1>{t.proposal.hiddenTitle}</h1>
          <HiddenPlaceholder type="proposal" note={p.hiddenNote} />
          {proposalStatement}
        </>
      ) : (
        <article className="proposal">
          <h1>{p.title}</h1>
          <HiddenMark note={p.hiddenNote} visibility={p.visibility} />
          {proposalStatement}
          <p className="meta">
            <CategoryLabel name={p.categoryName} color={p.categoryColor} />
            {t.common.by(p.authorName)}, {t.proposal.created(t.common.dateTime(p.createdAt))}
            {p.updatedAt !== p.createdAt ? ` · ${t.proposal.updated(t.common.dateTime(p.updatedAt))}` : null}
          </p>
          <p>
            <StatusBadge status={p.status} showSubmitted />
          </p>
          <Markdown html={p.bodyHtml} />
          {p.photoVisibility === "placeholder" ? (
            <div className="proposal-photo" id="foto">
              <HiddenPlaceholder type="photo" note={p.photoHiddenNote} />
            </div>
          ) : null}
          {data.photoUrl ? (
            <>
              <HiddenMark note={p.photoHiddenNote} visibility={p.photoVisibility} />
              <ProposalPhoto
                url={data.photoUrl}
                alt={p.photoAlt ?? t.proposal.photoOf(p.title)}
                flagHref={data.canFlag && !p.photoHiddenNote ? flagUrl({ type: "photo", id: p.id }) : null}
              />
            </>
          ) : null}
          {data.statements.photo ? (
            <StatementOfReasons statement={data.statements.photo} type="photo" own={own} id="begruendung-foto" headingLevel={2} />
          ) : null}
          <ModerationForms targetType="photo" targetId={p.id} offer={data.moderation.photo} rules={data.rules} result={result} />
          <ProposalPlace lat={p.lat} lng={p.lng} placeDescription={p.placeDescription} />
          {data.canEdit ? (
            <p>
              <Link to={`/vorschlaege/${p.id}/bearbeiten`}>{t.common.edit}</Link>
            </p>
          ) : null}
          {data.canFlag ? (
            <p>
              <Link to={flagUrl({ type: "proposal", id: p.id })}>{t.flag.link}</Link>
            </p>
          ) : null}
          {data.canFollow ? <FollowForm action={`/vorschlaege/${p.id}/folgen`} following={data.following} kind="proposal" /> : null}
        </article>
      )}

      {hiddenForPublic ? null : <AnswerSection proposalId={p.id} answer={data.answer} canAnswer={data.canAnswer} />}

      <section aria-labelledby="abstimmung" className="panel">
        <h2 id="abstimmung">{t.proposal.votes}</h2>
        <VotePanel tally={p} myVote={data.myVote} refusal={data.voteRefusal} result={result} />
      </section>

      <ModerationForms targetType="proposal" targetId={p.id} offer={data.moderation.proposal} rules={data.rules} result={result} />

      <CommentsSection data={data} result={result} />
    </>
  );
}
