import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getConsultation } from "~/domain/consultations/consultations.server";
import { addTextDocument } from "~/domain/documents/documents.server";
import { textDocumentSchema } from "~/domain/documents/documents.schema";
import { requirePermission } from "~/lib/permissions.server";
import { documentManageRefusal } from "~/domain/documents/documents.policy";
import { invalid, notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { TextDocumentForm } from "~/components/documents";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.documents.newTextTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, documentManageRefusal);
  const result = await getConsultation(context.db, user, id);
  if (!result.ok) notFound();
  return json({ consultation: { id, title: result.consultation.title } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, documentManageRefusal);
  const form = await request.formData();
  const parsed = parseForm(textDocumentSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, submittedValues(form));
  const result = await addTextDocument(context.db, user, id, parsed.data);
  if (!result.ok) return refused(result.reason);
  return redirect(`/dokumente/${result.id}?hinweis=saved`);
}

export default function NewTextDocument() {
  const { consultation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/verwaltung/${consultation.id}/dokumente`}>{t.documents.manageTitle}</Link>
      </p>
      <h1>{t.documents.newTextTitle}</h1>
      <p className="lead">{consultation.title}</p>
      <TextDocumentForm result={result} values={result?.values} />
    </>
  );
}
