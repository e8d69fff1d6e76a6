import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { platformTransparency } from "~/domain/moderation/transparency.server";
import { parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Pagination } from "~/components/content";
import { ConsultationFiguresTable, ModerationExplained, TransparencyFiguresView } from "~/components/transparency";

// /transparenz: how moderation works and its figures for the whole platform (every published consultation), then the
// published consultations with their key figures, 20 per page (?seite=N), each linking to its own page. Public.
export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.transparency.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const result = await platformTransparency(context.db, page);
  return json({
    figures: result.figures,
    consultations: result.consultations,
    total: result.total,
    pageSize: result.pageSize,
    page,
    asOf: result.asOf,
  });
}

export default function Transparency() {
  const { figures, consultations, total, pageSize, page, asOf } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t.transparency.title}</h1>
      <p className="lead">{t.transparency.lead}</p>
      <p className="hint">{t.transparency.asOf(t.common.dateTime(asOf))}</p>
      <ModerationExplained />
      <TransparencyFiguresView figures={figures} />
      <section aria-labelledby="je-beteiligung">
        <h2 id="je-beteiligung">{t.transparency.consultationsHeading}</h2>
        <p>{t.transparency.consultationsIntro}</p>
        <ConsultationFiguresTable items={consultations} />
        <Pagination page={page} total={total} pageSize={pageSize} />
      </section>
    </>
  );
}
