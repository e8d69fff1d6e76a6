import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getConsultation, publishConsultation, updateConsultation } from "~/domain/consultations/consultations.server";
import { consultationSchema, readConsultationForm, toLocalInputValue } from "~/domain/consultations/consultations.schema";
import { requireRole } from "~/lib/session.server";
import { invalid, notFound, refused } from "~/lib/http.server";
import { parseForm } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { ConsultationForm } from "~/components/ConsultationForm";
import { Notice, PhaseBadge } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.admin.edit);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requireRole(request, context, "admin");
  const result = await getConsultation(context.db, user, id);
  if (!result.ok) notFound();
  const c = result.consultation;
  return json({
    id,
    phase: c.phase,
    values: {
      title: c.title,
      summary: c.summary,
      body: c.bodyMd,
      opensAt: toLocalInputValue(c.opensAt),
      closesAt: toLocalInputValue(c.closesAt),
      centerLat: String(c.centerLat),
      centerLng: String(c.centerLng),
      zoom: String(c.zoom),
      area: c.area ? JSON.stringify(c.area, null, 1) : "",
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requireRole(request, context, "admin");
  const form = await request.formData();
  if (form.get("intent") === "publish") {
    const result = await publishConsultation(context.db, user, id);
    if (!result.ok) return refused(result.reason);
    return redirect(`/beteiligungen/${id}?hinweis=published`);
  }
  const parsed = parseForm(consultationSchema, await readConsultationForm(form));
  if (!parsed.ok) return invalid(parsed.fieldErrors);
  const result = await updateConsultation(context.db, user, id, parsed.data);
  if (!result.ok) return refused(result.reason);
  return redirect(`/verwaltung/${id}?hinweis=saved`);
}

export default function EditConsultation() {
  const { id, phase, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/verwaltung">{t.common.back}</Link> · <Link to={`/beteiligungen/${id}`}>{t.admin.view}</Link>
      </p>
      <Notice />
      <h1>{t.admin.edit}</h1>
      <p>
        <PhaseBadge phase={phase} />
      </p>
      {phase === "draft" ? (
        <Form method="post" className="panel">
          <p>{t.admin.publishHint}</p>
          <button type="submit" name="intent" value="publish" className="button button--primary">
            {t.admin.publish}
          </button>
        </Form>
      ) : null}
      <ConsultationForm values={values} result={result} submitLabel={t.common.save} />
    </>
  );
}
