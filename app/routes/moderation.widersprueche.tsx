import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { decideObjection, objectionQueue } from "~/domain/moderation/objections.server";
import { objectionDecisionSchema } from "~/domain/moderation/objections.schema";
import { OBJECTION_OUTCOMES, OBJECTION_REASON_MAX, objectionStatus } from "~/domain/moderation/objections.policy";
import { moderationRefusal } from "~/domain/moderation/moderation.policy";
import { requirePermission } from "~/lib/permissions.server";
import { httpError } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { ownEntry } from "~/lib/lookup";
import { titleFor } from "~/i18n/meta";
import { errorText, useT } from "~/i18n";
import { FieldFrame } from "~/components/forms";
import { Pagination } from "~/components/content";

// The moderators' list of objections (Widerspruch, issue 9): open ones oldest first, decided ones with
// ?zustand=entschieden. Each shows the item, the contested decision and the objection, and a form to decide it —
// except for the person who made the contested decision (and the item's author): someone else decides.

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.objection.queue.title);

const PATH = "/moderation/widersprueche";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, moderationRefusal);
  const params = new URL(request.url).searchParams;
  const state = params.get("zustand") === "entschieden" ? "decided" : "open";
  const page = parsePage(params.get("seite"));
  const result = await objectionQueue(context.db, user, { state, page, pageSize: PAGE_SIZE });
  if (!result.ok) throw httpError(403, result.reason);
  return json({ rows: result.rows, total: result.total, page, state });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, moderationRefusal);
  const form = await request.formData();
  const values = submittedValues(form);
  const target = typeof values.objection === "string" ? values.objection : "";
  const parsed = parseForm(objectionDecisionSchema, form);
  if (!parsed.ok) {
    const reason = parsed.fieldErrors.objection ? "not_found" : "form_invalid";
    return json({ formError: reason, fieldErrors: parsed.fieldErrors, values, target }, { status: objectionStatus[reason] });
  }
  const { objection, ...input } = parsed.data;
  const result = await decideObjection(context.db, user, objection, input);
  if (!result.ok) {
    return json(
      { formError: result.reason, fieldErrors: {} as Record<string, string>, values, target },
      { status: objectionStatus[result.reason] },
    );
  }
  const done = result.outcome === "restored" && !result.changed ? "unchanged" : result.outcome;
  return redirect(`${PATH}?erledigt=${done}`);
}

export default function ObjectionQueue() {
  const { rows, total, page, state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const o = t.objection;
  const q = o.queue;
  const message = (code: string) => ownEntry<string>(o.errors, code) ?? errorText(t, code);
  const done = ownEntry<string>(q.done, params.get("erledigt"));
  // A refusal that is not about a field (someone decided meanwhile, not allowed) stands at the top: the item may
  // have left the list.
  const pageError = result?.formError && result.formError !== "form_invalid" ? result.formError : null;
  return (
    <>
      <p>
        <Link to="/moderation">{t.moderation.title}</Link>
      </p>
      <h1>{q.title}</h1>
      <p className="lead">{q.intro}</p>
      {done ? (
        <p className="alert alert--success" role="status">
          {done}
        </p>
      ) : null}
      {pageError ? (
        <div className="alert alert--error" role="alert" tabIndex={-1}>
          <p>{message(pageError)}</p>
        </div>
      ) : null}
      <nav aria-label={q.views}>
        <ul className="button-row">
          <li>
            <Link to={PATH} aria-current={state === "open" ? "page" : undefined}>
              {q.open}
            </Link>
          </li>
          <li>
            <Link to={`${PATH}?zustand=entschieden`} aria-current={state === "decided" ? "page" : undefined}>
              {q.decided}
            </Link>
          </li>
        </ul>
      </nav>
      {rows.length === 0 ? <p>{state === "open" ? q.emptyOpen : q.emptyDecided}</p> : null}
      {rows.length > 0 ? (
        <ol className="card-list">
          {rows.map((r) => {
            const headingId = `widerspruch-${r.id}`;
            const mine = result?.formError === "form_invalid" && result.target === r.id ? result : null;
            const fieldErrors = Object.entries(mine?.fieldErrors ?? {});
            const outcomeError = mine?.fieldErrors?.outcome;
            const typed = mine?.values ?? {};
            return (
              <li key={r.id}>
                <article className="card" aria-labelledby={headingId}>
                  <h2 id={headingId}>{r.item ? q.heading(o.types[r.item.type], r.item.excerpt) : q.itemGone}</h2>
                  <dl className="details">
                    {r.item ? (
                      <>
                        <dt>{q.consultation}</dt>
                        <dd>
                          <Link to={`/beteiligungen/${r.item.consultationId}`}>{r.item.consultationTitle}</Link>
                        </dd>
                        <dt>{o.item}</dt>
                        <dd>
                          <Link to={r.item.url}>{o.toItem}</Link>
                        </dd>
                        <dt>{q.itemState}</dt>
                        <dd>{q.states[r.item.hiddenKind ?? "visible"]}</dd>
                      </>
                    ) : null}
                    <dt>{q.contested}</dt>
                    <dd>
                      {q.contestedAt(t.common.dateTime(r.decision.at))}. {r.decision.automatic ? o.automatic : o.byPerson}.
                      <br />
                      {o.rule}:{" "}
                      {r.decision.rule ? (
                        <>
                          {o.ruleText(r.decision.rule.label, r.decision.rule.text)} (
                          <Link to={r.decision.rule.url}>{o.ruleLink(r.decision.rule.label)}</Link>)
                        </>
                      ) : (
                        o.noRule
                      )}
                      <br />
                      {o.reason}: {r.decision.reason ?? o.noReason}
                    </dd>
                    <dt>{q.received}</dt>
                    <dd>{t.common.dateTime(r.createdAt)}</dd>
                  </dl>
                  <h3>{q.objectionText}</h3>
                  <blockquote>
                    {r.body.split(/\n+/).map((line, i) => (
                      <p key={i}>{line}</p>
                    ))}
                  </blockquote>
                  {r.outcome ? (
                    <dl className="details">
                      <dt>{q.result}</dt>
                      <dd>
                        {q.results[r.outcome]}
                        {r.decidedAt ? ` (${q.decidedAt(t.common.dateTime(r.decidedAt))})` : null}
                      </dd>
                      <dt>{o.reason}</dt>
                      <dd>{r.outcomeReason}</dd>
                    </dl>
                  ) : r.refusal === "own_decision" ? (
                    <p className="alert alert--info">{q.ownDecision}</p>
                  ) : r.refusal === "own_contribution" ? (
                    <p className="alert alert--info">{q.ownContribution}</p>
                  ) : r.refusal ? null : (
                    <Form method="post" noValidate className="stack">
                      <input type="hidden" name="objection" value={r.id} />
                      {mine ? (
                        <div className="alert alert--error" role="alert" tabIndex={-1}>
                          <p>{message(mine.formError)}</p>
                          {fieldErrors.length ? (
                            <ul>
                              {fieldErrors.map(([name, code]) => (
                                <li key={name}>
                                  <a href={`#feld-${name}-${r.id}`}>{message(code)}</a>
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </div>
                      ) : null}
                      <fieldset
                        id={`feld-outcome-${r.id}`}
                        className={`field${outcomeError ? " field--error" : ""}`}
                        aria-describedby={outcomeError ? `feld-outcome-${r.id}-fehler` : undefined}
                      >
                        <legend>
                          {q.outcomeLegend} <span className="required">({t.common.required})</span>
                        </legend>
                        {outcomeError ? (
                          <p className="error" id={`feld-outcome-${r.id}-fehler`}>
                            {message(outcomeError)}
                          </p>
                        ) : null}
                        {OBJECTION_OUTCOMES.map((outcome) => (
                          <div key={outcome} className="choice">
                            <input
                              type="radio"
                              id={`ergebnis-${r.id}-${outcome}`}
                              name="outcome"
                              value={outcome}
                              defaultChecked={typed.outcome === outcome}
                            />
                            <label htmlFor={`ergebnis-${r.id}-${outcome}`}>{q.outcomes[outcome]}</label>
                          </div>
                        ))}
                      </fieldset>
                      <FieldFrame
                        name="reason"
                        id={`reason-${r.id}`}
                        label={q.reason}
                        hint={q.reasonHint}
                        error={mine?.fieldErrors?.reason}
                        required
                      >
                        {(control) => <textarea rows={3} maxLength={OBJECTION_REASON_MAX} defaultValue={typed.reason ?? ""} {...control} />}
                      </FieldFrame>
                      <button type="submit" className="button button--primary">
                        {q.submit}
                      </button>
                    </Form>
                  )}
                </article>
              </li>
            );
          })}
        </ol>
      ) : null}
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
