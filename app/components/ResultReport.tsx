import { Link } from "@remix-run/react";
import { useT } from "~/i18n";
import type { ResultFigures } from "../../db/schema";

/** The figures of a result report: totals and the proposals with the most support. */
export function ResultFiguresView({ figures }: { figures: ResultFigures }) {
  const t = useT();
  const n = t.common.number;
  return (
    <section aria-labelledby="zahlen">
      <h2 id="zahlen">{t.results.figures}</h2>
      <dl className="figures">
        <div>
          <dt>{t.results.participants}</dt>
          <dd>{n(figures.participants)}</dd>
        </div>
        <div>
          <dt>{t.results.proposals}</dt>
          <dd>{n(figures.proposals)}</dd>
        </div>
        <div>
          <dt>{t.results.comments}</dt>
          <dd>{n(figures.comments)}</dd>
        </div>
        <div>
          <dt>{t.results.votes}</dt>
          <dd>
            {n(figures.votes)} <span className="meta">({t.results.votesSplit(figures.votesFor, figures.votesAgainst)})</span>
          </dd>
        </div>
      </dl>
      {figures.topProposals.length ? (
        <table className="table">
          <caption>{t.results.top}</caption>
          <thead>
            <tr>
              <th scope="col">{t.results.rank}</th>
              <th scope="col">{t.results.proposal}</th>
              <th scope="col">{t.results.votes}</th>
              <th scope="col">{t.results.net}</th>
            </tr>
          </thead>
          <tbody>
            {figures.topProposals.map((p, i) => (
              <tr key={p.id}>
                <td>{i + 1}</td>
                <td>
                  <Link to={`/vorschlaege/${p.id}`}>{p.title}</Link>
                </td>
                <td>{t.results.votesSplit(p.votesFor, p.votesAgainst)}</td>
                <td>{p.net > 0 ? `+${p.net}` : p.net}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
