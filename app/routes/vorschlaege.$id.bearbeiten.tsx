import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getProposal, updateProposal } from "~/domain/proposals/proposals.server";
import { listCategories } from "~/domain/consultations/consultations.server";
import { proposalSchema, refusalFieldErrors } from "~/domain/proposals/proposals.schema";
import { isAuthor } from "~/domain/proposals/proposals.policy";
import { requireUser } from "~/lib/session.server";
import { httpError, invalid, notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { CategorySelect, Field, FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.proposal.editTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requireUser(request, context);
  const result = await getProposal(context.db, user, id);
  if (!result.ok) notFound();
  if (!isAuthor(user, result.proposal)) throw httpError(403, "not_author");
  const p = result.proposal;
  return json({
    proposal: { id: p.id, title: p.title, body: p.bodyMd, lat: p.lat, lng: p.lng, categoryId: p.categoryId },
    categories: await listCategories(context.db, p.consultationId),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requireUser(request, context);
  const form = await request.formData();
  const values = submittedValues(form);
  const parsed = parseForm(proposalSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = await updateProposal(context.db, user, id, parsed.data);
  if (!result.ok) return refused(result.reason, { fieldErrors: refusalFieldErrors(result.reason), values });
  return redirect(`/vorschlaege/${id}?hinweis=saved`);
}

export default function EditProposal() {
  const { proposal: saved, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // After a refusal the form shows what was typed, not what is stored.
  const p = { ...saved, ...(result?.values ?? {}) };
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/vorschlaege/${p.id}`}>{t.common.back}</Link>
      </p>
      <h1>{t.proposal.editTitle}</h1>
      <Form method="post" noValidate className="stack">
        <FormErrors result={result} />
        <Field name="title" label={t.proposal.title} hint={t.proposal.titleHint} errors={result?.fieldErrors} defaultValue={p.title} required />
        <Field name="body" label={t.proposal.body} hint={t.proposal.bodyHint} errors={result?.fieldErrors} defaultValue={p.body} multiline required />
        <CategorySelect categories={categories} defaultValue={p.categoryId} errors={result?.fieldErrors} />
        <fieldset>
          <legend>{t.proposal.location}</legend>
          <div className="field-row">
            <Field name="lat" label={t.proposal.lat} errors={result?.fieldErrors} inputMode="decimal" defaultValue={String(p.lat)} required />
            <Field name="lng" label={t.proposal.lng} errors={result?.fieldErrors} inputMode="decimal" defaultValue={String(p.lng)} required />
          </div>
        </fieldset>
        <button type="submit" className="button button--primary">
          {t.proposal.saveChanges}
        </button>
      </Form>
    </>
  );
}
