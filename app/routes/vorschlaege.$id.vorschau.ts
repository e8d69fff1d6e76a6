import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { proposalPreview } from "~/domain/proposals/preview.server";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";

// GET /vorschlaege/:id/vorschau: the short preview a map popup loads when it opens (JSON).
// Visible exactly like the proposal page; anything the reader may not see is a 404.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await proposalPreview(context.db, user, id);
  if (!result.ok) notFound();
  // Depends on the reader (drafts, hidden content), so only the browser may keep it, briefly: counts change.
  return json(result.preview, { headers: { "Cache-Control": "private, max-age=30", Vary: "Cookie" } });
}
