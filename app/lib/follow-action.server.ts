import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { setFollowing } from "~/domain/follows/follows.server";
import { currentUser } from "./session.server";
import { notFound, refused } from "./http.server";
import { parseId } from "./ids";
import { safeRedirectPath } from "./redirect";

/**
 * A path on this site with a confirmation code (?hinweis=…) for the Notice component; keeps query and anchor.
 * Rebuilding the URL collapses dot segments, so the result goes through the redirect check again (issue 8, item 19):
 * "/.//evil" passes as a string but becomes "//evil" here, and then falls back to `fallback`.
 */
export function withNotice(path: string, code: string, fallback = "/"): string {
  const url = new URL(path, "http://x.invalid");
  url.searchParams.set("hinweis", code);
  return safeRedirectPath(`${url.pathname}${url.search}${url.hash}`, fallback);
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
  const notice = result.following ? "followed" : "unfollowed";
  return redirect(withNotice(back, notice, `${page}?hinweis=${notice}`));
}
