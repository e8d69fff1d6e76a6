import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getReport } from "~/domain/results/results.server";
import { reportWriteRefusal } from "~/domain/results/results.policy";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { renderMarkdown } from "~/lib/markdown.server";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Markdown, Notice } from "~/components/content";
import { ResultFiguresView } from "~/components/ResultReport";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titleFor(matches, (t) => t.results.reportTitle(data?.consultation.title ?? ""));

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await getReport(context.db, user, id);
  if (!result.ok) notFound();
  const { consultation, report, figures } = result;
  return json({
    consultation: { id: consultation.id, title: consultation.title },
    report: report
      ? { summaryHtml: renderMarkdown(report.summaryMd), publishedAt: report.publishedAt, authorName: report.authorName }
      : null,
    figures,
    canWrite: reportWriteRefusal(user, consultation.phase) === null,
  });
}

export default function ResultReportPage() {
  const { consultation: c, report, figures, canWrite } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/beteiligungen/${c.id}`}>{t.proposal.backTo(c.title)}</Link>
      </p>
      <Notice />
      <h1>{t.results.reportTitle(c.title)}</h1>
      {report?.publishedAt ? (
        <p className="meta">{t.results.publishedOn(t.common.date(report.publishedAt))}</p>
      ) : (
        <p className="alert alert--warning">
          {t.results.notPublished}. {t.results.liveFigures}
        </p>
      )}
      {canWrite ? (
        <p>
          <Link className="button" to={`/beteiligungen/${c.id}/ergebnis/bearbeiten`}>
            {t.results.write}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="zusammenfassung">
        <h2 id="zusammenfassung">{t.results.summary}</h2>
        {report ? <Markdown html={report.summaryHtml} /> : <p>{t.results.none}</p>}
      </section>
      <ResultFiguresView figures={figures} />
      <p className="hint print-hidden">{t.results.downloadNote}</p>
    </>
  );
}
