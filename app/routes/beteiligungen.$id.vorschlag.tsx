import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getConsultation, listCategories } from "~/domain/consultations/consultations.server";
import { contributionRefusal } from "~/domain/consultations/consultations.policy";
import { createProposal, proposalFormRefusal } from "~/domain/proposals/proposals.server";
import { refusalFieldErrors } from "~/domain/proposals/proposals.schema";
import { readProposalForm } from "~/domain/proposals/proposals.form.server";
import { currentUser } from "~/lib/session.server";
import { notFound, refused } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { CategorySelect, Field, FormErrors } from "~/components/forms";
import { LocationFieldset, PhotoFieldset } from "~/components/ProposalFormFields";
import { SimilarProposals } from "~/components/SimilarProposals";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.proposal.newTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await getConsultation(context.db, user, id);
  if (!result.ok) notFound();
  const c = result.consultation;
  return json({
    consultation: { id: c.id, title: c.title, centerLat: c.centerLat, centerLng: c.centerLng, zoom: c.zoom, area: c.area },
    refusal: contributionRefusal(user, c),
    categories: await listCategories(context.db, c.id),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  // Refused before the body (perhaps a large photo) is read and processed.
  const early = await proposalFormRefusal(context.db, user, { consultationId: id });
  if (early) return refused(early.reason, { retryAfter: "retryAfter" in early ? early.retryAfter : undefined });
  const form = await readProposalForm(request);
  if (!form.ok) return json({ formError: "form_invalid", fieldErrors: form.fieldErrors, values: form.values }, { status: form.status });
  const result = await createProposal(context.db, user, id, form.input);
  if (!result.ok) {
    return refused(result.reason, {
      retryAfter: "retryAfter" in result ? result.retryAfter : undefined,
      fieldErrors: refusalFieldErrors(result.reason),
      values: form.values,
    });
  }
  return redirect(`/vorschlaege/${result.id}`);
}

export default function NewProposal() {
  const { consultation: c, refusal, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const typed = result?.values;
  return (
    <>
      <p>
        <Link to={`/beteiligungen/${c.id}`}>{t.proposal.backTo(c.title)}</Link>
      </p>
      <h1>{t.proposal.newTitle}</h1>
      {refusal ? (
        <p className="alert alert--info">{t.consultation.contribute[refusal]}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" noValidate className="stack">
          <FormErrors result={result} />
          <Field
            name="title"
            label={t.proposal.title}
            hint={t.proposal.titleHint}
            errors={result?.fieldErrors}
            defaultValue={typed?.title}
            required
          />
          <SimilarProposals consultationId={c.id} inputId="feld-title" />
          <Field
            name="body"
            label={t.proposal.body}
            hint={t.proposal.bodyHint}
            errors={result?.fieldErrors}
            defaultValue={typed?.body}
            multiline
            required
          />
          <CategorySelect categories={categories} errors={result?.fieldErrors} defaultValue={typed?.categoryId} />
          <LocationFieldset
            consultation={c}
            lat={typed?.lat}
            lng={typed?.lng}
            placeDescription={typed?.placeDescription}
            errors={result?.fieldErrors}
          />
          <PhotoFieldset photoAlt={typed?.photoAlt} errors={result?.fieldErrors} />
          <button type="submit" className="button button--primary" disabled={navigation.state === "submitting"}>
            {t.proposal.submit}
          </button>
        </Form>
      )}
    </>
  );
}
