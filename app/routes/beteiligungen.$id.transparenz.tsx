import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { consultationTransparency } from "~/domain/moderation/transparency.server";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { ModerationExplained, TransparencyFiguresView } from "~/components/transparency";

// /beteiligungen/:id/transparenz: how moderation works and its figures for one consultation only. For everyone who
// may see the consultation (a draft's page is a 404 for all but admins).
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titleFor(matches, (t) => (data ? t.transparency.consultationTitle(data.consultation.title) : t.transparency.title));

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await consultationTransparency(context.db, user, id);
  if (!result.ok) notFound();
  return json({ consultation: result.consultation, figures: result.figures, asOf: result.asOf });
}

export default function ConsultationTransparency() {
  const { consultation, figures, asOf } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/beteiligungen/${consultation.id}`}>{t.transparency.backToConsultation}</Link>
      </p>
      <h1>{t.transparency.consultationTitle(consultation.title)}</h1>
      <p className="lead">{t.transparency.consultationLead(consultation.title)}</p>
      <p className="hint">{t.transparency.asOf(t.common.dateTime(asOf))}</p>
      <ModerationExplained />
      <TransparencyFiguresView figures={figures} />
      <p>
        <Link to="/transparenz">{t.transparency.platformLink}</Link>
      </p>
    </>
  );
}
