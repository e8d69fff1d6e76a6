import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { resendVerification } from "~/domain/accounts/accounts.server";
import { activeSuspension } from "~/domain/accounts/accounts.policy";
import { listFollows, setReplyNotifications } from "~/domain/follows/follows.server";
import { requireUser } from "~/lib/session.server";
import { env } from "~/lib/env.server";
import { refused } from "~/lib/http.server";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { FormErrors } from "~/components/forms";
import { Notice, Pagination } from "~/components/content";
import { FollowForm } from "~/components/FollowForm";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.auth.accountTitle);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const follows = await listFollows(context.db, user, page);
  return json({ user, follows, page, suspension: activeSuspension(user) });
}

// Two forms: the reply-mail switch (intent "replies", value on/off), and the new verification mail (no intent).
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  if (form.get("intent") === "replies") {
    const value = form.get("value");
    if (value !== "on" && value !== "off") return refused("intent_invalid");
    await setReplyNotifications(context.db, user, value === "on");
    return redirect(`/konto?hinweis=replies_${value}`);
  }
  const result = await resendVerification(context.db, user, { publicUrl: env().PUBLIC_URL });
  if (!result.ok) return refused(result.reason, { retryAfter: result.reason === "rate_limited" ? result.retryAfter : undefined });
  return redirect("/konto?hinweis=resent");
}

export default function Account() {
  const { user, follows, page, suspension } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const here = page > 1 ? `/konto?seite=${page}` : "/konto";
  return (
    <>
      <Notice />
      <h1>{t.auth.accountTitle}</h1>
      {suspension ? (
        <div className="alert alert--warning">
          <p>{t.accounts.suspendedMessage(suspension.until, suspension.reason)}</p>
          <p>{t.accounts.accountNotice}</p>
        </div>
      ) : null}
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

      <section aria-labelledby="benachrichtigungen">
        <h2 id="benachrichtigungen">{t.follow.accountHeading}</h2>
        <p>{t.follow.accountIntro}</p>
        <Form method="post" className="panel">
          <h3>{t.follow.replies}</h3>
          <input type="hidden" name="intent" value="replies" />
          <input type="hidden" name="value" value={follows.notifyReplies ? "off" : "on"} />
          <p id="antworten-status">{follows.notifyReplies ? t.follow.repliesOn : t.follow.repliesOff}</p>
          <button type="submit" className="button" aria-describedby="antworten-status">
            {follows.notifyReplies ? t.follow.switchOff : t.follow.switchOn}
          </button>
        </Form>
        <h3>{t.follow.accountList}</h3>
        {follows.items.length === 0 ? <p>{t.follow.accountNone}</p> : null}
        <ul className="card-list">
          {follows.items.map((item) => {
            const path = item.type === "proposal" ? `/vorschlaege/${item.id}` : `/beteiligungen/${item.id}`;
            const titleId = `gefolgt-${item.type}-${item.id}`;
            return (
              <li key={`${item.type}-${item.id}`} className="card">
                <p className="meta">
                  {item.type === "proposal" ? t.follow.kindProposal(item.consultationTitle) : t.follow.kindConsultation}
                </p>
                <p id={titleId}>
                  <Link to={path}>{item.hidden ? t.follow.hiddenProposal : item.title}</Link>
                </p>
                <FollowForm action={`${path}/folgen`} following kind={item.type} redirectTo={here} describedBy={titleId} />
              </li>
            );
          })}
        </ul>
        <Pagination page={page} total={follows.total} pageSize={PAGE_SIZE} />
      </section>
    </>
  );
}
