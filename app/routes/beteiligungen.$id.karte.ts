import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getConsultation } from "~/domain/consultations/consultations.server";
import { proposalsForMap } from "~/domain/proposals/proposals.server";
import { viewportSchema } from "~/domain/proposals/proposals.schema";
import { parseProposalQuery } from "~/domain/proposals/proposals.query";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";

// The map asks for its viewport: ?bbox=south,west,north,east&zoom=z. Dense places come back as clusters.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  if (!(await getConsultation(context.db, user, id)).ok) notFound();
  const searchParams = new URL(request.url).searchParams;
  const query = viewportSchema.safeParse(Object.fromEntries(searchParams));
  if (!query.success) return json({ error: "viewport_invalid", message: "bbox=Süd,West,Nord,Ost&zoom=0…22 erwartet" }, { status: 400 });
  return json(await proposalsForMap(context.db, id, query.data.bbox, query.data.zoom, parseProposalQuery(searchParams)), {
    headers: { "Cache-Control": "private, max-age=5" },
  });
}
