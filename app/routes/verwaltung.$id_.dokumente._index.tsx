import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getConsultation } from "~/domain/consultations/consultations.server";
import { addFileDocument, deleteDocument, listDocuments } from "~/domain/documents/documents.server";
import { readDocumentForm } from "~/domain/documents/documents.form.server";
import { DOCUMENT_ACCEPT, DOCUMENT_MAX_BYTES } from "~/domain/files/files.limits";
import { requirePermission } from "~/lib/permissions.server";
import { documentManageRefusal } from "~/domain/documents/documents.policy";
import { notFound, refused } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { errorText, useT } from "~/i18n";
import { Field, FieldFrame, FormErrors, useFileSizeCheck } from "~/components/forms";
import { Notice } from "~/components/content";
import { FileFacts } from "~/components/documents";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.documents.manageTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, documentManageRefusal);
  const result = await getConsultation(context.db, user, id);
  if (!result.ok) notFound();
  return json({ consultation: { id, title: result.consultation.title }, documents: await listDocuments(context.db, id) });
}

// Two forms: the upload (multipart, with the file) and the removal of one document.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, documentManageRefusal);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const form = await readDocumentForm(request);
    if (!form.ok)
      return json(
        { formError: "form_invalid", fieldErrors: form.fieldErrors, values: form.values, intent: "upload" },
        { status: form.status },
      );
    const result = await addFileDocument(context.db, user, id, form.input, form.file);
    if (!result.ok) return refused(result.reason, { form: { intent: "upload", target: "upload" } });
    return redirect(`/verwaltung/${id}/dokumente?hinweis=saved`);
  }
  const form = await request.formData();
  const documentId = parseId(String(form.get("documentId") ?? ""));
  if (form.get("intent") !== "delete" || !documentId) return refused("form_invalid");
  const result = await deleteDocument(context.db, user, id, documentId);
  if (!result.ok) return refused(result.reason, { form: { intent: "delete", target: documentId } });
  return redirect(`/verwaltung/${id}/dokumente?hinweis=saved`);
}

export default function ManageDocuments() {
  const { consultation, documents } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const sizeCheck = useFileSizeCheck(DOCUMENT_MAX_BYTES);
  const t = useT();
  const uploadResult = result && "intent" in result && result.intent === "delete" ? null : result;
  const typed = (uploadResult && "values" in uploadResult ? uploadResult.values : undefined) as Record<string, string> | undefined;
  return (
    <>
      <p>
        <Link to={`/verwaltung/${consultation.id}`}>{t.proposal.backTo(consultation.title)}</Link>
      </p>
      <h1>{t.documents.manageTitle}</h1>
      <p className="lead">{consultation.title}</p>
      <Notice />
      {result && "intent" in result && result.intent === "delete" ? (
        <p className="alert alert--error" role="alert">
          {errorText(t, result.formError)}
        </p>
      ) : null}

      <section aria-labelledby="vorhandene-unterlagen">
        <h2 id="vorhandene-unterlagen">{t.documents.heading}</h2>
        {documents.length === 0 ? <p>{t.documents.none}</p> : null}
        <ul className="document-list">
          {documents.map((d) => (
            <li key={d.id}>
              <Link to={`/dokumente/${d.id}`}>{d.title}</Link>{" "}
              {d.file ? <FileFacts label={d.file.label} byteSize={d.file.byteSize} /> : <span>({t.documents.text})</span>}
              <div className="button-row">
                <Link to={`/verwaltung/dokumente/${d.id}`}>{t.common.edit}</Link>
                <Form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="documentId" value={d.id} />
                  <button type="submit" className="button button--secondary">
                    {t.documents.remove(d.title)}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
        <p>
          <Link to={`/verwaltung/${consultation.id}/dokumente/text`} className="button">
            {t.documents.newText}
          </Link>
        </p>
      </section>

      <section aria-labelledby="datei-hochladen" className="panel">
        <h2 id="datei-hochladen">{t.documents.uploadHeading}</h2>
        <Form method="post" encType="multipart/form-data" noValidate className="stack">
          <FormErrors result={uploadResult} />
          <FieldFrame
            name="file"
            label={t.documents.file}
            hint={t.documents.fileHint(Math.round(DOCUMENT_MAX_BYTES / 1024 / 1024))}
            error={sizeCheck.tooLarge ? "file_too_large" : uploadResult?.fieldErrors?.file}
            required
          >
            {(control) => <input type="file" accept={DOCUMENT_ACCEPT} {...control} onChange={sizeCheck.onChange} />}
          </FieldFrame>
          <Field name="title" label={t.documents.title} errors={uploadResult?.fieldErrors} defaultValue={typed?.title} required />
          <Field
            name="description"
            label={t.documents.description}
            errors={uploadResult?.fieldErrors}
            defaultValue={typed?.description}
            multiline
            rows={3}
          />
          <Field
            name="accessibleSummary"
            label={t.documents.accessibleSummary}
            hint={t.documents.accessibleSummaryHint}
            errors={uploadResult?.fieldErrors}
            defaultValue={typed?.accessibleSummary}
            multiline
            rows={5}
            required
          />
          <button type="submit" className="button button--primary" disabled={navigation.state === "submitting"}>
            {t.documents.upload}
          </button>
        </Form>
      </section>
    </>
  );
}
