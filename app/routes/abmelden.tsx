import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearedSessionCookie, endSession } from "~/lib/session.server";

// Logout is a POST (nothing changes on GET); a GET just goes home.
export async function action({ request, context }: ActionFunctionArgs) {
  await endSession(request, context);
  return redirect("/", { headers: { "Set-Cookie": clearedSessionCookie() } });
}

export async function loader() {
  return redirect("/");
}
