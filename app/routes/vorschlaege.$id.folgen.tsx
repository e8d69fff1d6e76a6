import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { followAction } from "~/lib/follow-action.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { FollowRefused } from "~/components/FollowForm";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.follow.refusedTitle);

// Following a proposal is a POST from its page; a GET just goes there.
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/vorschlaege/${parseId(params.id) ?? notFound()}`);
}

export function action(args: ActionFunctionArgs) {
  return followAction(args, "proposal");
}

export default function FollowProposal() {
  return <FollowRefused kind="proposal" />;
}
