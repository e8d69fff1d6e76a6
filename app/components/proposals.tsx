import { Link } from "@remix-run/react";
import { useT } from "~/i18n";
import type { HiddenKind, HiddenNote, Visibility } from "~/domain/moderation/moderation.policy";
import { StatusBadge } from "./proposal-details";
import { HiddenPlaceholder } from "./statement-of-reasons";

type ProposalListItem = {
  id: string;
  categoryName: string | null;
  categoryColor: string | null;
  title: string;
  authorName: string;
  createdAt: string;
  hiddenAt: string | null;
  hiddenReason: string | null;
  /** The policy's answer for this reader: only the placeholder is theirs to see. */
  hiddenForReader: boolean;
  /** How this reader sees it (visibilityFor) and why it is hidden (reason, rule with its link). */
  visibility?: Visibility;
  hiddenKind?: HiddenKind | null;
  hiddenNote?: HiddenNote | null;
  votesFor: number;
  votesAgainst: number;
  net: number;
  commentCount: number;
  status?: string;
};

/**
 * One proposal in a list: title, author, date and its counts; a hidden one shows the placeholder (why, and the rule),
 * marked with its state for moderators and, while it waits for approval, for its author.
 */
export function ProposalSummary({ proposal: p }: { proposal: ProposalListItem }) {
  const t = useT();
  const h = t.hiddenContribution;
  if (p.hiddenForReader) {
    return <HiddenPlaceholder type="proposal" note={p.hiddenNote ?? { kind: "decision", reason: p.hiddenReason, rule: null }} />;
  }
  return (
    <>
      <h3>
        <Link to={`/vorschlaege/${p.id}`}>{p.title}</Link>
      </h3>
      {p.hiddenAt ? (
        <p className="badge badge--hidden">{p.visibility === "author" ? h.reviewBadge : h.badge[p.hiddenKind ?? "decision"]}</p>
      ) : null}
      {p.status && p.status !== "submitted" ? (
        <p>
          <StatusBadge status={p.status} />
        </p>
      ) : null}
      <p className="meta">
        <CategoryLabel name={p.categoryName} color={p.categoryColor} />
        {t.common.by(p.authorName)}, {t.proposal.created(t.common.date(p.createdAt))}
      </p>
      <VoteCounts votesFor={p.votesFor} votesAgainst={p.votesAgainst} net={p.net} commentCount={p.commentCount} />
    </>
  );
}

export function VoteCounts(props: { votesFor: number; votesAgainst: number; net: number; commentCount?: number }) {
  const t = useT();
  return (
    <p className="counts">
      <span>{t.proposal.votesFor(props.votesFor)}</span> · <span>{t.proposal.votesAgainst(props.votesAgainst)}</span> ·{" "}
      <span>{t.proposal.net(props.net)}</span>
      {props.commentCount !== undefined ? (
        <>
          {" "}
          · <span>{t.proposal.comments(props.commentCount)}</span>
        </>
      ) : null}
    </p>
  );
}

/** A category: its name with a colour dot (drawn as SVG, so no inline style is needed under the CSP). */
export function CategoryLabel({ name, color }: { name: string | null; color: string | null }) {
  if (!name) return null;
  return (
    <span className="category">
      <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
        <circle cx="7" cy="7" r="6" fill={color ?? "#888888"} stroke="#1b1f24" strokeWidth="1" />
      </svg>
      {name}
    </span>
  );
}

/** Where a proposal is: its coordinates, its described place, or both. */
export function ProposalPlace(props: { lat: number | null; lng: number | null; placeDescription: string | null }) {
  const t = useT();
  return (
    <p className="meta">
      {props.placeDescription ? <span>{t.proposal.placeShown(props.placeDescription)}</span> : null}
      {props.placeDescription && props.lat !== null ? " · " : null}
      {props.lat !== null && props.lng !== null ? (
        <span>{t.proposal.location_shown(props.lat.toFixed(5), props.lng.toFixed(5))}</span>
      ) : null}
      {props.lat === null ? <span> ({t.proposal.notOnMap})</span> : null}
    </p>
  );
}
