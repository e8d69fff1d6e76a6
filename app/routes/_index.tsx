import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listConsultations } from "~/domain/consultations/consultations.server";
import { parseConsultationQuery, phaseParamOf } from "~/domain/consultations/consultations.urls";
import { currentUser } from "~/lib/session.server";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { messagesFor, useT, type Locale } from "~/i18n";
import { Notice, Pagination, PhaseBadge } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  return [
    ...titleFor(matches, (t) => t.home.title),
    {
      tagName: "link",
      rel: "alternate",
      type: "application/atom+xml",
      href: "/feed.atom",
      title: messagesFor(root?.locale ?? "de").feed.title,
    },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  const params = new URL(request.url).searchParams;
  const page = parsePage(params.get("seite"));
  const query = parseConsultationQuery(params);
  const { items, total } = await listConsultations(context.db, user, page, query);
  return json({ items, total, page, query });
}

/** The phases a reader can filter by, in list order (admins see drafts in the list anyway). */
const FILTER_PHASES = ["open", "scheduled", "closed", "published"] as const;

export default function Home() {
  const { items, total, page, query } = useLoaderData<typeof loader>();
  const t = useT();
  const filtering = !!(query.phase || query.search);
  return (
    <>
      <Notice />
      <h1>{t.home.title}</h1>
      <p className="lead">{t.home.intro}</p>
      <Form method="get" className="filters" role="search" aria-label={t.consultationList.filter}>
        <div className="field-row">
          <div className="field">
            <label htmlFor="liste-phase">{t.consultationList.phase}</label>
            <select id="liste-phase" name="phase" defaultValue={query.phase ? phaseParamOf[query.phase] : ""}>
              <option value="">{t.consultationList.allPhases}</option>
              {FILTER_PHASES.map((phase) => (
                <option key={phase} value={phaseParamOf[phase]}>
                  {t.phase[phase]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="liste-suche">{t.consultationList.search}</label>
            <p className="hint" id="liste-suche-hinweis">
              {t.consultationList.searchHint}
            </p>
            <input id="liste-suche" type="search" name="suche" defaultValue={query.search ?? ""} aria-describedby="liste-suche-hinweis" />
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {t.consultationList.apply}
          </button>
          {filtering ? <Link to="/">{t.consultationList.reset}</Link> : null}
        </div>
      </Form>
      {filtering ? (
        <p role="status" className="hint">
          {total === 0 ? t.consultationList.none : t.consultationList.found(total)}
        </p>
      ) : items.length === 0 ? (
        <p>{t.home.empty}</p>
      ) : null}
      <ul className="card-list">
        {items.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <Link to={`/beteiligungen/${c.id}`}>{c.title}</Link>
            </h2>
            <p>
              <PhaseBadge phase={c.phase} /> {t.home.period(t.common.date(c.opensAt), t.common.date(c.closesAt))}
            </p>
            <p>{c.summary}</p>
          </li>
        ))}
      </ul>
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
      <p>
        <a href="/feed.atom" type="application/atom+xml">
          {t.consultationList.feed}
        </a>
      </p>
    </>
  );
}
