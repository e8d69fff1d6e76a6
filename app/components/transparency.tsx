import { Link } from "@remix-run/react";
import { useT } from "~/i18n";
import { OBJECTION_DAYS } from "~/domain/moderation/moderation.policy";
import type { ListedConsultation, RuleFigure, TransparencyFigures } from "~/domain/moderation/transparency.server";
import { PhaseBadge } from "./content";

// The transparency pages' parts (issue 9): how moderation works, every figure group as a table with a caption, and
// the platform's list of consultations with their key figures.

/** A dash for a value there is none of, read out as "keine Angabe". */
function NoValue() {
  const t = useT();
  return (
    <>
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">{t.transparency.noValue}</span>
    </>
  );
}

/** A median as hours or days; a dash when there was nothing to measure. */
export function DurationText({ seconds }: { seconds: number | null }) {
  const t = useT();
  return seconds === null ? <NoValue /> : <>{t.transparency.duration(seconds)}</>;
}

/** How moderation works, in a few plain sentences, with the link to the house rules. */
export function ModerationExplained() {
  const t = useT();
  return (
    <section aria-labelledby="so-funktioniert-es">
      <h2 id="so-funktioniert-es">{t.transparency.howHeading}</h2>
      <p>
        {t.transparency.howBefore}
        <Link to="/netiquette">{t.transparency.howLink}</Link>
        {t.transparency.howAfter(OBJECTION_DAYS)}
      </p>
    </section>
  );
}

function ruleLabel(t: ReturnType<typeof useT>, rule: RuleFigure) {
  if (rule.kind === "platform") return t.transparency.platformRule(rule.number!);
  if (rule.kind === "addition") return t.transparency.additionalRule(rule.number!);
  return rule.key ?? t.transparency.noRule;
}

/** Two-column table: a label per row and a number. */
function CountTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: [string, number][] }) {
  const t = useT();
  return (
    <table className="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col">{head[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, n]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{t.common.number(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every figure of a scope (the platform or one consultation), one table per group. */
export function TransparencyFiguresView({ figures: f }: { figures: TransparencyFigures }) {
  const t = useT();
  const tr = t.transparency;
  const n = t.common.number;
  return (
    <>
      <section aria-labelledby="beitraege">
        <h2 id="beitraege">{tr.contributionsHeading}</h2>
        <CountTable
          caption={tr.contributionsCaption}
          head={[tr.kind, tr.count]}
          rows={[
            [tr.proposals, f.contributions.proposals],
            [tr.proposalComments, f.contributions.proposalComments],
            [tr.sectionComments, f.contributions.sectionComments],
            [tr.total, f.contributions.total],
          ]}
        />
        <p className="hint">{tr.contributionsNote}</p>
      </section>

      <section aria-labelledby="meldungen">
        <h2 id="meldungen">{tr.flagsHeading}</h2>
        <table className="table">
          <caption>{tr.flagsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{tr.reason}</th>
              <th scope="col">{tr.received}</th>
              <th scope="col">{tr.flagHidden}</th>
              <th scope="col">{tr.flagKept}</th>
              <th scope="col">{tr.open}</th>
            </tr>
          </thead>
          <tbody>
            {f.flags.byReason.map((r) => (
              <tr key={r.reason}>
                <th scope="row">{t.flag.reasons[r.reason]}</th>
                <td>{n(r.received)}</td>
                <td>{n(r.hidden)}</td>
                <td>{n(r.kept)}</td>
                <td>{n(r.open)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{tr.total}</th>
              <td>{n(f.flags.total.received)}</td>
              <td>{n(f.flags.total.hidden)}</td>
              <td>{n(f.flags.total.kept)}</td>
              <td>{n(f.flags.total.open)}</td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section aria-labelledby="entscheidungen">
        <h2 id="entscheidungen">{tr.decisionsHeading}</h2>
        <CountTable
          caption={tr.decisionsCaption}
          head={[tr.decision, tr.count]}
          rows={[
            [tr.decisions.hidden, f.decisions.hidden],
            [tr.decisions.autoHidden, f.decisions.autoHidden],
            [tr.decisions.dismissed, f.decisions.dismissed],
            [tr.decisions.restored, f.decisions.restored],
            [tr.decisions.approved, f.decisions.approved],
          ]}
        />
        {f.hiddenByRule.length ? (
          <table className="table">
            <caption>{tr.rulesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{tr.rule}</th>
                <th scope="col">{tr.ruleText}</th>
                <th scope="col">{tr.count}</th>
              </tr>
            </thead>
            <tbody>
              {f.hiddenByRule.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{ruleLabel(t, r)}</th>
                  <td>{r.text ?? <NoValue />}</td>
                  <td>{n(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{tr.noRules}</p>
        )}
      </section>

      <section aria-labelledby="widersprueche">
        <h2 id="widersprueche">{tr.objectionsHeading}</h2>
        <CountTable
          caption={tr.objectionsCaption}
          head={[tr.objectionState, tr.count]}
          rows={[
            [tr.objections.received, f.objections.received],
            [tr.objections.upheld, f.objections.upheld],
            [tr.objections.restored, f.objections.restored],
            [tr.objections.open, f.objections.open],
          ]}
        />
      </section>

      <section aria-labelledby="bearbeitungszeiten">
        <h2 id="bearbeitungszeiten">{tr.timesHeading}</h2>
        <table className="table">
          <caption>{tr.timesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{tr.what}</th>
              <th scope="col">{tr.median}</th>
              <th scope="col">{tr.basis}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{tr.times.flagDecision}</th>
              <td>
                <DurationText seconds={f.times.flagDecision.medianSeconds} />
              </td>
              <td>{tr.basisFlags(f.times.flagDecision.count)}</td>
            </tr>
            <tr>
              <th scope="row">{tr.times.answer}</th>
              <td>
                <DurationText seconds={f.times.answer.medianSeconds} />
              </td>
              <td>{tr.basisAnswers(f.times.answer.count)}</td>
            </tr>
            <tr>
              <th scope="row">{tr.times.waiting}</th>
              <td>
                <DurationText seconds={f.times.waiting.medianSeconds} />
              </td>
              <td>{tr.basisWaiting(f.times.waiting.count)}</td>
            </tr>
          </tbody>
        </table>
        <p className="hint">{tr.medianNote}</p>
      </section>
    </>
  );
}

/** The platform page's list: each published consultation with its key figures and a link to its own page. */
export function ConsultationFiguresTable({ items }: { items: ListedConsultation[] }) {
  const t = useT();
  const tr = t.transparency;
  const n = t.common.number;
  if (!items.length) return <p>{tr.noConsultations}</p>;
  return (
    <table className="table">
      <caption>{tr.consultationsCaption}</caption>
      <thead>
        <tr>
          <th scope="col">{tr.consultation}</th>
          <th scope="col">{tr.listContributions}</th>
          <th scope="col">{tr.listFlags}</th>
          <th scope="col">{tr.listHidden}</th>
          <th scope="col">{tr.listObjections}</th>
          <th scope="col">{tr.listAnswer}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id}>
            <th scope="row">
              <Link to={`/beteiligungen/${c.id}/transparenz`}>{c.title}</Link> <PhaseBadge phase={c.phase} />
            </th>
            <td>{n(c.figures.contributions)}</td>
            <td>{tr.listFlagsValue(c.figures.flags, c.figures.openFlags)}</td>
            <td>{n(c.figures.hidden)}</td>
            <td>{n(c.figures.objections)}</td>
            <td>
              <DurationText seconds={c.figures.answerMedianSeconds} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
