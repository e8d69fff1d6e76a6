import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { type ContributionRef, contributionTypeFromSlug, FLAG_REASONS } from "~/domain/moderation/contributions";
import { flagFormData, reportContribution } from "~/domain/moderation/flags.server";
import { flagSchema } from "~/domain/moderation/flags.schema";
import { httpError, invalid, notFound, refused, statusFor } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { requireUser } from "~/lib/session.server";
import { titleFor } from "~/i18n/meta";
import { errorText, useT } from "~/i18n";
import { Field, FormErrors } from "~/components/forms";

// Reporting a contribution (Meldung, issue 9): /melden?typ=vorschlag|kommentar|foto&id=…

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.flag.title);

function refOf(request: Request): ContributionRef {
  const params = new URL(request.url).searchParams;
  const type = contributionTypeFromSlug(params.get("typ"));
  const id = parseId(params.get("id"));
  return type && id ? { type, id } : notFound();
}

/** The item's page with the notice, before its anchor. */
function withNotice(url: string, notice: string) {
  const [path, hash] = url.split("#");
  return `${path}?hinweis=${notice}${hash ? `#${hash}` : ""}`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ref = refOf(request);
  const user = await requireUser(request, context);
  const data = await flagFormData(context.db, user, ref);
  if (!data.ok) throw httpError(statusFor(data.reason), data.reason);
  return json({ item: data.item, previous: data.previous });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ref = refOf(request);
  const user = await requireUser(request, context);
  const form = await request.formData();
  const values = submittedValues(form);
  const parsed = parseForm(flagSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, values);
  const result = await reportContribution(context.db, user, ref, parsed.data);
  if (!result.ok) return refused(result.reason, { values, retryAfter: result.retryAfter });
  return redirect(withNotice(result.url, "flagged"));
}

export default function Report() {
  const { item, previous } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const typed = { reason: previous?.reason ?? "", note: previous?.note ?? "", ...(result?.values ?? {}) };
  const reasonError = result?.fieldErrors?.reason;
  return (
    <>
      <p>
        <Link to={item.url}>{t.flag.back}</Link>
      </p>
      <h1>{t.flag.title}</h1>
      <p>{t.flag.intro}</p>
      <section aria-labelledby="gemeldet" className="card">
        <h2 id="gemeldet">{t.flag.reported}</h2>
        <p>
          {t.flag.types[item.type]} {t.flag.inConsultation(item.consultationTitle)}:
        </p>
        <blockquote>
          <p>{item.excerpt}</p>
        </blockquote>
      </section>
      {previous ? <p>{t.flag.again}</p> : null}
      <Form method="post" noValidate className="stack">
        <FormErrors result={result} />
        <fieldset
          id="feld-reason"
          className={`field${reasonError ? " field--error" : ""}`}
          aria-describedby={reasonError ? "feld-reason-fehler" : undefined}
        >
          <legend>
            {t.flag.reason} <span className="required">({t.common.required})</span>
          </legend>
          {reasonError ? (
            <p className="error" id="feld-reason-fehler">
              {errorText(t, reasonError)}
            </p>
          ) : null}
          {FLAG_REASONS.map((reason) => (
            <div key={reason} className="choice">
              <input type="radio" id={`grund-${reason}`} name="reason" value={reason} defaultChecked={typed.reason === reason} />
              <label htmlFor={`grund-${reason}`}>{t.flag.reasons[reason]}</label>
            </div>
          ))}
        </fieldset>
        <Field
          name="note"
          label={t.flag.note}
          hint={t.flag.noteHint}
          errors={result?.fieldErrors}
          defaultValue={typed.note}
          multiline
          rows={4}
        />
        <button type="submit" className="button button--primary">
          {t.flag.submit}
        </button>
      </Form>
    </>
  );
}
