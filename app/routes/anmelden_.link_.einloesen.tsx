import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { loginWithLink } from "~/domain/accounts/accounts.server";
import { sessionCookie } from "~/lib/session.server";
import { refused } from "~/lib/http.server";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.linkRedeemTitle);

// Opening the mailed link changes nothing (mail scanners open links too); the button posts the token and signs in.
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ token: new URL(request.url).searchParams.get("token") ?? "" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = String((await request.formData()).get("token") ?? "");
  const result = await loginWithLink(context.db, token, { clientIp: context.clientIp });
  if (!result.ok) return refused(result.reason);
  return redirect("/", { headers: { "Set-Cookie": sessionCookie(result.token) } });
}

export default function RedeemLoginLink() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t.auth.linkRedeemTitle}</h1>
      <FormErrors result={result} />
      {result?.formError ? (
        <p>
          <Link to="/anmelden/link">{t.auth.linkOfferLink}</Link>
        </p>
      ) : null}
      <p>{t.auth.linkRedeemIntro}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="button button--primary">
          {t.auth.linkRedeemSubmit}
        </button>
      </Form>
    </>
  );
}
