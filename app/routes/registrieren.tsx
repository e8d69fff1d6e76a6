import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { register } from "~/domain/accounts/accounts.server";
import { registrationSchema } from "~/domain/accounts/accounts.schema";
import { env } from "~/lib/env.server";
import { invalid, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { EmailField, Field, FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.registerTitle);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(registrationSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, submittedValues(form));
  const result = await register(context.db, parsed.data, { clientIp: context.clientIp, publicUrl: env().PUBLIC_URL });
  if (!result.ok) return refused(result.reason, { retryAfter: result.retryAfter });
  return redirect("/anmelden?hinweis=registered");
}

export default function Register() {
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t.auth.registerTitle}</h1>
      <p className="lead">{t.auth.registerIntro}</p>
      <Form method="post" noValidate className="stack narrow">
        <FormErrors result={result} />
        <EmailField result={result} autoComplete="email" />
        <Field
          name="displayName"
          label={t.auth.displayName}
          hint={t.auth.displayNameHint}
          errors={result?.fieldErrors}
          defaultValue={result?.values?.displayName}
          autoComplete="nickname"
          required
        />
        <Field
          name="password"
          type="password"
          label={t.auth.password}
          hint={t.auth.passwordHint}
          errors={result?.fieldErrors}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="button button--primary">
          {t.auth.registerSubmit}
        </button>
      </Form>
      <p>
        {t.auth.haveAccount} <Link to="/anmelden">{t.nav.login}</Link>
      </p>
    </>
  );
}
