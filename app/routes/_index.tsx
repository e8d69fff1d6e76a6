import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listConsultations } from "~/domain/consultations/consultations.server";
import { currentUser } from "~/lib/session.server";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Notice, Pagination, PhaseBadge } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.home.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const { items, total } = await listConsultations(context.db, user, page);
  return json({ items, total, page });
}

export default function Home() {
  const { items, total, page } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <Notice />
      <h1>{t.home.title}</h1>
      <p className="lead">{t.home.intro}</p>
      {items.length === 0 ? <p>{t.home.empty}</p> : null}
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
    </>
  );
}
