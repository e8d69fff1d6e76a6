import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { setFollowing } from "~/domain/follows/follows.server";
import { currentUser } from "./session.server";
import { notFound, refused } from "./http.server";
import { parseId } from "./ids";
import { safeRedirectPath } from "./redirect";

/** A path on this site with a confirmation code (?hinweis=…) for the Notice component; keeps query and anchor. */
export function withNotice(path: string, code: string): string {
  const url = new URL(path, "http://localhost");
  url.searchParams.set("hinweis", code);
  return `${url.pathname}${url.search}${url.hash}`;
}

// The action of the follow routes (/vorschlaege/:id/folgen, /beteiligungen/:id/folgen): authorize → parse → call the
// domain → redirect back with a notice. The form sends the wanted state, folgen=1 or folgen=0.
// Guests are sent to the login and come back; refusals answer with a German message and a 4xx status.
export async function followAction({ request, params, context }: ActionFunctionArgs, type: "proposal" | "consultation") {
  const id = parseId(params.id) ?? notFound();
  const form = await request.formData();
  const page = type === "proposal" ? `/vorschlaege/${id}` : `/beteiligungen/${id}`;
  const back = safeRedirectPath(form.get("weiter"), page);
  const user = await currentUser(request, context);
  if (!user) return redirect(`/anmelden?weiter=${encodeURIComponent(back)}`);
  const wanted = form.get("folgen");
  if (wanted !== "1" && wanted !== "0") return refused("intent_invalid");
  const result = await setFollowing(context.db, user, { type, id }, wanted === "1");
  if (!result.ok) return refused(result.reason);
  return redirect(withNotice(back, result.following ? "followed" : "unfollowed"));
}
