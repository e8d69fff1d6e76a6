import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { decideQueueItems, moderationQueue } from "~/domain/moderation/queue.server";
import { doneParams, parseDecisionForm, parseDoneNotice, parseQueueQuery, queueParams } from "~/domain/moderation/queue.schema";
import { FLAG_REASONS } from "~/domain/moderation/contributions";
import { moderationRefusal } from "~/domain/moderation/moderation.policy";
import { requirePermission } from "~/lib/permissions.server";
import { httpError } from "~/lib/http.server";
import { PAGE_SIZE } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Pagination } from "~/components/content";
import {
  ConsultationFilter,
  DecisionFields,
  FieldError,
  FilterButtons,
  ModerationNav,
  QueueErrors,
  QueueItemArticle,
} from "~/components/moderation-queue";

// The moderation queue (issue 9): reported items (?ansicht=meldungen, filtered by consultation, reason and state) or
// items waiting for approval (?ansicht=freigabe), and one form that decides the checked items, or one item by its own
// button. After deciding, back to the same view with how many were decided and how many someone else decided first.

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.queue.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, moderationRefusal);
  const params = new URL(request.url).searchParams;
  const query = parseQueueQuery(params);
  const result = await moderationQueue(context.db, user, query);
  if (!result.ok) throw httpError(403, result.reason);
  return json({
    rows: result.items,
    total: result.total,
    page: query.page,
    view: query.view,
    state: query.state,
    filtered: !!(query.consultationId || query.reason || query.state !== "open"),
    form: result.form,
    links: result.links,
    consultations: result.consultations,
    rules: result.rules,
    decisions: result.decisions,
    openObjections: result.openObjections,
    done: parseDoneNotice(params),
  });
}

const STATUS = { already_decided: 409, own_contribution: 403, forbidden: 403, not_found: 404, rule_missing: 400, reason_missing: 400 };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, moderationRefusal);
  const query = parseQueueQuery(new URL(request.url).searchParams);
  const form = await request.formData();
  const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : "");
  const values = { decision: text("decision"), rule: text("rule"), reason: text("reason") };
  const checked = form.getAll("item").filter((v): v is string => typeof v === "string");
  const parsed = parseDecisionForm(form);
  if (!parsed.ok) return json({ formError: "form_invalid", fieldErrors: parsed.fieldErrors, values, checked }, { status: 400 });
  const result = await decideQueueItems(context.db, user, parsed.data);
  if (result.ok) return redirect(`/moderation?${doneParams(queueParams(query), result)}`);
  // Nothing applied: a rule or reason that does not fit is the form's field; the rest is the whole form's refusal.
  const fieldErrors =
    result.reason === "rule_missing" ? { rule: "rule_unknown" } : result.reason === "reason_missing" ? { reason: "reason_missing" } : {};
  const formError = Object.keys(fieldErrors).length ? "form_invalid" : result.reason;
  return json(
    { formError, fieldErrors, values, checked: result.reason === "already_decided" ? [] : checked },
    { status: STATUS[result.reason] },
  );
}

export default function ModerationQueue() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const t = useT();
  const { view, rows, total } = data;
  const checked = new Set(result?.checked ?? []);
  const reset = data.filtered ? (view === "flags" ? "/moderation" : "/moderation?ansicht=freigabe") : null;
  return (
    <>
      <h1>{t.queue.title}</h1>
      <ModerationNav current={view} openObjections={data.openObjections} links={data.links} />
      {data.done ? (
        <div className="alert alert--success" role="status">
          {data.done.decided ? <p>{t.queue.done(data.done.decided)}</p> : null}
          {data.done.alreadyDecided ? <p>{t.queue.doneAlready(data.done.alreadyDecided)}</p> : null}
          {data.done.refused ? <p>{t.queue.doneRefused(data.done.refused)}</p> : null}
        </div>
      ) : null}
      <h2>{view === "flags" ? t.queue.flagsHeading : t.queue.reviewHeading}</h2>
      <p>{view === "review" ? t.queue.reviewIntro : data.state === "decided" ? t.queue.decidedIntro : t.queue.flagsIntro}</p>
      <Form method="get" action="/moderation" className="filters" aria-labelledby="filter-titel">
        <h3 id="filter-titel">{t.queue.filter}</h3>
        <input type="hidden" name="ansicht" value={data.form.ansicht} />
        <div className="field-row">
          <ConsultationFilter
            id="filter-beteiligung"
            label={t.queue.consultation}
            all={t.queue.allConsultations}
            consultations={data.consultations}
            value={data.form.beteiligung}
          />
          {view === "flags" ? (
            <>
              <div className="field">
                <label htmlFor="filter-grund">{t.queue.reason}</label>
                <select id="filter-grund" name="grund" defaultValue={data.form.grund}>
                  <option value="">{t.queue.allReasons}</option>
                  {FLAG_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t.flag.reasons[r]}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset className="field">
                <legend>{t.queue.state}</legend>
                {(["offen", "entschieden"] as const).map((slug) => (
                  <div key={slug} className="choice">
                    <input type="radio" id={`filter-stand-${slug}`} name="stand" value={slug} defaultChecked={data.form.stand === slug} />{" "}
                    <label htmlFor={`filter-stand-${slug}`}>{t.queue.states[slug === "offen" ? "open" : "decided"]}</label>
                  </div>
                ))}
              </fieldset>
            </>
          ) : null}
        </div>
        <FilterButtons apply={t.queue.apply} reset={reset} resetLabel={t.queue.reset} />
      </Form>
      <p role="status">{t.queue.count(total)}</p>
      {rows.length === 0 ? (
        <p>{t.queue.empty[view === "review" ? "review" : data.state]}</p>
      ) : (
        // A new key after every navigation (a decision redirects back here): the next decision starts from an empty
        // form, so that ticking another item never resends the last decision by mistake.
        <Form method="post" noValidate className="stack" key={location.key}>
          <QueueErrors result={result} />
          <DecisionFields
            view={view}
            decisions={data.decisions}
            rules={data.rules}
            fieldErrors={result?.fieldErrors}
            values={result?.values}
          />
          <div id="feld-item" className="stack" tabIndex={-1}>
            <h2 className="visually-hidden">{t.queue.itemsLabel}</h2>
            <FieldError name="item" code={result?.fieldErrors && "item" in result.fieldErrors ? result.fieldErrors.item : undefined} />
            {rows.map((item) => (
              <QueueItemArticle key={item.key} item={item} checked={checked.has(item.value ?? "")} view={view} />
            ))}
          </div>
          <div className="button-row">
            <button type="submit" className="button button--primary">
              {t.queue.submit}
            </button>
          </div>
        </Form>
      )}
      <Pagination page={data.page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
