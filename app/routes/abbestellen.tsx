import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readUnsubscribeLink, unsubscribe, type UnsubscribeScope } from "~/domain/follows/follows.server";
import { refused } from "~/lib/http.server";
import { titleFor } from "~/i18n/meta";
import { useT, errorText, type Messages } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => [
  ...titleFor(matches, (t) => t.follow.unsubscribeTitle),
  { name: "robots", content: "noindex" },
];

const noStore = { "Cache-Control": "no-store" };

// /abbestellen?t=TOKEN, the link in every notification mail. Opening it changes nothing (mail scanners open links);
// the page says what will stop and has one button. The signed token is the authorization, no login needed.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t") ?? "";
  const result = await readUnsubscribeLink(context.db, token);
  if (!result.ok)
    return json({ ok: false, reason: result.reason, token: "", scope: null, hidden: true, title: "" } as const, {
      status: 400,
      headers: noStore,
    });
  // `hidden`: the policies' answer for whoever holds the link; a hidden target is named only by its kind.
  return json({ ok: true, reason: null, token, scope: result.scope, hidden: result.hidden, title: result.title } as const, {
    headers: noStore,
  });
}

// The button, and RFC 8058 one-click: a mail program POSTs "List-Unsubscribe=One-Click" to the link from its
// server (no Origin, no cookies). Either way the token in the link decides; repeating it changes nothing.
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  const token = form?.get("t") ?? new URL(request.url).searchParams.get("t");
  const result = await unsubscribe(context.db, token);
  if (!result.ok) return refused(result.reason, {});
  return json({ done: true, scope: result.scope, hidden: result.hidden, title: result.title }, { headers: noStore });
}

/** `title`: null when the target may not be named (hidden). */
function stops(t: Messages, scope: UnsubscribeScope, title: string | null) {
  if (scope.kind === "replies") return t.follow.unsubscribeReplies;
  return scope.kind === "proposal" ? t.follow.unsubscribeProposal(title) : t.follow.unsubscribeConsultation(title);
}

function stopped(t: Messages, scope: UnsubscribeScope, title: string | null) {
  if (scope.kind === "replies") return t.follow.unsubscribedReplies;
  return scope.kind === "proposal" ? t.follow.unsubscribedProposal(title) : t.follow.unsubscribedConsultation(title);
}

export default function Unsubscribe() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    { done?: boolean; scope?: UnsubscribeScope; hidden?: boolean; title?: string; formError?: string } | undefined;
  const t = useT();
  const manage = (
    <p>
      <Link to="/konto">{t.follow.unsubscribeManage}</Link>
    </p>
  );
  if (result?.done && result.scope) {
    return (
      <>
        <h1>{t.follow.unsubscribeTitle}</h1>
        <p className="alert alert--success" role="status">
          {stopped(t, result.scope, result.hidden ? null : (result.title ?? null))}
        </p>
        {manage}
      </>
    );
  }
  const error = result?.formError ?? (data.ok ? null : data.reason);
  if (error || !data.scope) {
    return (
      <>
        <h1>{t.follow.unsubscribeTitle}</h1>
        <div className="alert alert--error" role="alert">
          <p>{errorText(t, error ?? "unsubscribe_invalid")}</p>
        </div>
        {manage}
      </>
    );
  }
  return (
    <>
      <h1>{t.follow.unsubscribeTitle}</h1>
      <p>{stops(t, data.scope, data.hidden ? null : data.title)}</p>
      <Form method="post">
        <input type="hidden" name="t" value={data.token} />
        <button type="submit" className="button button--primary">
          {t.follow.unsubscribeSubmit}
        </button>
      </Form>
      {manage}
    </>
  );
}
