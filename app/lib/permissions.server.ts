import type { AppLoadContext } from "@remix-run/node";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { httpError, statusFor } from "./http.server";
import { requireUser } from "./session.server";

// The server half of a policy pair (the Epic Stack's `requireUserWithPermission` next to its `userHasPermission`):
// the same pure refusal function of an area's policy that a page asks to show a link or a form decides here whether
// the route lets the person in. A refusal becomes its error page, with the status the refusal has everywhere.

/** Throws the refusal as its error page (403 forbidden, 404 not_found, 409 not_open, …). */
export function throwRefusal(reason: string): never {
  throw httpError(statusFor(reason), reason);
}

/** Throws the refusal as its error page; nothing when allowed (null). */
export function allowOrThrow(refusal: string | null): void {
  if (refusal) throwRefusal(refusal);
}

/** The signed-in person, if the policy lets them in; otherwise 401 (not signed in) or the refusal's error page. */
export async function requirePermission(
  request: Request,
  context: AppLoadContext,
  refusalOf: (user: CurrentUser) => string | null,
): Promise<CurrentUser> {
  const user = await requireUser(request, context);
  allowOrThrow(refusalOf(user));
  return user;
}
