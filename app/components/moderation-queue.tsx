import type { SerializeFrom } from "@remix-run/node";
import type { QueueItem } from "~/domain/moderation/queue.server";
import { Link } from "@remix-run/react";
import { errorText, useT } from "~/i18n";
import { ownEntry } from "~/lib/lookup";
import type { FieldErrors } from "~/lib/forms";
import { ruleLabel } from "~/domain/moderation/moderation.policy";

// The parts of the moderation pages (/moderation, /moderation/protokoll, /moderation/stellungnahmen): the links between
// them, the consultation filter, the error summary of the decision form, one queue item and the decision's fields.

type Section = "flags" | "review" | "log" | "unanswered";

/** The links between the moderation pages; the current one is marked for screen readers. */
export function ModerationNav(props: { current: Section; openObjections?: number; links?: { flags: string; review: string } }) {
  const t = useT();
  const links: [Section | "objections", string, string][] = [
    ["flags", props.links?.flags ?? "/moderation", t.queue.flagsView],
    ["review", props.links?.review ?? "/moderation?ansicht=freigabe", t.queue.reviewView],
    [
      "objections",
      "/moderation/widersprueche",
      props.openObjections === undefined ? t.objection.queue.title : t.queue.objections(props.openObjections),
    ],
    ["log", "/moderation/protokoll", t.queue.log],
    ["unanswered", "/moderation/stellungnahmen", t.queue.unanswered],
  ];
  return (
    <nav aria-label={t.queue.sections}>
      <ul className="button-row">
        {links.map(([key, href, label]) => (
          <li key={key}>
            <Link to={href} aria-current={key === props.current ? "page" : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The consultation select of a filter form (GET). */
export function ConsultationFilter(props: {
  id: string;
  label: string;
  all: string;
  consultations: { id: string; title: string }[];
  value: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name="beteiligung" defaultValue={props.value}>
        <option value="">{props.all}</option>
        {props.consultations.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The queue's own text for an error code, else the common one. */
function queueError(t: ReturnType<typeof useT>, code: string | undefined) {
  return ownEntry(t.queue.errors, code) ?? errorText(t, code);
}

/** The summary at the top of a refused decision, with links to the fields (the pattern of FormErrors). */
export function QueueErrors({ result }: { result?: { formError?: string; fieldErrors?: FieldErrors } | null }) {
  const t = useT();
  if (!result?.formError) return null;
  const fields = Object.entries(result.fieldErrors ?? {});
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1}>
      <p>{queueError(t, result.formError)}</p>
      {fields.length ? (
        <ul>
          {fields.map(([name, code]) => (
            <li key={name}>
              <a href={`#feld-${name}`}>{queueError(t, code)}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A field's error message under its label, tied to the control by `feld-<name>-fehler`. */
export function FieldError({ name, code }: { name: string; code?: string }) {
  const t = useT();
  return code ? (
    <p className="error" id={`feld-${name}-fehler`}>
      {queueError(t, code)}
    </p>
  ) : null;
}

/** What the page shows of an item: QueueItem of queue.server.ts as the loader sends it (JSON). */
export type QueueItemView = SerializeFrom<QueueItem>;

export function QueueItemArticle({ item, checked, view }: { item: QueueItemView; checked: boolean; view: "flags" | "review" }) {
  const t = useT();
  const type = t.queue.types[item.ref.type] ?? item.ref.type;
  const headingId = `beitrag-${item.ref.type}-${item.ref.id}`;
  const heading = t.queue.heading(type, item.title ?? item.excerpt);
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{heading}</h3>
      {item.value ? (
        <p>
          <input type="checkbox" id={`auswahl-${item.ref.type}-${item.ref.id}`} name="item" value={item.value} defaultChecked={checked} />{" "}
          <label htmlFor={`auswahl-${item.ref.type}-${item.ref.id}`}>{t.queue.select(type, item.excerpt)}</label>
        </p>
      ) : (
        <p className="hint">{item.refusal === "own_contribution" ? t.queue.ownItem : t.queue.nothingToDecide}</p>
      )}
      {item.text ? (
        <blockquote>
          <p>{item.text}</p>
        </blockquote>
      ) : null}
      <dl className="details">
        {item.context ? (
          <>
            <dt>{t.queue.context}</dt>
            <dd>
              <Link to={item.context.url}>{item.context.title}</Link>
            </dd>
          </>
        ) : null}
        {item.consultation ? (
          <>
            <dt>{t.queue.inConsultation}</dt>
            <dd>
              <Link to={`/beteiligungen/${item.consultation.id}`}>{item.consultation.title}</Link>
            </dd>
          </>
        ) : null}
        <dt>{t.queue.itemState}</dt>
        <dd>{t.queue.itemStates[item.state] ?? item.state}</dd>
        {view === "flags" ? (
          <>
            <dt>{t.queue.reports}</dt>
            <dd>
              {t.queue.reportCount(item.reports)}
              {item.reasons.length ? (
                <ul>
                  {item.reasons.map((r) => (
                    <li key={r.reason}>{t.queue.reasonCount(ownEntry(t.flag.reasons, r.reason) ?? r.reason, r.count)}</li>
                  ))}
                </ul>
              ) : null}
            </dd>
            {item.firstReportedAt ? (
              <>
                <dt>{t.queue.firstReported}</dt>
                <dd>{t.common.dateTime(item.firstReportedAt)}</dd>
              </>
            ) : null}
          </>
        ) : item.createdAt ? (
          <>
            <dt>{t.queue.submitted}</dt>
            <dd>{t.common.dateTime(item.createdAt)}</dd>
          </>
        ) : null}
        <dt>{t.queue.history}</dt>
        <dd>{t.queue.historyCount(item.authorHidden)}</dd>
        {item.decision ? (
          <>
            <dt>{t.queue.decision}</dt>
            <dd>
              {t.queue.decisionText(t.queue.actions[item.decision.action] ?? item.decision.action, t.common.dateTime(item.decision.at))}
              {item.decision.actorName ? ` ${t.queue.decisionBy(item.decision.actorName)}` : ""}
              {item.decision.rule ? `, ${t.queue.ruleNamed(ruleLabel(item.decision.rule))}` : ""}
              {item.decision.reason ? `: ${item.decision.reason}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {item.notes.length ? (
        <>
          <h4>{t.queue.notes}</h4>
          <ul>
            {item.notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
          {item.moreNotes ? <p className="hint">{t.queue.moreNotes(item.moreNotes)}</p> : null}
        </>
      ) : null}
      <div className="button-row">
        {item.url ? <Link to={item.url}>{t.queue.open}</Link> : null}
        {item.value ? (
          <button type="submit" name="only" value={item.value} className="button">
            {t.queue.onlyThis}
            <span className="visually-hidden">: {heading}</span>
          </button>
        ) : null}
      </div>
    </article>
  );
}

/** The decision's fields: which decision (radios), the house rule (hide), the reason; and the submit of all checked. */
export function DecisionFields(props: {
  view: "flags" | "review";
  decisions: readonly string[];
  rules: { key: string; label: string; text: string }[];
  fieldErrors?: FieldErrors;
  values?: { decision?: string; rule?: string; reason?: string };
}) {
  const t = useT();
  const errors = props.fieldErrors ?? {};
  const describedBy = (name: string, hint: boolean) =>
    [hint ? `feld-${name}-hinweis` : null, errors[name] ? `feld-${name}-fehler` : null].filter(Boolean).join(" ") || undefined;
  return (
    <section aria-labelledby="entscheidung" className="card stack">
      <h2 id="entscheidung">{t.queue.decide}</h2>
      <p className="hint">{t.queue.decideIntro}</p>
      <fieldset
        id="feld-decision"
        className={`field${errors.decision ? " field--error" : ""}`}
        aria-describedby={describedBy("decision", false)}
      >
        <legend>
          {t.queue.decisionLegend} <span className="required">({t.common.required})</span>
        </legend>
        <FieldError name="decision" code={errors.decision} />
        {props.decisions.map((d) => (
          <div key={d} className="choice">
            <input type="radio" id={`entscheidung-${d}`} name="decision" value={d} defaultChecked={props.values?.decision === d} />{" "}
            <label htmlFor={`entscheidung-${d}`}>
              {props.view === "review" && d === "hide" ? t.queue.reject : (t.queue.decisions[d] ?? d)}
            </label>
          </div>
        ))}
      </fieldset>
      <div className={`field${errors.rule ? " field--error" : ""}`}>
        <label htmlFor="feld-rule">{t.queue.rule}</label>
        <p className="hint" id="feld-rule-hinweis">
          {t.queue.ruleHint}
        </p>
        <FieldError name="rule" code={errors.rule} />
        <select
          id="feld-rule"
          name="rule"
          defaultValue={props.values?.rule ?? ""}
          aria-describedby={describedBy("rule", true)}
          aria-invalid={errors.rule ? true : undefined}
        >
          <option value="">{t.queue.chooseRule}</option>
          {props.rules.map((r) => (
            <option key={r.key} value={r.key}>
              {t.queue.ruleOption(r.label, r.text)}
            </option>
          ))}
        </select>
      </div>
      <div className={`field${errors.reason ? " field--error" : ""}`}>
        <label htmlFor="feld-reason">{t.queue.reasonLabel}</label>
        <p className="hint" id="feld-reason-hinweis">
          {t.queue.reasonHint}
        </p>
        <FieldError name="reason" code={errors.reason} />
        <textarea
          id="feld-reason"
          name="reason"
          rows={3}
          defaultValue={props.values?.reason ?? ""}
          aria-describedby={describedBy("reason", true)}
          aria-invalid={errors.reason ? true : undefined}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary">
          {t.queue.submit}
        </button>
      </div>
    </section>
  );
}

/** The GET filter form's submit and reset. */
export function FilterButtons(props: { reset: string | null; apply: string; resetLabel: string }) {
  return (
    <div className="button-row">
      <button type="submit" className="button">
        {props.apply}
      </button>
      {props.reset ? <Link to={props.reset}>{props.resetLabel}</Link> : null}
    </div>
  );
}
