import { Link } from "@remix-run/react";
import { useT } from "~/i18n";
import type { ProposalStatus } from "~/domain/answers/answers.statuses";
import { Markdown } from "./content";

/** A proposal's status in words (never colour alone). "Submitted" is the default and needs no badge in lists. */
export function StatusBadge({ status, showSubmitted = false }: { status: string; showSubmitted?: boolean }) {
  const t = useT();
  if (status === "submitted" && !showSubmitted) return null;
  return (
    <span className={`badge badge--status badge--status-${status}`}>
      {t.proposalStatus.label}: {t.proposalStatus[status as ProposalStatus] ?? status}
    </span>
  );
}

/** A proposal's photo; with `flagHref` (the flags' policy allows it for this reader) a link to report it. */
export function ProposalPhoto({ url, alt, flagHref }: { url: string; alt: string; flagHref?: string | null }) {
  const t = useT();
  return (
    <figure className="proposal-photo" id="foto">
      <img src={url} alt={alt} loading="lazy" decoding="async" />
      {flagHref ? (
        <figcaption>
          <Link to={flagHref}>{t.flag.linkPhoto}</Link>
        </figcaption>
      ) : null}
    </figure>
  );
}

/** The administration's official answer, or a note that there is none yet; admins get the link to write it. */
export function AnswerSection(props: {
  proposalId: string;
  answer: { status: string; html: string; authorName: string; updatedAt: string } | null;
  canAnswer: boolean;
}) {
  const t = useT();
  const a = props.answer;
  return (
    <section aria-labelledby="stellungnahme" className="panel answer">
      <h2 id="stellungnahme">{t.answer.heading}</h2>
      {a ? (
        <>
          <p>
            <StatusBadge status={a.status} showSubmitted />
          </p>
          <Markdown html={a.html} />
          <p className="meta">{t.answer.by(a.authorName, t.common.date(a.updatedAt))}</p>
        </>
      ) : (
        <p className="hint">{t.answer.none}</p>
      )}
      {props.canAnswer ? (
        <p>
          <Link to={`/vorschlaege/${props.proposalId}/stellungnahme`}>{a ? t.answer.change : t.answer.write}</Link>
        </p>
      ) : null}
    </section>
  );
}
