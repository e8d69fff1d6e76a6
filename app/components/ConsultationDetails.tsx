import { useT } from "~/i18n";
import type { Phase } from "~/domain/consultations/consultations.policy";
import type { RevisionField } from "~/domain/consultations/consultations.revisions";
import { Markdown } from "./content";

// What a consultation page says beyond its text: the phase in words, plain language, what happens with the input,
// whom to ask, and whether and when the consultation changed since it was published.

type Dated = Date | string;

export type RevisionHistoryData = {
  revisions: { number: number; createdAt: Dated; changedFields: RevisionField[] }[];
  /** Changes since publication, including those not listed. */
  total: number;
  lastChangedAt: Dated | null;
};

/** Before the start and after the end: what a reader can and cannot do now, with the date. */
export function PhaseNotice({ phase, opensAt, closesAt }: { phase: Phase; opensAt: Dated; closesAt: Dated }) {
  const t = useT();
  if (phase === "scheduled") return <p className="alert alert--info">{t.lifecycle.opensOn(t.common.dateTime(opensAt))}</p>;
  if (phase === "closed") return <p className="alert alert--info">{t.lifecycle.closedOn(t.common.dateTime(closesAt))}</p>;
  return null;
}

/** "Zuletzt geändert am …" with the list of changes (dates and changed parts), folded away. */
export function ChangeNote({ history }: { history: RevisionHistoryData }) {
  const t = useT();
  if (!history.lastChangedAt) return null;
  return (
    <div className="change-note">
      <p>{t.lifecycle.lastChanged(t.common.dateTime(history.lastChangedAt))}</p>
      <details>
        <summary>{t.lifecycle.changes(history.total)}</summary>
        <ChangeList history={history} />
      </details>
    </div>
  );
}

function ChangeList({ history }: { history: RevisionHistoryData }) {
  const t = useT();
  const earlier = history.total - history.revisions.length;
  return (
    <>
      <ul>
        {history.revisions.map((r) => (
          <li key={r.number}>
            <time dateTime={new Date(r.createdAt).toISOString()}>{t.common.dateTime(r.createdAt)}</time>
            {r.changedFields.length ? `: ${t.lifecycle.changedParts(r.changedFields.map((f) => t.lifecycle.fields[f]).join(", "))}` : null}
          </li>
        ))}
      </ul>
      {earlier > 0 ? <p className="hint">{t.lifecycle.earlierChanges(earlier)}</p> : null}
    </>
  );
}

/** The admin editor's list of versions since publication. */
export function RevisionHistory({ history }: { history: RevisionHistoryData }) {
  const t = useT();
  if (!history.lastChangedAt) return null;
  return (
    <section aria-labelledby="versionen" className="panel">
      <h2 id="versionen">{t.consultationEditor.revisions}</h2>
      <ChangeList history={history} />
    </section>
  );
}

/** The summary in plain language, when the administration wrote one. */
export function PlainLanguage({ html }: { html: string }) {
  const t = useT();
  if (!html) return null;
  return (
    <section aria-labelledby="einfache-sprache" className="panel plain-language">
      <h2 id="einfache-sprache">{t.lifecycle.plainLanguage}</h2>
      <Markdown html={html} />
    </section>
  );
}

/** Who decides, when, and how the result is reported back. */
export function InputUse({ html }: { html: string }) {
  const t = useT();
  if (!html) return null;
  return (
    <section aria-labelledby="was-passiert">
      <h2 id="was-passiert">{t.lifecycle.inputUse}</h2>
      <Markdown html={html} />
    </section>
  );
}

/** The contact person and office; only what was given. */
export function Contact(props: { name: string; office: string; email: string; phone: string }) {
  const t = useT();
  if (!props.name && !props.office && !props.email && !props.phone) return null;
  return (
    <section aria-labelledby="ansprechperson">
      <h2 id="ansprechperson">{t.lifecycle.contact}</h2>
      <address className="contact">
        {props.name ? <p>{props.name}</p> : null}
        {props.office ? <p>{props.office}</p> : null}
        {props.email ? (
          <p>
            {t.lifecycle.contactEmail}: <a href={`mailto:${props.email}`}>{props.email}</a>
          </p>
        ) : null}
        {props.phone ? (
          <p>
            {t.lifecycle.contactPhone}: <a href={`tel:${props.phone.replace(/[^+0-9]/g, "")}`}>{props.phone}</a>
          </p>
        ) : null}
      </address>
    </section>
  );
}
