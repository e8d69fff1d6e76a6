import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { auditLog } from "~/domain/moderation/moderation.server";
import { requirePermission } from "~/lib/permissions.server";
import { moderationRefusal } from "~/domain/moderation/moderation.policy";
import { httpError } from "~/lib/http.server";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Pagination } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.moderation.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, moderationRefusal);
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const result = await auditLog(context.db, user, page, PAGE_SIZE);
  if (!result.ok) throw httpError(403, result.reason);
  return json({ rows: result.rows, total: result.total, page });
}

const targetLink = (type: string, id: string) =>
  type === "proposal" ? `/vorschlaege/${id}` : type === "consultation" ? `/beteiligungen/${id}` : null;

export default function Moderation() {
  const { rows, total, page } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t.moderation.title}</h1>
      <table className="table">
        <caption>{t.moderation.auditLog}</caption>
        <thead>
          <tr>
            <th scope="col">{t.moderation.when}</th>
            <th scope="col">{t.moderation.who}</th>
            <th scope="col">{t.moderation.what}</th>
            <th scope="col">{t.moderation.why}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const href = targetLink(r.targetType, r.targetId);
            const label = `${t.moderation.targets[r.targetType] ?? r.targetType} ${r.targetId} ${t.moderation.actions[r.action] ?? r.action}`;
            return (
              <tr key={r.id}>
                <td>{t.common.dateTime(r.createdAt)}</td>
                <td>{r.actorName}</td>
                <td>{href ? <Link to={href}>{label}</Link> : label}</td>
                <td>{r.reason ?? "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 ? <p>{t.moderation.auditEmpty}</p> : null}
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
