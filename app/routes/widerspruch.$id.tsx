import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { objectionPath } from "~/domain/moderation/decisions.server";
import { objectionPage, objectToDecision } from "~/domain/moderation/objections.server";
import { objectionSchema } from "~/domain/moderation/objections.schema";
import { OBJECTION_TEXT_MAX, objectionStatus } from "~/domain/moderation/objections.policy";
import { httpError, invalid, notFound, statusFor } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { currentUser } from "~/lib/session.server";
import { ownEntry } from "~/lib/lookup";
import { titleFor } from "~/i18n/meta";
import { errorText, useT } from "~/i18n";
import { FieldFrame } from "~/components/forms";

// The author's page about a decision that hid their contribution (issue 9): /widerspruch/:decisionId (the decision's
// audit-log id, linked from the statement of reasons). The statement, then the objection form, the objection's state,
// or why objecting is not possible. Only the author sees it (404 for anyone else); guests sign in and come back.

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.objection.title);

const loginFor = (decisionId: string) => `/anmelden?weiter=${encodeURIComponent(objectionPath(decisionId))}`;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  if (!user) return redirect(loginFor(id));
  const page = await objectionPage(context.db, user, id);
  if (!page.ok) throw httpError(statusFor(page.reason), page.reason);
  return json(page);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  if (!user) return redirect(loginFor(id));
  const form = await request.formData();
  const values = submittedValues(form);
  const parsed = parseForm(objectionSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = await objectToDecision(context.db, user, id, parsed.data);
  if (!result.ok) {
    if (result.reason === "not_found" || result.reason === "login_required") throw httpError(statusFor(result.reason), result.reason);
    return json(
      { formError: result.reason, fieldErrors: {} as Record<string, string>, values },
      { status: objectionStatus[result.reason] },
    );
  }
  return redirect(`${objectionPath(id)}?gesendet=1`);
}

export default function Objection() {
  const { decision, item, objection, refusal, deadline, newerDecisionPath } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const o = t.objection;
  const message = (code: string) => ownEntry<string>(o.errors, code) ?? errorText(t, code);
  const fieldErrors = Object.entries(result?.fieldErrors ?? {});
  const bodyError = result?.fieldErrors?.body;
  return (
    <>
      {params.get("gesendet") === "1" && objection ? (
        <p className="alert alert--success" role="status">
          {o.sent}
        </p>
      ) : null}
      <h1>{o.title}</h1>
      <p className="lead">{o.intro}</p>

      <section aria-labelledby="entscheidung" className="card">
        <h2 id="entscheidung">{o.decisionHeading}</h2>
        <dl className="details">
          <dt>{o.item}</dt>
          <dd>
            {o.types[item.type]} „{item.excerpt}“ {o.inConsultation(item.consultationTitle)}
            <br />
            <Link to={item.url}>{o.toItem}</Link>
          </dd>
          <dt>{o.hiddenAt}</dt>
          <dd>{t.common.dateTime(decision.at)}</dd>
          <dt>{o.decidedBy}</dt>
          <dd>{decision.automatic ? o.automatic : o.byPerson}</dd>
          <dt>{o.rule}</dt>
          <dd>
            {decision.rule ? (
              <>
                {o.ruleText(decision.rule.label, decision.rule.text)}
                <br />
                <Link to={decision.rule.url}>{o.ruleLink(decision.rule.label)}</Link>
              </>
            ) : (
              o.noRule
            )}
          </dd>
          <dt>{o.reason}</dt>
          <dd>{decision.reason ?? o.noReason}</dd>
        </dl>
      </section>

      <section aria-labelledby="widerspruch">
        <h2 id="widerspruch">{o.yourObjection}</h2>
        {objection ? (
          <>
            <p>{o.sentOn(t.common.dateTime(objection.createdAt))}</p>
            <blockquote>
              {objection.body.split(/\n+/).map((line, i) => (
                <p key={i}>{line}</p>
              ))}
            </blockquote>
            {objection.outcome ? (
              <div className={`alert ${objection.outcome === "restored" ? "alert--success" : "alert--info"}`}>
                <p>{o.outcome[objection.outcome]}</p>
                {objection.decidedAt ? <p>{o.decidedOn(t.common.dateTime(objection.decidedAt))}</p> : null}
                <p>
                  {o.outcomeReason}: {objection.outcomeReason}
                </p>
              </div>
            ) : (
              <p className="alert alert--info">{o.waiting}</p>
            )}
          </>
        ) : refusal ? (
          <div className="alert alert--info">
            <p>
              {refusal === "objection_period_over"
                ? o.periodOver(t.common.dateTime(deadline))
                : refusal === "decision_superseded"
                  ? o.superseded
                  : refusal === "no_longer_hidden"
                    ? o.noLongerHidden
                    : message(refusal)}
            </p>
            {newerDecisionPath ? (
              <p>
                <Link to={newerDecisionPath}>{o.newerDecision}</Link>
              </p>
            ) : null}
          </div>
        ) : (
          <>
            <p>{o.deadline(t.common.dateTime(deadline))}</p>
            <Form method="post" noValidate className="stack">
              {result?.formError ? (
                <div className="alert alert--error" role="alert" tabIndex={-1}>
                  <p>{message(result.formError)}</p>
                  {fieldErrors.length ? (
                    <ul>
                      {fieldErrors.map(([name, code]) => (
                        <li key={name}>
                          <a href={`#feld-${name}`}>{message(code)}</a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              ) : null}
              <FieldFrame name="body" label={o.bodyLabel} hint={o.bodyHint} error={bodyError} required>
                {(control) => <textarea rows={8} maxLength={OBJECTION_TEXT_MAX} defaultValue={result?.values?.body ?? ""} {...control} />}
              </FieldFrame>
              <button type="submit" className="button button--primary">
                {o.submit}
              </button>
            </Form>
          </>
        )}
      </section>
    </>
  );
}
