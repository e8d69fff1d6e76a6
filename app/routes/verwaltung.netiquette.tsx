import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { houseRulesForEditing, previewHouseRules, saveConsultationRules, savePlatformRules } from "~/domain/houserules/houserules.server";
import { houseRulesEditRefusal } from "~/domain/houserules/houserules.policy";
import { additionsSchema, platformRulesSchema } from "~/domain/houserules/houserules.schema";
import { requirePermission, throwRefusal } from "~/lib/permissions.server";
import { invalid, notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Field, FormErrors } from "~/components/forms";
import { Markdown, Notice } from "~/components/content";

// /verwaltung/netiquette: admins edit the platform's house rules; with ?beteiligung=ID a consultation's additions.
// "Vorschau" shows the text rendered as the public page will, and saves nothing.
export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.houseRules.edit);

function consultationParam(request: Request): string | null {
  const param = new URL(request.url).searchParams.get("beteiligung");
  return param === null || param === "" ? null : (parseId(param) ?? notFound());
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, houseRulesEditRefusal);
  const result = await houseRulesForEditing(context.db, user, consultationParam(request));
  if (!result.ok) throwRefusal(result.reason);
  return json({ body: result.body, isDefault: result.isDefault, consultation: result.consultation });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, houseRulesEditRefusal);
  const consultationId = consultationParam(request);
  const form = await request.formData();
  const parsed = parseForm(consultationId ? additionsSchema : platformRulesSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, submittedValues(form));
  if (form.get("intent") === "preview")
    return json({ preview: previewHouseRules(parsed.data.body), values: submittedValues(form), fieldErrors: {} as FieldErrors });
  const result = consultationId
    ? await saveConsultationRules(context.db, user, consultationId, parsed.data.body)
    : await savePlatformRules(context.db, user, parsed.data.body);
  if (!result.ok) return refused(result.reason);
  return redirect(consultationId ? `/netiquette?beteiligung=${consultationId}&hinweis=saved` : "/netiquette?hinweis=saved");
}

export default function EditHouseRules() {
  const { body, isDefault, consultation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const preview = result && "preview" in result ? result.preview : null;
  return (
    <>
      <p>
        <Link to={consultation ? `/verwaltung/${consultation.id}` : "/verwaltung"}>{t.common.back}</Link> ·{" "}
        <Link to={consultation ? `/netiquette?beteiligung=${consultation.id}` : "/netiquette"}>{t.houseRules.view}</Link>
      </p>
      <Notice />
      <h1>{consultation ? t.houseRules.editAdditions(consultation.title) : t.houseRules.edit}</h1>
      {isDefault ? <p className="hint">{t.houseRules.defaultNote}</p> : null}
      <Form method="post" noValidate className="stack">
        <FormErrors result={result} />
        <Field
          name="body"
          label={consultation ? t.houseRules.additionsLabel : t.houseRules.bodyLabel}
          hint={consultation ? t.houseRules.additionsHint : t.houseRules.bodyHint}
          errors={result?.fieldErrors}
          defaultValue={result?.values?.body ?? body}
          multiline
          rows={18}
          required={!consultation}
        />
        <div className="button-row">
          <button type="submit" name="intent" value="preview" className="button">
            {t.houseRules.preview}
          </button>
          <button type="submit" name="intent" value="save" className="button button--primary">
            {t.common.save}
          </button>
        </div>
      </Form>
      {preview !== null ? (
        <section aria-labelledby="vorschau" className="panel">
          <h2 id="vorschau">{t.houseRules.previewTitle}</h2>
          <Markdown html={preview} />
        </section>
      ) : null}
    </>
  );
}
