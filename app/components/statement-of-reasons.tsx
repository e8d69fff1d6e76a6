import { Link } from "@remix-run/react";
import { useT } from "~/i18n";
import type { ContributionType } from "~/domain/moderation/contributions";
import type { HiddenNote, Visibility } from "~/domain/moderation/moderation.policy";

// How hidden contributions show on their pages (issue 9): the placeholder everybody else sees, the mark on the content
// for moderators and for an author whose item waits for approval, and the statement of reasons for the author and the
// moderators. What each reader gets is the policy's answer (visibilityFor, seesStatementOfReasons) sent by the loader.

type Stamp = string | Date;
type NamedRule = { label: string; url: string };

/** An item's statement of reasons as the loader sends it (StatementView): never who decided. */
export type StatementData = {
  hiddenAt: Stamp;
  automatic: boolean;
  rule: (NamedRule & { text: string }) | null;
  reason: string | null;
  objectionDeadline: Stamp;
  objectionOpen: boolean;
  objectionUrl: string | null;
};

/** A house rule named by a decision, linked to its place on the house rules page. */
function RuleLink({ rule }: { rule: NamedRule }) {
  const t = useT();
  return <Link to={rule.url}>{t.hiddenContribution.rule(rule.label)}</Link>;
}

/**
 * What everybody but the moderators sees in place of a hidden item: "Vorläufig ausgeblendet, wird geprüft" after
 * auto-hide; after a person's decision, that the moderation hid it, the reason and the house rule it named.
 */
export function HiddenPlaceholder({ type, note }: { type: ContributionType; note: HiddenNote | null }) {
  const t = useT();
  const h = t.hiddenContribution;
  if (note?.kind === "automatic") {
    return (
      <div className="placeholder">
        <p>{h.automatic}</p>
        <p>{h.automaticWhy}</p>
      </div>
    );
  }
  return (
    <div className="placeholder">
      <p>{h.decision(h.subject[type])}</p>
      {note?.reason ? <p>{h.reason(note.reason)}</p> : null}
      {note?.rule ? (
        <p>
          {h.ruleLead} <RuleLink rule={note.rule} />
        </p>
      ) : null}
    </div>
  );
}

/**
 * The mark above a hidden item's content for the readers who see it: moderators (its state, the reason and the rule)
 * and the author of an item waiting for approval ("Wird geprüft – nur Sie und die Moderation sehen diesen Beitrag").
 */
export function HiddenMark({ note, visibility }: { note: HiddenNote | null; visibility: Visibility }) {
  const t = useT();
  const h = t.hiddenContribution;
  if (!note) return null;
  if (visibility === "author") {
    return (
      <div className="alert alert--info">
        <p>
          <strong>{h.review}</strong>
        </p>
        <p>{h.reviewHint}</p>
      </div>
    );
  }
  if (visibility !== "staff") return null;
  return (
    <div className="alert alert--warning">
      <p>
        <strong>{h.staff[note.kind]}</strong>
      </p>
      {note.reason ? <p>{h.reason(note.reason)}</p> : null}
      {note.rule ? (
        <p>
          {h.ruleLead} <RuleLink rule={note.rule} />
        </p>
      ) : null}
    </div>
  );
}

/**
 * The statement of reasons on the item's page, for its author and the moderators: what was hidden and when, who
 * decided (a person, never named, or the automatic rule after several reports), the house rule with its words and
 * link, the reason, and how to object — the link and the deadline while the period is open (the author), or that it
 * has ended.
 */
export function StatementOfReasons(props: {
  statement: StatementData;
  type: ContributionType;
  /** The reader wrote the item: "Ihr Kommentar …". */
  own: boolean;
  id: string;
  headingLevel: 2 | 3 | 4;
}) {
  const t = useT();
  const s = props.statement;
  const h = t.hiddenContribution;
  const Heading = `h${props.headingLevel}` as const;
  const deadline = t.common.dateTime(s.objectionDeadline);
  return (
    <section className="statement" aria-labelledby={props.id}>
      <Heading id={props.id}>{props.type === "photo" ? h.statement.headingPhoto : h.statement.heading}</Heading>
      <dl>
        <dt>{h.statement.what}</dt>
        <dd>{h.statement.hiddenOn((props.own ? h.yours : h.subject)[props.type], t.common.dateTime(s.hiddenAt))}</dd>
        <dt>{h.statement.who}</dt>
        <dd>{s.automatic ? h.statement.automatic : h.statement.person}</dd>
        {s.automatic ? null : (
          <>
            <dt>{h.statement.rule}</dt>
            <dd>
              {s.rule ? (
                <>
                  <RuleLink rule={s.rule} />: „{s.rule.text}“
                </>
              ) : (
                h.statement.ruleNone
              )}
            </dd>
          </>
        )}
        {s.reason ? (
          <>
            <dt>{h.statement.reason}</dt>
            <dd>{s.reason}</dd>
          </>
        ) : null}
        <dt>{h.statement.objection}</dt>
        <dd>
          {!s.objectionOpen ? (
            h.statement.objectionClosed(deadline)
          ) : s.objectionUrl ? (
            <>
              {h.statement.objectionOpen(deadline)} <Link to={s.objectionUrl}>{h.statement.objectionLink}</Link>
            </>
          ) : (
            h.statement.objectionForStaff(deadline)
          )}
        </dd>
      </dl>
    </section>
  );
}
