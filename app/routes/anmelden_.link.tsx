import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requestLoginLink } from "~/domain/accounts/accounts.server";
import { loginLinkSchema } from "~/domain/accounts/accounts.schema";
import { env } from "~/lib/env.server";
import { invalid, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Field, FormErrors } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.linkTitle);

// Asks for a one-time login link by mail (decision 0013). The answer does not say whether the address has an account.
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ sent: new URL(request.url).searchParams.get("gesendet") === "1" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(loginLinkSchema, form);
  const values = submittedValues(form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = await requestLoginLink(context.db, parsed.data, { clientIp: context.clientIp, publicUrl: env().PUBLIC_URL });
  if (!result.ok) return refused(result.reason, { retryAfter: result.retryAfter, values });
  return redirect("/anmelden/link?gesendet=1");
}

export default function LoginLink() {
  const { sent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const retryAfter = result && "retryAfter" in result && typeof result.retryAfter === "number" ? result.retryAfter : undefined;
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
        {retryAfter ? <p>{t.auth.retryIn(retryAfter)}</p> : null}
        <Field
          name="email"
          type="email"
          label={t.auth.email}
          errors={result?.fieldErrors}
          defaultValue={result?.values?.email}
          autoComplete="username"
          required
        />
        <button type="submit" className="button button--primary">
          {t.auth.linkSubmit}
        </button>
      </Form>
    </>
  );
}
