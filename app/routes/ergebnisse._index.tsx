import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listReports } from "~/domain/results/results.server";
import { currentUser } from "~/lib/session.server";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Pagination } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.results.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const { items, total } = await listReports(context.db, user, page);
  return json({ items, total, page });
}

export default function Results() {
  const { items, total, page } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t.results.title}</h1>
      <p className="lead">{t.results.intro}</p>
      {items.length === 0 ? <p>{t.results.empty}</p> : null}
      <ul className="card-list">
        {items.map((r) => (
          <li key={r.consultationId} className="card">
            <h2>
              <Link to={`/beteiligungen/${r.consultationId}/ergebnis`}>{t.results.reportTitle(r.title)}</Link>
            </h2>
            <p>
              {r.publishedAt ? (
                t.results.publishedOn(t.common.date(r.publishedAt))
              ) : (
                <span className="badge badge--draft">{t.results.notPublished}</span>
              )}
            </p>
          </li>
        ))}
      </ul>
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
