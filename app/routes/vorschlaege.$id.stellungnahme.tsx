import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getProposal } from "~/domain/proposals/proposals.server";
import { findAnswer, giveAnswer } from "~/domain/answers/answers.server";
import { answerSchema } from "~/domain/answers/answers.schema";
import { ANSWER_STATUSES } from "~/domain/answers/answers.statuses";
import { answerRefusal } from "~/domain/answers/answers.policy";
import { requirePermission } from "~/lib/permissions.server";
import { invalid, notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Field, FieldFrame, FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.answer.editTitle);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, answerRefusal);
  const result = await getProposal(context.db, user, id);
  if (!result.ok) notFound();
  const answer = await findAnswer(context.db, id);
  return json({
    proposal: { id, title: result.proposal.title },
    answer: answer ? { status: answer.status as string, body: answer.bodyMd } : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, answerRefusal);
  const form = await request.formData();
  const values = submittedValues(form);
  const parsed = parseForm(answerSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = await giveAnswer(context.db, user, id, parsed.data);
  if (!result.ok) return refused(result.reason, { values });
  return redirect(`/vorschlaege/${id}?hinweis=saved#stellungnahme`);
}

export default function EditAnswer() {
  const { proposal, answer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const typed = { status: answer?.status ?? "", body: answer?.body ?? "", ...(result?.values ?? {}) };
  return (
    <>
      <p>
        <Link to={`/vorschlaege/${proposal.id}`}>{t.proposal.backTo(proposal.title)}</Link>
      </p>
      <h1>{t.answer.editTitle}</h1>
      <p>{t.answer.intro}</p>
      <Form method="post" noValidate className="stack">
        <FormErrors result={result} />
        <FieldFrame name="status" label={t.answer.status} error={result?.fieldErrors?.status} required>
          {(control) => (
            <select {...control} defaultValue={typed.status}>
              <option value="">{t.answer.chooseStatus}</option>
              {ANSWER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t.proposalStatus[s]}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <Field
          name="body"
          label={t.answer.body}
          hint={t.answer.bodyHint}
          errors={result?.fieldErrors}
          defaultValue={typed.body}
          multiline
          rows={10}
          required
        />
        <button type="submit" className="button button--primary">
          {t.answer.save}
        </button>
      </Form>
    </>
  );
}
