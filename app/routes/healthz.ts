import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";

// A health check for operators (GET answers "ok" without touching the database) and the benchmarks' baselines
// (bench/): GET is the hello-world through the whole server, POST is an empty authenticated request through the
// same middleware and session lookup as a vote, so the vote's own cost shows as a ratio.
export async function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser(request, context);
  return new Response(null, { status: 204 });
}
