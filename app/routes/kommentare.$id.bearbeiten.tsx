import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { commentPage, editComment, getOwnComment } from "~/domain/comments/comments.server";
import { commentSchema } from "~/domain/comments/comments.schema";
import { requireUser } from "~/lib/session.server";
import { httpError, invalid, notFound, refused, statusFor } from "~/lib/http.server";
import { parseForm } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Field, FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.comment.editTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requireUser(request, context);
  const result = await getOwnComment(context.db, user, id);
  if (!result.ok) throw httpError(statusFor(result.reason), result.reason);
  const { comment, editableUntil } = result;
  return json({ comment: { id, page: commentPage(comment), body: comment.bodyMd, editableUntil: editableUntil.toISOString() } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requireUser(request, context);
  const parsed = parseForm(commentSchema.pick({ body: true }), await request.formData());
  if (!parsed.ok) return invalid(parsed.fieldErrors);
  const result = await editComment(context.db, user, id, parsed.data.body);
  if (!result.ok) return refused(result.reason);
  return redirect(`${commentPage(result)}#kommentar-${id}`);
}

export default function EditComment() {
  const { comment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`${comment.page}#kommentar-${comment.id}`}>{t.common.back}</Link>
      </p>
      <h1>{t.comment.editTitle}</h1>
      <p>{t.comment.editUntil(t.common.dateTime(comment.editableUntil))}</p>
      <Form method="post" noValidate className="stack">
        <FormErrors result={result} />
        <Field
          name="body"
          label={t.comment.label}
          hint={t.comment.hint}
          errors={result?.fieldErrors}
          defaultValue={comment.body}
          multiline
          required
        />
        <button type="submit" className="button button--primary">
          {t.common.save}
        </button>
      </Form>
    </>
  );
}
