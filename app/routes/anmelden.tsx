import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { login } from "~/domain/accounts/accounts.server";
import { loginSchema } from "~/domain/accounts/accounts.schema";
import { knownDeviceToken, loginCookies } from "~/lib/session.server";
import { invalid, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { safeRedirectPath } from "~/lib/redirect";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { EmailField, Field, FormErrors } from "~/components/forms";
import { Notice } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.loginTitle);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(loginSchema, form);
  const values = submittedValues(form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = await login(context.db, parsed.data, { clientIp: context.clientIp, deviceToken: knownDeviceToken(request) });
  if (!result.ok) return refused(result.reason, { retryAfter: "retryAfter" in result ? result.retryAfter : undefined, values });
  return redirect(safeRedirectPath(form.get("weiter")), { headers: loginCookies(result) });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const weiter = params.get("weiter");
  return (
    <>
      <Notice />
      <h1>{t.auth.loginTitle}</h1>
      <Form method="post" noValidate className="stack narrow">
        <FormErrors result={result} />
        <input type="hidden" name="weiter" value={weiter ?? "/"} />
        <EmailField result={result} autoComplete="username" />
        <Field
          name="password"
          type="password"
          label={t.auth.password}
          errors={result?.fieldErrors}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="button button--primary">
          {t.auth.loginSubmit}
        </button>
      </Form>
      <p>
        {t.auth.linkOffer}{" "}
        <Link to={weiter ? `/anmelden/link?${new URLSearchParams({ weiter })}` : "/anmelden/link"}>{t.auth.linkOfferLink}</Link>
      </p>
      <p>
        {t.auth.noAccount} <Link to="/registrieren">{t.nav.register}</Link>
      </p>
    </>
  );
}
