import type { LoaderFunctionArgs } from "@remix-run/node";
import { getConsultation } from "~/domain/consultations/consultations.server";
import { exportGeojson } from "~/domain/proposals/proposals.server";
import { parseProposalQuery } from "~/domain/proposals/proposals.query";
import { currentUser } from "~/lib/session.server";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";

// Open data: the visible proposals of a consultation (with the list's filters) as a GeoJSON download.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await getConsultation(context.db, user, id);
  if (!result.ok) notFound();
  const filter = parseProposalQuery(new URL(request.url).searchParams);
  const collection = await exportGeojson(context.db, result.consultation, filter, env().PUBLIC_URL);
  return new Response(JSON.stringify(collection), {
    headers: {
      "Content-Type": "application/geo+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="beteiligung-${id}-vorschlaege.geojson"`,
      "Cache-Control": "no-cache",
    },
  });
}
