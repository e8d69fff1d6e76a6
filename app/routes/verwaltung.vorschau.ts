import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { previewMarkdown } from "~/domain/consultations/consultations.preview.server";
import { previewSchema } from "~/domain/consultations/consultations.schema";
import { requirePermission } from "~/lib/permissions.server";
import { consultationAdminRefusal } from "~/domain/consultations/consultations.policy";
import { httpError, invalid } from "~/lib/http.server";
import { parseForm } from "~/lib/forms";

// POST /verwaltung/vorschau: the editor's live preview. Takes `text` (markdown), answers `{ html }` rendered by
// markdown-it on the server, as the public page will show it. Admins only; saves nothing.
export async function action({ request, context }: ActionFunctionArgs) {
  await requirePermission(request, context, consultationAdminRefusal);
  if (request.method !== "POST") throw httpError(405, "method_not_allowed");
  const parsed = parseForm(previewSchema, await request.formData());
  if (!parsed.ok) return invalid(parsed.fieldErrors);
  return json({ html: previewMarkdown(parsed.data.text) }, { headers: { "Cache-Control": "no-store" } });
}

/** Nothing to read here: the preview answers POST only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, consultationAdminRefusal);
  throw httpError(405, "method_not_allowed", { Allow: "POST" });
}
