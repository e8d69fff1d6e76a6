import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDocument } from "~/domain/documents/documents.server";
import { canManageDocuments } from "~/domain/documents/documents.policy";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { renderMarkdown } from "~/lib/markdown.server";
import { useT } from "~/i18n";
import { titleFor } from "~/i18n/meta";
import { Markdown, Notice } from "~/components/content";
import { DocumentSection, FileFacts } from "~/components/documents";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titleFor(matches, (t) => data?.document.title ?? t.documents.heading);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await getDocument(context.db, user, id);
  if (!result.ok) notFound();
  const { document: d, consultation: c, sections } = result;
  return json({
    document: {
      id: d.id,
      kind: d.kind,
      title: d.title,
      description: d.description,
      version: d.version,
      updatedAt: d.updatedAt,
      file: d.file,
      summaryHtml: d.accessibleSummary ? renderMarkdown(d.accessibleSummary) : "",
    },
    consultation: { id: c.id, title: c.title },
    sections: sections.map((s) => ({ ...s, commentCount: s.commentCount ?? 0, html: renderMarkdown(s.bodyMd), bodyMd: undefined })),
    canManage: canManageDocuments(user),
  });
}

export default function DocumentPage() {
  const { document: d, consultation, sections, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const current = sections.filter((s) => s.removedInVersion === null);
  const earlier = sections.filter((s) => s.removedInVersion !== null);
  return (
    <>
      <p>
        <Link to={`/beteiligungen/${consultation.id}`}>{t.proposal.backTo(consultation.title)}</Link>
      </p>
      <Notice />
      <h1>{d.title}</h1>
      {d.description ? <p className="lead">{d.description}</p> : null}
      {canManage ? (
        <p>
          <Link to={`/verwaltung/dokumente/${d.id}`}>{t.common.edit}</Link>
        </p>
      ) : null}
      {d.file ? (
        <>
          <p>
            <a href={`/dokumente/${d.id}/datei`} className="button">
              {t.documents.download}
            </a>{" "}
            <FileFacts label={d.file.label} byteSize={d.file.byteSize} />
          </p>
          {d.summaryHtml ? (
            <section aria-labelledby="zusammenfassung">
              <h2 id="zusammenfassung">{t.documents.summaryHeading}</h2>
              <Markdown html={d.summaryHtml} />
            </section>
          ) : null}
        </>
      ) : (
        <>
          <p className="meta">{t.documents.version(d.version, t.common.dateTime(d.updatedAt))}</p>
          {current.length > 1 ? (
            <nav aria-labelledby="abschnitte-navigation" className="toc">
              <h2 id="abschnitte-navigation">{t.documents.sectionsNav}</h2>
              <ol>
                {current.map((s) => (
                  <li key={s.id}>
                    <a href={`#abschnitt-${s.id}`}>{s.heading || t.documents.intro}</a> ({t.documents.comments(s.commentCount)})
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          {current.map((s) => (
            <DocumentSection key={s.id} section={s} />
          ))}
          {earlier.length ? (
            <section aria-labelledby="fruehere-abschnitte">
              <h2 id="fruehere-abschnitte">{t.documents.earlierSections}</h2>
              {earlier.map((s) => (
                <DocumentSection key={s.id} section={s} headingLevel={3} />
              ))}
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
