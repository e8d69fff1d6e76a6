import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { getConsultation, listCategories, revisionHistory } from "~/domain/consultations/consultations.server";
import { ChangeNote, Contact, InputUse, PhaseNotice, PlainLanguage } from "~/components/ConsultationDetails";
import { FILTER_PARAMS, parseProposalQuery, SORTS, sortParamOf } from "~/domain/proposals/proposals.query";
import { PROPOSAL_STATUSES, statusParamOf } from "~/domain/answers/answers.statuses";
import { listProposals } from "~/domain/proposals/proposals.server";
import { isFollowing } from "~/domain/follows/follows.server";
import { FollowForm } from "~/components/FollowForm";
import { proposalCreateRefusal } from "~/domain/proposals/proposals.policy";
import { canReadResults } from "~/domain/results/results.policy";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { PAGE_SIZE, parseId, parsePage } from "~/lib/ids";
import { renderMarkdown } from "~/lib/markdown.server";
import { shareMetaFor } from "~/i18n/meta";
import { sharePreview } from "~/lib/share.server";
import { useT } from "~/i18n";
import { Markdown, Notice, Pagination, PhaseBadge } from "~/components/content";
import { ProposalMap } from "~/components/map";
import { ProposalSummary } from "~/components/proposals";
import type { loader as rootLoader } from "~/root";
import { listDocuments } from "~/domain/documents/documents.server";
import { DocumentList } from "~/components/documents";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => shareMetaFor(matches, data?.share, (t) => t.home.title);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await getConsultation(context.db, user, id);
  if (!result.ok) notFound();
  const { consultation } = result;
  const searchParams = new URL(request.url).searchParams;
  const page = parsePage(searchParams.get("seite"));
  const query = parseProposalQuery(searchParams);
  // Independent reads run side by side (on PostgreSQL each gets its own connection).
  const [{ items, total }, history, categories, documents, following] = await Promise.all([
    listProposals(context.db, user, consultation, page, query),
    revisionHistory(context.db, consultation),
    listCategories(context.db, consultation.id),
    listDocuments(context.db, consultation.id),
    isFollowing(context.db, user, { type: "consultation", id: consultation.id }),
  ]);
  // The texts go out rendered; their markdown sources would only double the page's data.
  const { bodyMd, plainSummary, inputUse, ...shown } = consultation;
  return json({
    consultation: shown,
    share: sharePreview({ title: consultation.title, text: consultation.summary, path: `/beteiligungen/${consultation.id}` }),
    bodyHtml: renderMarkdown(bodyMd),
    plainSummaryHtml: plainSummary ? renderMarkdown(plainSummary) : "",
    inputUseHtml: inputUse ? renderMarkdown(inputUse) : "",
    history,
    proposals: items,
    total,
    query,
    categories,
    documents,
    page,
    // The policies' answers for this reader: may they submit a proposal (or why not), may they open the result page.
    refusal: proposalCreateRefusal(user, consultation),
    resultLink: canReadResults(user, consultation.phase),
    following,
  });
}

export default function ConsultationPage() {
  const {
    consultation: c,
    bodyHtml,
    proposals,
    total,
    page,
    refusal,
    resultLink,
    query,
    categories,
    following,
    documents,
  } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  // The map shows the same filtered set as the list.
  const filterQuery = new URLSearchParams([...params.entries()].filter(([key]) => FILTER_PARAMS.includes(key))).toString();
  const filtering = !!(query.categoryId || query.search || query.status);
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  const { plainSummaryHtml, inputUseHtml, history } = useLoaderData<typeof loader>();
  return (
    <>
      <Notice />
      <h1>{c.title}</h1>
      <p>
        <PhaseBadge phase={c.phase} /> {t.home.period(t.common.dateTime(c.opensAt), t.common.dateTime(c.closesAt))}
      </p>
      <ChangeNote history={history} />
      <PhaseNotice phase={c.phase} opensAt={c.opensAt} closesAt={c.closesAt} />
      <p className="lead">{c.summary}</p>
      <PlainLanguage html={plainSummaryHtml} />
      <FollowForm action={`/beteiligungen/${c.id}/folgen`} following={following} kind="consultation" />
      {resultLink ? (
        <p>
          <Link className="button" to={`/beteiligungen/${c.id}/ergebnis`}>
            {t.consultation.result}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="worum">
        <h2 id="worum">{t.consultation.about}</h2>
        <Markdown html={bodyHtml} />
      </section>
      <InputUse html={inputUseHtml} />
      <Contact name={c.contactName} office={c.contactOffice} email={c.contactEmail} phone={c.contactPhone} />
      <p>
        <Link to={`/beteiligungen/${c.id}/transparenz`}>{t.transparency.consultationLink}</Link>
      </p>
      <DocumentList documents={documents} />
      <section aria-labelledby="vorschlaege">
        <h2 id="vorschlaege">
          {t.consultation.proposals} <span className="count">({t.consultation.proposalCount(total)})</span>
        </h2>
        {refusal ? (
          <p className="alert alert--info">{t.consultation.contribute[refusal]}</p>
        ) : (
          <p>
            <Link className="button button--primary" to={`/beteiligungen/${c.id}/vorschlag`}>
              {t.consultation.newProposal}
            </Link>
          </p>
        )}
        <Form method="get" className="filters" aria-labelledby="filter-titel">
          <h3 id="filter-titel">{t.consultation.filter}</h3>
          <div className="field-row">
            {categories.length ? (
              <div className="field">
                <label htmlFor="filter-kategorie">{t.consultation.category}</label>
                <select id="filter-kategorie" name="kategorie" defaultValue={query.categoryId ?? ""}>
                  <option value="">{t.consultation.allCategories}</option>
                  {categories.map((cat) => (
                    <option key={cat.id} value={cat.id}>
                      {cat.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="field">
              <label htmlFor="filter-status">{t.proposalStatus.label}</label>
              <select id="filter-status" name="status" defaultValue={query.status ? statusParamOf[query.status] : ""}>
                <option value="">{t.proposalStatus.any}</option>
                {PROPOSAL_STATUSES.map((status) => (
                  <option key={status} value={statusParamOf[status]}>
                    {t.proposalStatus[status]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-suche">{t.consultation.search}</label>
              <input id="filter-suche" type="search" name="suche" defaultValue={query.search ?? ""} />
            </div>
            <div className="field">
              <label htmlFor="filter-sortierung">{t.consultation.sort}</label>
              <select id="filter-sortierung" name="sortierung" defaultValue={sortParamOf[query.sort]}>
                {SORTS.map((sort) => (
                  <option key={sort} value={sortParamOf[sort]}>
                    {t.consultation.sorts[sort]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="button-row">
            <button type="submit" className="button">
              {t.consultation.apply}
            </button>
            {filtering ? <Link to={`/beteiligungen/${c.id}`}>{t.consultation.reset}</Link> : null}
          </div>
        </Form>
        {filtering ? (
          <p role="status" className="hint">
            {t.consultation.filtered(total)}
          </p>
        ) : null}
        <h3>{t.consultation.map}</h3>
        <p className="hint">{t.consultation.mapIntro}</p>
        {root ? (
          <ProposalMap
            consultationId={c.id}
            center={[c.centerLat, c.centerLng]}
            zoom={c.zoom}
            area={c.area}
            filterQuery={filterQuery}
            tileUrl={root.map.tileUrl}
            attribution={root.map.attribution}
          />
        ) : null}
        {proposals.length === 0 ? <p>{t.consultation.noProposals}</p> : null}
        <ul className="card-list">
          {proposals.map((p) => (
            <li key={p.id} className="card">
              <ProposalSummary proposal={p} />
            </li>
          ))}
        </ul>
        <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
        <p>
          <a href={`/beteiligungen/${c.id}/export.geojson${filterQuery ? `?${filterQuery}` : ""}`} download>
            {t.consultation.exportGeojson}
          </a>
        </p>
      </section>
    </>
  );
}
