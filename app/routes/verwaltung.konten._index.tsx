import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { accountAdminRefusal } from "~/domain/accounts/accounts.policy";
import { listAccounts } from "~/domain/accounts/suspension.server";
import { accountQueryParams, parseAccountQuery, ROLE_PARAMS, STATE_PARAMS } from "~/domain/accounts/suspension.schema";
import { requirePermission, throwRefusal } from "~/lib/permissions.server";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Pagination } from "~/components/content";

// /verwaltung/konten: the admins' list of accounts, searchable by name or address, narrowed by role and state.
export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.accounts.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, accountAdminRefusal);
  const params = new URL(request.url).searchParams;
  const filter = parseAccountQuery(params);
  const page = parsePage(params.get("seite"));
  const result = await listAccounts(context.db, user, filter, page);
  if (!result.ok) throwRefusal(result.reason);
  return json({
    items: result.items,
    total: result.total,
    page,
    query: accountQueryParams(filter),
    roles: Object.entries(ROLE_PARAMS).map(([param, role]) => ({ param, role })),
    states: Object.entries(STATE_PARAMS).map(([param, state]) => ({ param, state })),
  });
}

export default function Accounts() {
  const { items, total, page, query, roles, states } = useLoaderData<typeof loader>();
  const t = useT();
  const filtering = !!(query.suche || query.rolle || query.zustand);
  return (
    <>
      <p>
        <Link to="/verwaltung">{t.common.back}</Link>
      </p>
      <h1>{t.accounts.title}</h1>
      <p>{t.accounts.intro}</p>
      <Form method="get" className="filters" aria-labelledby="filter-titel">
        <h2 id="filter-titel">{t.accounts.filters}</h2>
        <div className="field-row">
          <div className="field">
            <label htmlFor="filter-suche">{t.accounts.search}</label>
            <input id="filter-suche" type="search" name="suche" maxLength={100} defaultValue={query.suche} />
          </div>
          <div className="field">
            <label htmlFor="filter-rolle">{t.accounts.role}</label>
            <select id="filter-rolle" name="rolle" defaultValue={query.rolle}>
              <option value="">{t.accounts.allRoles}</option>
              {roles.map((r) => (
                <option key={r.param} value={r.param}>
                  {t.auth.roles[r.role]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-zustand">{t.accounts.state}</label>
            <select id="filter-zustand" name="zustand" defaultValue={query.zustand}>
              <option value="">{t.accounts.allStates}</option>
              {states.map((s) => (
                <option key={s.param} value={s.param}>
                  {t.accounts.states[s.state]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {t.accounts.apply}
          </button>
          {filtering ? <Link to="/verwaltung/konten">{t.accounts.reset}</Link> : null}
        </div>
      </Form>
      <p role="status" className="hint">
        {t.accounts.count(total)}
      </p>
      {items.length === 0 ? (
        <p>{t.accounts.none}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t.accounts.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t.accounts.name}</th>
              <th scope="col">{t.accounts.email}</th>
              <th scope="col">{t.accounts.role}</th>
              <th scope="col">{t.accounts.status}</th>
              <th scope="col">{t.accounts.registered}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/verwaltung/konten/${a.id}`}>{a.displayName}</Link>
                </td>
                <td>{a.email}</td>
                <td>{t.auth.roles[a.role]}</td>
                <td>
                  {a.suspendedUntil ? t.accounts.suspendedUntil(a.suspendedUntil) : a.verified ? t.accounts.active : t.accounts.notVerified}
                </td>
                <td>{t.common.date(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
