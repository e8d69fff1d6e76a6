import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDocument, updateFileDocument, updateTextDocument } from "~/domain/documents/documents.server";
import { fileDocumentSchema, textDocumentSchema } from "~/domain/documents/documents.schema";
import { requirePermission } from "~/lib/permissions.server";
import { documentManageRefusal } from "~/domain/documents/documents.policy";
import { invalid, notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Field, FormErrors } from "~/components/forms";
import { FileFacts, TextDocumentForm } from "~/components/documents";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.documents.editTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, documentManageRefusal);
  const result = await getDocument(context.db, user, id);
  if (!result.ok) notFound();
  const d = result.document;
  return json({
    document: { id, kind: d.kind, file: d.file, consultationId: d.consultationId },
    values: { title: d.title, description: d.description, accessibleSummary: d.accessibleSummary, body: d.bodyMd ?? "" },
  });
}

// A text gets new sections from its headings (comments stay on theirs); a file gets new details.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, documentManageRefusal);
  const form = await request.formData();
  const values = submittedValues(form);
  const isText = form.get("kind") === "text";
  const parsed = isText ? parseForm(textDocumentSchema, form) : parseForm(fileDocumentSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = isText
    ? await updateTextDocument(context.db, user, id, parsed.data as ReturnType<typeof textDocumentSchema.parse>)
    : await updateFileDocument(context.db, user, id, parsed.data as ReturnType<typeof fileDocumentSchema.parse>);
  if (!result.ok) return refused(result.reason, { values });
  return redirect(`/dokumente/${id}?hinweis=saved`);
}

export default function EditDocument() {
  const { document, values: saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const values = { ...saved, ...(result?.values ?? {}) };
  return (
    <>
      <p>
        <Link to={`/verwaltung/${document.consultationId}/dokumente`}>{t.documents.manageTitle}</Link>
      </p>
      <h1>{t.documents.editTitle}</h1>
      {document.kind === "text" ? (
        <TextDocumentForm result={result} values={values} />
      ) : (
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="kind" value="file" />
          {document.file ? (
            <p>
              <a href={`/dokumente/${document.id}/datei`}>{t.documents.download}</a>{" "}
              <FileFacts label={document.file.label} byteSize={document.file.byteSize} />
            </p>
          ) : null}
          <FormErrors result={result} />
          <Field name="title" label={t.documents.title} errors={result?.fieldErrors} defaultValue={values.title} required />
          <Field
            name="description"
            label={t.documents.description}
            errors={result?.fieldErrors}
            defaultValue={values.description}
            multiline
            rows={3}
          />
          <Field
            name="accessibleSummary"
            label={t.documents.accessibleSummary}
            hint={t.documents.accessibleSummaryHint}
            errors={result?.fieldErrors}
            defaultValue={values.accessibleSummary}
            multiline
            rows={5}
            required
          />
          <button type="submit" className="button button--primary">
            {t.documents.save}
          </button>
        </Form>
      )}
    </>
  );
}
