import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { reportForEditing, saveReport } from "~/domain/results/results.server";
import { reportWriterRefusal } from "~/domain/results/results.policy";
import { reportSchema } from "~/domain/results/results.schema";
import { requirePermission, throwRefusal } from "~/lib/permissions.server";
import { invalid, notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Field, FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.results.write);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, reportWriterRefusal);
  const result = await reportForEditing(context.db, user, id);
  if (!result.ok) throwRefusal(result.reason);
  return json({ consultation: { id, title: result.consultation.title }, summary: result.summary });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, reportWriterRefusal);
  const form = await request.formData();
  const parsed = parseForm(reportSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, submittedValues(form));
  const publish = parsed.data.intent === "publish";
  const result = await saveReport(context.db, user, id, { summary: parsed.data.summary, publish });
  if (!result.ok) return refused(result.reason);
  return redirect(`/beteiligungen/${id}/ergebnis?hinweis=${publish ? "report_published" : "saved"}`);
}

export default function WriteReport() {
  const { consultation: c, summary } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/beteiligungen/${c.id}/ergebnis`}>{t.common.back}</Link>
      </p>
      <h1>{t.results.write}</h1>
      <p className="lead">{c.title}</p>
      <Form method="post" noValidate className="stack">
        <FormErrors result={result} />
        <Field
          name="summary"
          label={t.results.summaryLabel}
          hint={t.results.summaryHint}
          errors={result?.fieldErrors}
          defaultValue={result?.values?.summary ?? summary}
          multiline
          rows={14}
          required
        />
        <p className="hint">{t.results.publishNote}</p>
        <div className="button-row">
          <button type="submit" name="intent" value="save" className="button">
            {t.results.saveDraft}
          </button>
          <button type="submit" name="intent" value="publish" className="button button--primary">
            {t.results.publish}
          </button>
        </div>
      </Form>
    </>
  );
}
