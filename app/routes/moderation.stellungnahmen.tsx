import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { unansweredProposals } from "~/domain/moderation/queue.server";
import { parseUnansweredQuery } from "~/domain/moderation/queue.schema";
import { moderationRefusal } from "~/domain/moderation/moderation.policy";
import { requirePermission } from "~/lib/permissions.server";
import { httpError } from "~/lib/http.server";
import { PAGE_SIZE } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Pagination } from "~/components/content";
import { ConsultationFilter, FilterButtons, ModerationNav } from "~/components/moderation-queue";

// The staff's list of proposals still waiting for the administration's official answer (/moderation/stellungnahmen):
// visible proposals without an answer, the longest waiting first, each linked to its answer form.

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.staffAnswers.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, moderationRefusal);
  const query = parseUnansweredQuery(new URL(request.url).searchParams);
  const result = await unansweredProposals(context.db, user, query);
  if (!result.ok) throw httpError(403, result.reason);
  return json({
    rows: result.items,
    total: result.total,
    page: query.page,
    consultations: result.consultations,
    consultationId: query.consultationId,
  });
}

export default function UnansweredProposals() {
  const { rows, total, page, consultations, consultationId } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t.staffAnswers.title}</h1>
      <ModerationNav current="unanswered" />
      <p>{t.staffAnswers.intro}</p>
      <Form method="get" className="filters" aria-labelledby="filter-titel">
        <h2 id="filter-titel">{t.staffAnswers.filter}</h2>
        <ConsultationFilter
          id="filter-beteiligung"
          label={t.staffAnswers.consultation}
          all={t.staffAnswers.allConsultations}
          consultations={consultations}
          value={consultationId ?? ""}
        />
        <FilterButtons
          apply={t.staffAnswers.apply}
          reset={consultationId ? "/moderation/stellungnahmen" : null}
          resetLabel={t.queue.reset}
        />
      </Form>
      {rows.length === 0 ? (
        <p role="status">{t.staffAnswers.empty}</p>
      ) : (
        <table className="table">
          <caption>{t.staffAnswers.caption(total)}</caption>
          <thead>
            <tr>
              <th scope="col">{t.staffAnswers.proposal}</th>
              <th scope="col">{t.staffAnswers.consultation}</th>
              <th scope="col">{t.staffAnswers.submitted}</th>
              <th scope="col">{t.staffAnswers.waiting}</th>
              <th scope="col">{t.staffAnswers.answer}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/vorschlaege/${r.id}`}>{r.title}</Link>
                </td>
                <td>
                  <Link to={`/beteiligungen/${r.consultationId}`}>{r.consultationTitle}</Link>
                </td>
                <td>{t.common.date(r.createdAt)}</td>
                <td>{t.staffAnswers.days(r.waitingDays)}</td>
                <td>
                  <Link to={r.answerUrl}>
                    {t.staffAnswers.write}
                    <span className="visually-hidden"> {t.staffAnswers.writeFor(r.title)}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
