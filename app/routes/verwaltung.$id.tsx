import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  addCategory,
  getConsultation,
  listCategories,
  publishConsultation,
  removeCategory,
  revisionHistory,
  updateConsultation,
} from "~/domain/consultations/consultations.server";
import { categorySchema, consultationSchema, readConsultationForm } from "~/domain/consultations/consultations.schema";
import { toLocalInputValue } from "~/domain/consultations/consultations.time";
import { previewConsultationForm } from "~/domain/consultations/consultations.preview.server";
import { requirePermission } from "~/lib/permissions.server";
import { consultationAdminRefusal, publishRefusal } from "~/domain/consultations/consultations.policy";
import { invalid, notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { ConsultationForm } from "~/components/ConsultationForm";
import { Field } from "~/components/forms";
import { CategoryLabel } from "~/components/proposals";
import { Notice, PhaseBadge } from "~/components/content";
import { RevisionHistory } from "~/components/ConsultationDetails";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.admin.edit);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, consultationAdminRefusal);
  const result = await getConsultation(context.db, user, id);
  if (!result.ok) notFound();
  const c = result.consultation;
  return json({
    id,
    phase: c.phase,
    // The policy's answer (publishConsultation decides by the same function): a draft offers "Veröffentlichen".
    canPublish: publishRefusal(user, c) === null,
    categories: await listCategories(context.db, id),
    values: {
      title: c.title,
      summary: c.summary,
      plainSummary: c.plainSummary,
      body: c.bodyMd,
      opensAt: toLocalInputValue(c.opensAt),
      closesAt: toLocalInputValue(c.closesAt),
      centerLat: String(c.centerLat),
      centerLng: String(c.centerLng),
      zoom: String(c.zoom),
      area: c.area ? JSON.stringify(c.area, null, 1) : "",
      contactName: c.contactName,
      contactOffice: c.contactOffice,
      contactEmail: c.contactEmail,
      contactPhone: c.contactPhone,
      inputUse: c.inputUse,
    },
    history: await revisionHistory(context.db, c),
    moderation: { autoHideThreshold: c.autoHideThreshold, premoderated: c.premoderated },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, consultationAdminRefusal);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "publish") {
    const result = await publishConsultation(context.db, user, id);
    if (!result.ok) return refused(result.reason);
    return redirect(`/beteiligungen/${id}?hinweis=published`);
  }
  if (intent === "add-category") {
    const parsed = parseForm(categorySchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors);
    const result = await addCategory(context.db, user, id, parsed.data);
    if (!result.ok) return refused(result.reason, { fieldErrors: result.reason === "category_exists" ? { name: "category_exists" } : {} });
    return redirect(`/verwaltung/${id}?hinweis=saved#kategorien`);
  }
  if (intent === "remove-category") {
    const result = await removeCategory(context.db, user, id, parseId(form.get("categoryId")) ?? "0");
    if (!result.ok) return refused(result.reason);
    return redirect(`/verwaltung/${id}?hinweis=saved#kategorien`);
  }
  const fields = await readConsultationForm(form);
  // "Vorschau": the same form again with the markdown rendered and everything typed kept; nothing is saved.
  if (intent === "preview")
    return json({ preview: previewConsultationForm(fields), values: submittedValues(form), fieldErrors: {} as FieldErrors });
  const parsed = parseForm(consultationSchema, fields);
  if (!parsed.ok) return invalid(parsed.fieldErrors, submittedValues(form));
  const result = await updateConsultation(context.db, user, id, parsed.data);
  if (!result.ok) return refused(result.reason);
  return redirect(`/verwaltung/${id}?hinweis=saved`);
}

export default function EditConsultation() {
  const { id, phase, canPublish, values, categories, history, moderation } = useLoaderData<typeof loader>();
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
      <p>
        <Link to={`/verwaltung/${id}/dokumente`}>{t.documents.manageLink}</Link> ·{" "}
        <Link to={`/verwaltung/netiquette?beteiligung=${id}`}>{t.houseRules.additionsLink}</Link>
      </p>
      <section aria-labelledby="moderation" className="panel">
        <h2 id="moderation">{t.moderationSettings.currentHeading}</h2>
        <ul>
          <li>{t.moderationSettings.autoHideState(moderation.autoHideThreshold)}</li>
          <li>{t.moderationSettings.premoderationState(moderation.premoderated)}</li>
        </ul>
        <p>
          <Link to={`/verwaltung/${id}/moderation`}>{t.moderationSettings.link}</Link>
        </p>
      </section>
      {canPublish ? (
        <Form method="post" className="panel">
          <p>{t.admin.publishHint}</p>
          <button type="submit" name="intent" value="publish" className="button button--primary">
            {t.admin.publish}
          </button>
        </Form>
      ) : null}
      {canPublish ? null : <p className="hint">{t.consultationEditor.revisionsHint}</p>}
      <ConsultationForm values={{ ...values, ...result?.values }} result={result} submitLabel={t.common.save} />
      <RevisionHistory history={history} />
      <section aria-labelledby="kategorien" className="panel">
        <h2 id="kategorien">{t.admin.categories}</h2>
        <p className="hint">{t.admin.categoriesHint}</p>
        {categories.length === 0 ? <p>{t.admin.noCategories}</p> : null}
        <ul className="category-list">
          {categories.map((c) => (
            <li key={c.id}>
              <CategoryLabel name={c.name} color={c.color} />
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="remove-category" />
                <input type="hidden" name="categoryId" value={c.id} />
                <button type="submit" className="link-button">
                  {t.admin.removeCategory(c.name)}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="add-category" />
          <div className="field-row">
            <Field name="name" label={t.admin.categoryName} errors={result?.fieldErrors} />
            <Field name="color" type="color" label={t.admin.categoryColor} errors={result?.fieldErrors} defaultValue="#1f6f8b" />
          </div>
          <button type="submit" className="button">
            {t.admin.addCategory}
          </button>
        </Form>
      </section>
    </>
  );
}
