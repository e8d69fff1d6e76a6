import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useState } from "react";
import { getConsultation, listCategories } from "~/domain/consultations/consultations.server";
import { contributionRefusal } from "~/domain/consultations/consultations.policy";
import { createProposal } from "~/domain/proposals/proposals.server";
import { proposalSchema, refusalFieldErrors } from "~/domain/proposals/proposals.schema";
import { currentUser } from "~/lib/session.server";
import { invalid, notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { CategorySelect, Field, FormErrors } from "~/components/forms";
import { LocationPicker } from "~/components/map";
import type { loader as rootLoader } from "~/root";

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
  const form = await request.formData();
  const values = submittedValues(form);
  const parsed = parseForm(proposalSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = await createProposal(context.db, user, id, parsed.data);
  if (!result.ok) {
    return refused(result.reason, {
      retryAfter: "retryAfter" in result ? result.retryAfter : undefined,
      fieldErrors: refusalFieldErrors(result.reason),
      values,
    });
  }
  return redirect(`/vorschlaege/${result.id}`);
}

export default function NewProposal() {
  const { consultation: c, refusal, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const navigation = useNavigation();
  const t = useT();
  const typed = result?.values;
  const [lat, setLat] = useState(typed?.lat ?? String(c.centerLat));
  const [lng, setLng] = useState(typed?.lng ?? String(c.centerLng));
  const picked = Number.isFinite(Number(lat.replace(",", "."))) && Number.isFinite(Number(lng.replace(",", ".")))
    ? ([Number(lat.replace(",", ".")), Number(lng.replace(",", "."))] as [number, number])
    : null;
  return (
    <>
      <p>
        <Link to={`/beteiligungen/${c.id}`}>{t.proposal.backTo(c.title)}</Link>
      </p>
      <h1>{t.proposal.newTitle}</h1>
      {refusal ? (
        <p className="alert alert--info">{t.consultation.contribute[refusal]}</p>
      ) : (
        <Form method="post" noValidate className="stack">
          <FormErrors result={result} />
          <Field name="title" label={t.proposal.title} hint={t.proposal.titleHint} errors={result?.fieldErrors} defaultValue={typed?.title} required />
          <Field name="body" label={t.proposal.body} hint={t.proposal.bodyHint} errors={result?.fieldErrors} defaultValue={typed?.body} multiline required />
          <CategorySelect categories={categories} errors={result?.fieldErrors} defaultValue={typed?.categoryId} />
          <fieldset>
            <legend>{t.proposal.location}</legend>
            <p className="hint" id="ort-hinweis">
              {t.proposal.locationHint}
            </p>
            {root ? (
              <LocationPicker
                center={[c.centerLat, c.centerLng]}
                zoom={c.zoom}
                tileUrl={root.map.tileUrl}
                attribution={root.map.attribution}
                value={picked}
                area={c.area}
                onPick={(la, ln) => {
                  setLat(la.toFixed(6));
                  setLng(ln.toFixed(6));
                }}
              />
            ) : null}
            <p className="visually-hidden" aria-live="polite">
              {picked ? t.map.chosen(lat, lng) : ""}
            </p>
            <div className="field-row">
              <Field name="lat" label={t.proposal.lat} errors={result?.fieldErrors} inputMode="decimal" value={lat} onChange={setLat} required />
              <Field name="lng" label={t.proposal.lng} errors={result?.fieldErrors} inputMode="decimal" value={lng} onChange={setLng} required />
            </div>
          </fieldset>
          <button type="submit" className="button button--primary" disabled={navigation.state === "submitting"}>
            {t.proposal.submit}
          </button>
        </Form>
      )}
    </>
  );
}
