import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { verifyEmail } from "~/domain/accounts/accounts.server";
import { currentUser } from "~/lib/session.server";
import { refused } from "~/lib/http.server";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.verifyTitle);

// Opening the link changes nothing (mail scanners open links too); the button posts the token.
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
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t.auth.verifyTitle}</h1>
      <FormErrors result={result} />
      <p>{t.auth.verifyIntro}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="button button--primary">
          {t.auth.verifySubmit}
        </button>
      </Form>
    </>
  );
}
