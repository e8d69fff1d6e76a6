import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { findSimilarProposals } from "~/domain/proposals/similar.server";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";

// GET /beteiligungen/:id/aehnliche?titel=…: up to five visible proposals of this consultation that resemble
// the title being typed on the new-proposal form (JSON).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const text = new URL(request.url).searchParams.get("titel") ?? "";
  const result = await findSimilarProposals(context.db, user, id, text);
  if (!result.ok) notFound();
  const items = result.items.map((p) => ({ ...p, url: `/vorschlaege/${p.id}` }));
  return json({ items }, { headers: { "Cache-Control": "private, max-age=60", Vary: "Cookie" } });
}
