import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { loginWithLink } from "~/domain/accounts/accounts.server";
import { knownDeviceToken, loginCookies } from "~/lib/session.server";
import { safeRedirectPath } from "~/lib/redirect";
import { refused } from "~/lib/http.server";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { MailedLinkPage } from "~/components/MailedLinkPage";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.linkRedeemTitle);

// Opening the mailed link changes nothing (mail scanners open links too); the button posts the token and signs in,
// and leads to `weiter` (the page the person came from when they asked for the link).
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  return json({ token: params.get("token") ?? "", weiter: safeRedirectPath(params.get("weiter")) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = String(form.get("token") ?? "");
  const result = await loginWithLink(context.db, token, { clientIp: context.clientIp, deviceToken: knownDeviceToken(request) });
  if (!result.ok) return refused(result.reason);
  return redirect(safeRedirectPath(form.get("weiter")), { headers: loginCookies(result) });
}

export default function RedeemLoginLink() {
  const { token, weiter } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <MailedLinkPage
      title={t.auth.linkRedeemTitle}
      intro={t.auth.linkRedeemIntro}
      submit={t.auth.linkRedeemSubmit}
      token={token}
      fields={{ weiter }}
      afterRefusal={
        <p>
          <Link to="/anmelden/link">{t.auth.linkOfferLink}</Link>
        </p>
      }
    />
  );
}
