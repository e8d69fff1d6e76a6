import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requestLoginLink } from "~/domain/accounts/accounts.server";
import { loginLinkSchema } from "~/domain/accounts/accounts.schema";
import { env } from "~/lib/env.server";
import { invalid, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { safeRedirectPath } from "~/lib/redirect";
import { knownDeviceToken } from "~/lib/session.server";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { EmailField, FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.linkTitle);

// Asks for a one-time login link by mail (decision 0013). The answer does not say whether the address has an account.
// `weiter` (where the login should lead) goes into the mailed link.
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  return json({ sent: params.get("gesendet") === "1", weiter: safeRedirectPath(params.get("weiter")) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(loginLinkSchema, form);
  const values = submittedValues(form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = await requestLoginLink(context.db, parsed.data, {
    clientIp: context.clientIp,
    deviceToken: knownDeviceToken(request),
    publicUrl: env().PUBLIC_URL,
    next: safeRedirectPath(form.get("weiter")),
  });
  if (!result.ok) return refused(result.reason, { retryAfter: result.retryAfter, values });
  return redirect("/anmelden/link?gesendet=1");
}

export default function LoginLink() {
  const { sent, weiter } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t.auth.linkTitle}</h1>
      {sent ? (
        <p className="alert alert--success" role="status">
          {t.auth.linkSent}
        </p>
      ) : null}
      <p className="lead">{t.auth.linkIntro}</p>
      <Form method="post" noValidate className="stack narrow">
        <FormErrors result={result} />
        <input type="hidden" name="weiter" value={weiter} />
        <EmailField result={result} autoComplete="username" />
        <button type="submit" className="button button--primary">
          {t.auth.linkSubmit}
        </button>
      </Form>
    </>
  );
}
