import { Link, useLocation, useSearchParams } from "@remix-run/react";
import { useT, type Messages } from "~/i18n";
import { ownEntry } from "~/lib/lookup";
import type { Phase } from "~/domain/consultations/consultations.policy";

/** HTML made by markdown-it on the server (HTML input disabled); nothing else may be rendered this way. */
export function Markdown({ html }: { html: string }) {
  return <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function PhaseBadge({ phase }: { phase: Phase }) {
  const t = useT();
  return <span className={`badge badge--${phase}`}>{t.phase[phase]}</span>;
}

/** Previous/next links that keep the other query parameters. */
export function Pagination({ page, total, pageSize, param = "seite" }: { page: number; total: number; pageSize: number; param?: string }) {
  const t = useT();
  const [params] = useSearchParams();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(params);
    next.set(param, String(p));
    return `${location.pathname}?${next.toString()}`;
  };
  return (
    <nav className="pagination" aria-label={t.common.pagination}>
      {page > 1 ? <Link to={href(page - 1)}>{t.common.previous}</Link> : <span />}
      <span>{t.common.pageOf(page, pages)}</span>
      {page < pages ? <Link to={href(page + 1)}>{t.common.next}</Link> : <span />}
    </nav>
  );
}

const noticeTexts = (t: Messages): Record<string, string> => ({
  created: t.admin.created,
  published: t.admin.publishedNow,
  hidden: t.moderation.hidden,
  flagged: t.flag.sent,
  restored: t.moderation.restored,
  approved: t.moderation.approved,
  dismissed: t.moderation.dismissed,
  report_published: t.results.published,
  verified: t.auth.verified,
  resent: t.auth.resent,
  registered: t.auth.registered,
  saved: t.common.saved,
  followed: t.follow.followed,
  unfollowed: t.follow.unfollowed,
  replies_on: t.follow.repliesSwitchedOn,
  replies_off: t.follow.repliesSwitchedOff,
});

/** A confirmation after a redirect (?hinweis=code), announced politely to screen readers. */
export function Notice() {
  const t = useT();
  const [params] = useSearchParams();
  const text = ownEntry(noticeTexts(t), params.get("hinweis"));
  return text ? (
    <p className="alert alert--success" role="status">
      {text}
    </p>
  ) : null;
}
