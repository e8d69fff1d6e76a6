import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { resendVerification } from "~/domain/accounts/accounts.server";
import { requireUser } from "~/lib/session.server";
import { env } from "~/lib/env.server";
import { refused } from "~/lib/http.server";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { FormErrors } from "~/components/forms";
import { Notice } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.accountTitle);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return json({ user });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await resendVerification(context.db, user, { publicUrl: env().PUBLIC_URL });
  if (!result.ok) return refused(result.reason, { retryAfter: result.reason === "rate_limited" ? result.retryAfter : undefined });
  return redirect("/konto?hinweis=resent");
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <Notice />
      <h1>{t.auth.accountTitle}</h1>
      <dl className="details">
        <dt>{t.auth.displayName}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t.auth.email}</dt>
        <dd>{user.email}</dd>
        <dt>{t.auth.role}</dt>
        <dd>{t.auth.roles[user.role]}</dd>
        <dt>{t.auth.status}</dt>
        <dd>{user.verified ? t.auth.verifiedYes : t.auth.notVerified}</dd>
      </dl>
      {user.verified ? null : (
        <Form method="post" className="panel">
          <FormErrors result={result} />
          <button type="submit" className="button">
            {t.auth.resend}
          </button>
        </Form>
      )}
    </>
  );
}
