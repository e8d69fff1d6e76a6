import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getProposal, proposalFormRefusal, updateProposal } from "~/domain/proposals/proposals.server";
import { listCategories } from "~/domain/consultations/consultations.server";
import { refusalFieldErrors } from "~/domain/proposals/proposals.schema";
import { readProposalForm } from "~/domain/proposals/proposals.form.server";
import { photoUrl } from "~/domain/proposals/proposals.urls";
import { proposalEditRefusal } from "~/domain/proposals/proposals.policy";
import { requireUser } from "~/lib/session.server";
import { allowOrThrow } from "~/lib/permissions.server";
import { notFound, refused } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { CategorySelect, Field, FormErrors } from "~/components/forms";
import { LocationFieldset, PhotoFieldset } from "~/components/ProposalFormFields";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.proposal.editTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requireUser(request, context);
  const result = await getProposal(context.db, user, id);
  if (!result.ok) notFound();
  const p = result.proposal;
  const c = result.consultation;
  // The form only for whom the save would accept it: the same rule as updateProposal (author, open, not hidden).
  allowOrThrow(proposalEditRefusal(user, c, p));
  return json({
    proposal: {
      id: p.id,
      title: p.title,
      body: p.bodyMd,
      lat: p.lat,
      lng: p.lng,
      placeDescription: p.placeDescription,
      categoryId: p.categoryId,
      photo: p.photoFileId ? { url: photoUrl(p), alt: p.photoAlt ?? "" } : null,
      photoAlt: p.photoAlt,
    },
    consultation: { centerLat: c.centerLat, centerLng: c.centerLng, zoom: c.zoom, area: c.area },
    categories: await listCategories(context.db, p.consultationId),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requireUser(request, context);
  // Refused before the body (perhaps a large photo) is read and processed.
  const early = await proposalFormRefusal(context.db, user, { proposalId: id });
  if (early) return refused(early.reason);
  const form = await readProposalForm(request);
  if (!form.ok) return json({ formError: "form_invalid", fieldErrors: form.fieldErrors, values: form.values }, { status: form.status });
  const result = await updateProposal(context.db, user, id, form.input);
  if (!result.ok) return refused(result.reason, { fieldErrors: refusalFieldErrors(result.reason), values: form.values });
  return redirect(`/vorschlaege/${id}?hinweis=saved`);
}

export default function EditProposal() {
  const { proposal: saved, consultation, categories } = useLoaderData<typeof loader>();
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
      <Form method="post" encType="multipart/form-data" noValidate className="stack">
        <FormErrors result={result} />
        <Field
          name="title"
          label={t.proposal.title}
          hint={t.proposal.titleHint}
          errors={result?.fieldErrors}
          defaultValue={p.title}
          required
        />
        <Field
          name="body"
          label={t.proposal.body}
          hint={t.proposal.bodyHint}
          errors={result?.fieldErrors}
          defaultValue={p.body}
          multiline
          required
        />
        <CategorySelect categories={categories} defaultValue={p.categoryId} errors={result?.fieldErrors} />
        <LocationFieldset
          consultation={consultation}
          lat={p.lat}
          lng={p.lng}
          placeDescription={p.placeDescription}
          errors={result?.fieldErrors}
        />
        <PhotoFieldset current={saved.photo} photoAlt={p.photoAlt} errors={result?.fieldErrors} />
        <button type="submit" className="button button--primary">
          {t.proposal.saveChanges}
        </button>
      </Form>
    </>
  );
}
