import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { readHouseRules } from "~/domain/houserules/houserules.server";
import { canEditHouseRules } from "~/domain/houserules/houserules.policy";
import { currentUser } from "~/lib/session.server";
import { throwRefusal } from "~/lib/permissions.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Markdown, Notice } from "~/components/content";

// /netiquette: the platform's house rules, each rule with the anchor #regel-N; with ?beteiligung=ID also that
// consultation's additional rules below them.
export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.houseRules.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  const param = new URL(request.url).searchParams.get("beteiligung");
  const consultationId = param === null || param === "" ? null : (parseId(param) ?? notFound());
  const result = await readHouseRules(context.db, user, consultationId);
  if (!result.ok) throwRefusal(result.reason);
  return json({
    html: result.html,
    rules: result.rules,
    updatedAt: result.updatedAt,
    consultation: result.consultation,
    canEdit: canEditHouseRules(user),
  });
}

export default function HouseRules() {
  const { html, updatedAt, consultation, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      {consultation ? (
        <p>
          <Link to={`/beteiligungen/${consultation.id}`}>{t.houseRules.backToConsultation}</Link>
        </p>
      ) : null}
      <Notice />
      <h1>{t.houseRules.title}</h1>
      <p className="lead">{t.houseRules.lead}</p>
      <Markdown html={html} />
      {updatedAt ? <p className="hint">{t.houseRules.updated(t.common.date(updatedAt))}</p> : null}
      {consultation ? (
        <section aria-labelledby="zusaetzliche-regeln">
          {consultation.additionsHtml ? (
            <>
              <h2 id="zusaetzliche-regeln">{t.houseRules.additionsTitle(consultation.title)}</h2>
              <Markdown html={consultation.additionsHtml} />
            </>
          ) : (
            <p id="zusaetzliche-regeln">{t.houseRules.additionsNone(consultation.title)}</p>
          )}
        </section>
      ) : null}
      {canEdit ? (
        <p>
          <Link to={consultation ? `/verwaltung/netiquette?beteiligung=${consultation.id}` : "/verwaltung/netiquette"}>
            {consultation ? t.houseRules.editAdditions(consultation.title) : t.houseRules.edit}
          </Link>
        </p>
      ) : null}
    </>
  );
}
