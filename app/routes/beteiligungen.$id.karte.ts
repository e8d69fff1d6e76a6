import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getConsultation } from "~/domain/consultations/consultations.server";
import { proposalsForMap } from "~/domain/proposals/proposals.server";
import { bboxSchema } from "~/domain/proposals/proposals.schema";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";

// The map asks for its viewport: ?bbox=south,west,north,east. At most MAP_POINT_LIMIT points come back.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  if (!(await getConsultation(context.db, user, id)).ok) notFound();
  const bbox = bboxSchema.safeParse(new URL(request.url).searchParams.get("bbox") ?? "");
  if (!bbox.success) return json({ error: "bbox_invalid", message: "bbox=Süd,West,Nord,Ost erwartet" }, { status: 400 });
  return json(await proposalsForMap(context.db, id, bbox.data as [number, number, number, number]));
}
