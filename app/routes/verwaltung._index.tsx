import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listConsultations } from "~/domain/consultations/consultations.server";
import { requirePermission } from "~/lib/permissions.server";
import { consultationAdminRefusal } from "~/domain/consultations/consultations.policy";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Notice, Pagination, PhaseBadge } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.admin.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, consultationAdminRefusal);
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const { items, total } = await listConsultations(context.db, user, page);
  return json({ items, total, page });
}

export default function AdminConsultations() {
  const { items, total, page } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <Notice />
      <h1>{t.admin.title}</h1>
      <p>
        <Link className="button button--primary" to="/verwaltung/neu">
          {t.admin.new}
        </Link>
      </p>
      <p>
        <Link to="/verwaltung/konten">{t.accounts.manage}</Link> – {t.accounts.manageHint}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t.admin.titleField}</th>
            <th scope="col">{t.phase.label}</th>
            <th scope="col">{t.consultation.period}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/verwaltung/${c.id}`}>{c.title}</Link>
              </td>
              <td>
                <PhaseBadge phase={c.phase} />
              </td>
              <td>{t.home.period(t.common.dateTime(c.opensAt), t.common.dateTime(c.closesAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
