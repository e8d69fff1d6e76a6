import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { followAction } from "~/lib/follow-action.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { FollowRoutePage } from "~/components/FollowForm";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.follow.pageTitle);

// Following is a POST from the page. The loader must not redirect: after a refused POST (without JavaScript) Remix
// runs it to draw this route's page with the refusal, and a redirect would swallow the message.
export async function loader({ params }: LoaderFunctionArgs) {
  if (!parseId(params.id)) notFound();
  return null;
}

export function action(args: ActionFunctionArgs) {
  return followAction(args, "consultation");
}

export default function FollowConsultation() {
  return <FollowRoutePage kind="consultation" />;
}
