import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { getSection } from "~/domain/documents/documents.server";
import { commentAction, commentsPageData } from "~/lib/comment-action.server";
import { currentUser } from "~/lib/session.server";
import { notFound, refused } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { renderMarkdown } from "~/lib/markdown.server";
import { useT } from "~/i18n";
import { titleFor } from "~/i18n/meta";
import { Markdown, Notice } from "~/components/content";
import { CommentsSection, type ActionResult } from "~/components/proposal-page";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titleFor(matches, (t) => data?.section.heading || data?.section.documentTitle || t.documents.intro);

// One section of a text document with its comments: reachable by a plain link from the document, so commenting on a
// section works by keyboard and without JavaScript; the way back leads to the same place in the text.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await getSection(context.db, user, id);
  if (!result.ok) notFound();
  const { section, consultation } = result;
  const removed = section.removedInVersion !== null;
  return json({
    ...(await commentsPageData(context.db, user, { kind: "section", id }, request, { consultation, target: { removed } })),
    section: { ...section, html: renderMarkdown(section.bodyMd), bodyMd: undefined },
    consultation: { id: consultation.id, title: consultation.title },
    removed,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const form = await request.formData();
  const answer = await commentAction(context.db, user, { kind: "section", id }, form, `/abschnitte/${id}`);
  return answer ?? refused("intent_invalid");
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("_inplace") === "1" ? false : defaultShouldRevalidate;

export default function SectionPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { section: s } = data;
  const t = useT();
  const heading = s.heading || t.documents.intro;
  return (
    <>
      <p>
        <Link to={`/dokumente/${s.documentId}#abschnitt-${s.id}`}>{t.documents.backToDocument(s.documentTitle)}</Link>
      </p>
      <Notice />
      <p className="meta">{s.documentTitle}</p>
      <h1>{t.documents.sectionTitle(s.number, heading)}</h1>
      {data.removed ? <p className="alert alert--info">{t.documents.earlierVersion(s.removedInVersion ?? 0)}</p> : null}
      <Markdown html={s.html} />
      <CommentsSection data={data} result={result} />
    </>
  );
}
