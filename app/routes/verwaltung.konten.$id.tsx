import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { accountAdminRefusal, SUSPENSION_DAYS } from "~/domain/accounts/accounts.policy";
import { accountDetails, liftSuspension, suspendAccount } from "~/domain/accounts/suspension.server";
import { liftSchema, parseSuspension } from "~/domain/accounts/suspension.schema";
import { requirePermission, throwRefusal } from "~/lib/permissions.server";
import { notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { PAGE_SIZE, parseId, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { errorText, useT } from "~/i18n";
import { Field, FormErrors } from "~/components/forms";
import { Pagination } from "~/components/content";

// /verwaltung/konten/:id: one account for the admins — its facts, the suspension in force, the forms to suspend it
// (again) and to lift the suspension, and its record from the audit log. Invalid input answers 400 and writes nothing.
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titleFor(matches, (t) => (data?.account ? `${data.account.displayName} – ${t.accounts.title}` : t.accounts.title));

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, accountAdminRefusal);
  const id = parseId(params.id) ?? notFound();
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const result = await accountDetails(context.db, user, id, page);
  if (!result.ok) throwRefusal(result.reason);
  const { account, suspensionRefusal, history, historyTotal } = result;
  return json({ account, suspensionRefusal, history, historyTotal, page });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, accountAdminRefusal);
  const id = parseId(params.id) ?? notFound();
  const form = await request.formData();
  const values = submittedValues(form);
  const intent = form.get("intent");
  if (intent === "suspend") {
    const parsed = parseSuspension(form);
    if (!parsed.ok) return json({ formError: "form_invalid", fieldErrors: parsed.fieldErrors, values, intent }, 400);
    const result = await suspendAccount(context.db, user, id, parsed.data);
    if (!result.ok) return refused(result.reason, { values, form: { intent, target: id } });
    return redirect(`/verwaltung/konten/${id}?hinweis=suspended`);
  }
  if (intent === "lift") {
    const parsed = parseForm(liftSchema, form);
    if (!parsed.ok) return json({ formError: "form_invalid", fieldErrors: parsed.fieldErrors, values, intent }, 400);
    const result = await liftSuspension(context.db, user, id, parsed.data);
    if (!result.ok) return refused(result.reason, { values, form: { intent, target: id } });
    return redirect(`/verwaltung/konten/${id}?hinweis=lifted`);
  }
  return json({ formError: "intent_invalid", fieldErrors: {}, values, intent: null }, 400);
}

export default function Account() {
  const { account, suspensionRefusal, history, historyTotal, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const a = t.accounts;
  const resultOf = (intent: string) => (result?.intent === intent ? result : null);
  const suspendResult = resultOf("suspend");
  const liftResult = resultOf("lift");
  const typed = { duration: "7", until: "", reason: "", ...(suspendResult?.values ?? {}) };
  const durationError = suspendResult?.fieldErrors?.duration;
  const notice = params.get("hinweis");
  return (
    <>
      <p>
        <Link to="/verwaltung/konten">{a.back}</Link>
      </p>
      {notice === "suspended" || notice === "lifted" ? (
        <p className="alert alert--success" role="status">
          {notice === "suspended" ? a.suspendedNotice : a.liftedNotice}
        </p>
      ) : null}
      <h1>{account.displayName}</h1>
      {result && !result.intent ? <FormErrors result={result} /> : null}

      <section aria-labelledby="angaben">
        <h2 id="angaben">{a.details}</h2>
        <dl className="details">
          <dt>{a.email}</dt>
          <dd>{account.email}</dd>
          <dt>{a.role}</dt>
          <dd>{t.auth.roles[account.role]}</dd>
          <dt>{a.registered}</dt>
          <dd>{t.common.dateTime(account.createdAt)}</dd>
          <dt>{a.confirmed}</dt>
          <dd>{account.verifiedAt ? a.confirmedAt(t.common.dateTime(account.verifiedAt)) : a.notConfirmed}</dd>
        </dl>
      </section>

      <section aria-labelledby="sperre">
        <h2 id="sperre">{a.suspension}</h2>
        {account.suspension ? (
          <div className="alert alert--warning">
            <p>{a.suspendedInfo(account.suspension.until)}</p>
            <p>{a.suspendedReason(account.suspension.reason)}</p>
          </div>
        ) : (
          <p>{a.notSuspended}</p>
        )}
        {suspensionRefusal ? (
          <p className="hint">{a.cannotSuspend[suspensionRefusal] ?? errorText(t, suspensionRefusal)}</p>
        ) : (
          <>
            {account.suspension ? (
              <Form method="post" noValidate className="panel stack" aria-labelledby="aufheben-titel">
                <h3 id="aufheben-titel">{a.liftTitle}</h3>
                <p>{a.liftIntro}</p>
                <input type="hidden" name="intent" value="lift" />
                <FormErrors result={liftResult} />
                <Field
                  name="liftReason"
                  label={a.liftReason}
                  hint={a.liftReasonHint}
                  errors={liftResult?.fieldErrors}
                  defaultValue={liftResult?.values?.liftReason ?? ""}
                  multiline
                  rows={3}
                  required
                />
                <button type="submit" className="button">
                  {a.liftSubmit}
                </button>
              </Form>
            ) : null}
            <Form method="post" noValidate className="panel stack" aria-labelledby="sperren-titel">
              <h3 id="sperren-titel">{a.suspendTitle}</h3>
              <p>{account.suspension ? a.resuspendIntro : a.suspendIntro}</p>
              <input type="hidden" name="intent" value="suspend" />
              <FormErrors result={suspendResult} />
              <fieldset
                id="feld-duration"
                className={durationError ? "field--error" : undefined}
                aria-describedby={durationError ? "feld-duration-fehler" : undefined}
              >
                <legend>
                  {a.duration} <span className="required">({t.common.required})</span>
                </legend>
                {durationError ? (
                  <p className="error" id="feld-duration-fehler">
                    {errorText(t, durationError)}
                  </p>
                ) : null}
                {[...SUSPENSION_DAYS.map(String), "date"].map((value) => (
                  <div key={value} className="choice">
                    <input type="radio" id={`dauer-${value}`} name="duration" value={value} defaultChecked={typed.duration === value} />{" "}
                    <label htmlFor={`dauer-${value}`}>{value === "date" ? a.ownDate : a.days(Number(value))}</label>
                  </div>
                ))}
              </fieldset>
              <Field
                name="until"
                type="date"
                label={a.until}
                hint={a.untilHint}
                errors={suspendResult?.fieldErrors}
                defaultValue={typed.until}
              />
              <Field
                name="reason"
                label={a.reason}
                hint={a.reasonHint}
                errors={suspendResult?.fieldErrors}
                defaultValue={typed.reason}
                multiline
                rows={4}
                required
              />
              <button type="submit" className="button button--primary">
                {a.suspendSubmit}
              </button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="verlauf">
        <h2 id="verlauf">{a.history}</h2>
        <p className="hint">{a.historyIntro}</p>
        {history.length === 0 ? (
          <p>{a.historyNone}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{a.history}</caption>
            <thead>
              <tr>
                <th scope="col">{a.when}</th>
                <th scope="col">{a.action}</th>
                <th scope="col">{a.by}</th>
                <th scope="col">{a.reasonColumn}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((entry) => (
                <tr key={entry.id}>
                  <td>{t.common.dateTime(entry.createdAt)}</td>
                  <td>
                    {a.actions[entry.action] ?? entry.action}
                    {entry.item ? (
                      <>
                        {": "}
                        <Link to={entry.item.url}>
                          {a.itemTypes[entry.item.type]} „{entry.item.excerpt}“
                        </Link>
                      </>
                    ) : null}
                  </td>
                  <td>{entry.actorName ?? a.automatic}</td>
                  <td>{entry.reason ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pagination page={page} total={historyTotal} pageSize={PAGE_SIZE} />
      </section>
    </>
  );
}
