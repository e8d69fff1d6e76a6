import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { createConsultation } from "~/domain/consultations/consultations.server";
import { consultationSchema, readConsultationForm } from "~/domain/consultations/consultations.schema";
import { toLocalInputValue } from "~/domain/consultations/consultations.time";
import { previewConsultationForm } from "~/domain/consultations/consultations.preview.server";
import { requirePermission } from "~/lib/permissions.server";
import { consultationAdminRefusal } from "~/domain/consultations/consultations.policy";
import { invalid, refused } from "~/lib/http.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { ConsultationForm } from "~/components/ConsultationForm";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.admin.new);

const DAY = 24 * 3600 * 1000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, consultationAdminRefusal);
  const now = Date.now();
  return json({
    values: {
      title: "",
      summary: "",
      plainSummary: "",
      body: "",
      opensAt: toLocalInputValue(new Date(now + DAY)).slice(0, 11) + "08:00",
      closesAt: toLocalInputValue(new Date(now + 29 * DAY)).slice(0, 11) + "23:59",
      centerLat: "50.5519",
      centerLng: "9.6759",
      zoom: "14",
      area: "",
      contactName: "",
      contactOffice: "",
      contactEmail: "",
      contactPhone: "",
      inputUse: "",
    },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, consultationAdminRefusal);
  const form = await request.formData();
  const fields = await readConsultationForm(form);
  // "Vorschau": the same form again with the markdown rendered and everything typed kept; nothing is saved.
  if (form.get("intent") === "preview")
    return json({ preview: previewConsultationForm(fields), values: submittedValues(form), fieldErrors: {} as FieldErrors });
  const parsed = parseForm(consultationSchema, fields);
  if (!parsed.ok) return invalid(parsed.fieldErrors, submittedValues(form));
  const result = await createConsultation(context.db, user, parsed.data);
  if (!result.ok) return refused(result.reason);
  return redirect(`/verwaltung/${result.id}?hinweis=created`);
}

export default function NewConsultation() {
  const { values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/verwaltung">{t.common.back}</Link>
      </p>
      <h1>{t.admin.new}</h1>
      <ConsultationForm values={{ ...values, ...result?.values }} result={result} submitLabel={t.admin.create} />
    </>
  );
}
