import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { verifyEmail } from "~/domain/accounts/accounts.server";
import { currentUser } from "~/lib/session.server";
import { refused } from "~/lib/http.server";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { MailedLinkPage } from "~/components/MailedLinkPage";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.verifyTitle);

// The link from the verification mail; the page's button posts the token (MailedLinkPage).
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ token: new URL(request.url).searchParams.get("token") ?? "" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = String((await request.formData()).get("token") ?? "");
  const result = await verifyEmail(context.db, token);
  if (!result.ok) return refused(result.reason);
  const user = await currentUser(request, context);
  return redirect(user ? "/konto?hinweis=verified" : "/anmelden?hinweis=verified");
}

export default function Verify() {
  const { token } = useLoaderData<typeof loader>();
  const t = useT();
  return <MailedLinkPage title={t.auth.verifyTitle} intro={t.auth.verifyIntro} submit={t.auth.verifySubmit} token={token} />;
}
