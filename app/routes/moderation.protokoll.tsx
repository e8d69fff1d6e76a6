import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { auditLogPage } from "~/domain/moderation/queue.server";
import { parseAuditQuery } from "~/domain/moderation/queue.schema";
import { moderationRefusal } from "~/domain/moderation/moderation.policy";
import { requirePermission } from "~/lib/permissions.server";
import { httpError } from "~/lib/http.server";
import { PAGE_SIZE } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Pagination } from "~/components/content";
import { ConsultationFilter, FilterButtons, ModerationNav } from "~/components/moderation-queue";
import { ruleLabel } from "~/domain/moderation/moderation.policy";
import { ownEntry } from "~/lib/lookup";

// The audit log of moderation and administration (/moderation/protokoll), filtered by who (a staff member, or
// "automatisch"), what and which consultation; the filters stay in the pagination links. It names no one an entry
// is about, and no resident who reported.

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.queue.logTitle);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, moderationRefusal);
  const query = parseAuditQuery(new URL(request.url).searchParams);
  const result = await auditLogPage(context.db, user, query);
  if (!result.ok) throw httpError(403, result.reason);
  return json({
    rows: result.rows,
    total: result.total,
    page: query.page,
    actors: result.actors,
    actions: result.actions,
    consultations: result.consultations,
    filter: {
      wer: query.actor === "automatic" ? "automatisch" : (query.actor ?? ""),
      aktion: query.action ?? "",
      beteiligung: query.consultationId ?? "",
    },
  });
}

const targetLink = (type: string, id: string) =>
  type === "proposal" || type === "photo"
    ? `/vorschlaege/${id}`
    : type === "consultation"
      ? `/beteiligungen/${id}`
      : type === "objection"
        ? `/moderation/widersprueche`
        : null;

export default function AuditLog() {
  const { rows, total, page, actors, actions, consultations, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const filtered = !!(filter.wer || filter.aktion || filter.beteiligung);
  return (
    <>
      <h1>{t.queue.logTitle}</h1>
      <ModerationNav current="log" />
      <p>{t.queue.logIntro}</p>
      <Form method="get" className="filters" aria-labelledby="filter-titel">
        <h2 id="filter-titel">{t.queue.logFilter}</h2>
        <div className="field-row">
          <div className="field">
            <label htmlFor="filter-wer">{t.queue.actor}</label>
            <select id="filter-wer" name="wer" defaultValue={filter.wer}>
              <option value="">{t.queue.allActors}</option>
              <option value="automatisch">{t.queue.automatic}</option>
              {actors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-aktion">{t.queue.action}</label>
            <select id="filter-aktion" name="aktion" defaultValue={filter.aktion}>
              <option value="">{t.queue.allActions}</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {ownEntry(t.queue.logActions, a) ?? a}
                </option>
              ))}
            </select>
          </div>
          <ConsultationFilter
            id="filter-beteiligung"
            label={t.queue.consultation}
            all={t.queue.allConsultations}
            consultations={consultations}
            value={filter.beteiligung}
          />
        </div>
        <FilterButtons apply={t.queue.apply} reset={filtered ? "/moderation/protokoll" : null} resetLabel={t.queue.reset} />
      </Form>
      {rows.length === 0 ? (
        <p role="status">{t.queue.logEmpty}</p>
      ) : (
        <table className="table">
          <caption>{t.queue.logCaption(total)}</caption>
          <thead>
            <tr>
              <th scope="col">{t.queue.when}</th>
              <th scope="col">{t.queue.actor}</th>
              <th scope="col">{t.queue.what}</th>
              <th scope="col">{t.queue.where}</th>
              <th scope="col">{t.queue.rulesColumn}</th>
              <th scope="col">{t.queue.why}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const href = targetLink(r.targetType, r.targetId);
              const label = `${ownEntry(t.queue.targets, r.targetType) ?? r.targetType} ${r.targetId}: ${ownEntry(t.queue.logActions, r.action) ?? r.action}`;
              return (
                <tr key={r.id}>
                  <td>{t.common.dateTime(r.createdAt)}</td>
                  <td>{r.actorKind === "automatic" ? t.queue.automatic : r.actorKind === "staff" ? r.actorName : t.queue.resident}</td>
                  <td>{href ? <Link to={href}>{label}</Link> : label}</td>
                  <td>{r.consultationId ? <Link to={`/beteiligungen/${r.consultationId}`}>{r.consultationTitle}</Link> : "–"}</td>
                  <td>{r.rule ? t.queue.ruleNamed(ruleLabel(r.rule)) : "–"}</td>
                  <td>{r.reason ? (r.action === "flag" ? (ownEntry<string>(t.flag.reasons, r.reason) ?? r.reason) : r.reason) : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
