import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listOutbox } from "~/domain/mail/mail.server";
import { currentUser } from "~/lib/session.server";
import { mailSetup } from "~/lib/mailbox.server";
import { mailboxRefusal } from "~/domain/mail/mail.policy";
import { allowOrThrow } from "~/lib/permissions.server";
import { PAGE_SIZE, parsePage } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { useT } from "~/i18n";
import { Pagination } from "~/components/content";

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.mailbox.title);

// The outbox, readable when no SMTP server is configured: in development for everyone, otherwise for admins.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  allowOrThrow(mailboxRefusal(user, mailSetup()));
  const page = parsePage(new URL(request.url).searchParams.get("seite"));
  const { items, total } = await listOutbox(context.db, page, PAGE_SIZE);
  return json({ items, total, page });
}

export default function Mailbox() {
  const { items, total, page } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t.mailbox.title}</h1>
      <p className="lead">{t.mailbox.intro}</p>
      {items.length === 0 ? <p>{t.mailbox.empty}</p> : null}
      {items.map((m) => (
        <article key={m.id} className="card mail">
          <h2>{m.subject}</h2>
          <dl className="details">
            <dt>{t.mailbox.to}</dt>
            <dd>{m.to_address}</dd>
            <dt>{t.mailbox.status}</dt>
            <dd>{t.mailbox.statuses[m.status] ?? m.status}</dd>
            <dt>{t.mailbox.created}</dt>
            <dd>{t.common.dateTime(m.created_at)}</dd>
          </dl>
          <pre className="mail__body">{m.body_text}</pre>
        </article>
      ))}
      <Pagination page={page} total={total} pageSize={PAGE_SIZE} />
    </>
  );
}
