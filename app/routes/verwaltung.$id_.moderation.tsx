import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getModerationSettings, saveModerationSettings } from "~/domain/consultations/consultations.moderation.server";
import {
  AUTO_HIDE_MAX,
  AUTO_HIDE_MIN,
  AUTO_HIDE_SUGGESTED,
  moderationSettingsRefusal,
} from "~/domain/consultations/consultations.moderation.policy";
import { moderationSettingsSchema } from "~/domain/consultations/consultations.moderation.schema";
import { requirePermission, throwRefusal } from "~/lib/permissions.server";
import { notFound, refused } from "~/lib/http.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { parseId } from "~/lib/ids";
import { titleFor } from "~/i18n/meta";
import { errorText, useT } from "~/i18n";
import { FieldFrame, FormErrors } from "~/components/forms";
import { Notice } from "~/components/content";

// /verwaltung/:id/moderation: an admin sets a consultation's moderation (issue 9): auto-hide after N reports, and
// pre-moderation (new contributions wait for a moderator's approval).

export const meta: MetaFunction = ({ matches }) => titleFor(matches, (t) => t.moderationSettings.title);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, moderationSettingsRefusal);
  const result = await getModerationSettings(context.db, user, id);
  if (!result.ok) throwRefusal(result.reason);
  return json({ consultation: result.consultation, settings: result.settings });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await requirePermission(request, context, moderationSettingsRefusal);
  const form = await request.formData();
  const parsed = parseForm(moderationSettingsSchema, form);
  // A setting outside its range is a bad request: 400 with the field's error, nothing written.
  if (!parsed.ok)
    return json({ formError: "form_invalid", fieldErrors: parsed.fieldErrors, values: submittedValues(form) }, { status: 400 });
  const result = await saveModerationSettings(context.db, user, id, parsed.data);
  if (!result.ok) return refused(result.reason);
  return redirect(`/verwaltung/${id}/moderation?hinweis=saved`);
}

export default function ModerationSettingsPage() {
  const { consultation, settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const m = t.moderationSettings;
  // After a refusal the form shows what was sent; otherwise the stored settings (the suggested number while off).
  const sent = result && "values" in result ? result.values : undefined;
  const values = {
    autoHide: sent?.autoHide ?? (settings.autoHideThreshold ? "on" : "off"),
    autoHideThreshold: sent?.autoHideThreshold ?? String(settings.autoHideThreshold ?? AUTO_HIDE_SUGGESTED),
    premoderated: sent?.premoderated ?? (settings.premoderated ? "on" : "off"),
  };
  const errors = result?.fieldErrors;
  // Two choices of off / on, each a fieldset with its legend, explanation and error, tied together for screen readers.
  const groups = [
    {
      name: "autoHide" as const,
      legend: m.autoHideLegend,
      explain: m.autoHideExplain,
      off: m.autoHideOff,
      on: m.autoHideOn,
      more: (
        <FieldFrame name="autoHideThreshold" label={m.thresholdLabel} hint={m.thresholdHint} error={errors?.autoHideThreshold}>
          {(control) => (
            <input
              type="number"
              min={AUTO_HIDE_MIN}
              max={AUTO_HIDE_MAX}
              step={1}
              inputMode="numeric"
              defaultValue={values.autoHideThreshold}
              {...control}
            />
          )}
        </FieldFrame>
      ),
    },
    {
      name: "premoderated" as const,
      legend: m.premoderationLegend,
      explain: m.premoderationExplain,
      off: m.premoderationOff,
      on: m.premoderationOn,
      more: <p className="hint">{m.premoderationWaiting}</p>,
    },
  ];
  return (
    <>
      <p>
        <Link to={`/verwaltung/${consultation.id}`}>{m.back}</Link>
      </p>
      <Notice />
      <h1>{m.heading(consultation.title)}</h1>
      <p>{m.intro}</p>
      <Form method="post" noValidate className="stack">
        <FormErrors result={result} />
        {groups.map((group) => {
          const error = errors?.[group.name];
          const describedBy = [`feld-${group.name}-erklaerung`, error ? `feld-${group.name}-fehler` : null].filter(Boolean).join(" ");
          return (
            <fieldset
              key={group.name}
              id={`feld-${group.name}`}
              // Not a ".field": its full-width inputs are for text, not for radio buttons.
              className={error ? "choices choices--error" : "choices"}
              aria-describedby={describedBy}
            >
              <legend>{group.legend}</legend>
              <p className="hint" id={`feld-${group.name}-erklaerung`}>
                {group.explain}
              </p>
              {error ? (
                <p className="error" id={`feld-${group.name}-fehler`}>
                  {errorText(t, error)}
                </p>
              ) : null}
              {(["off", "on"] as const).map((value) => (
                <div key={value} className="choice">
                  <input
                    type="radio"
                    id={`${group.name}-${value}`}
                    name={group.name}
                    value={value}
                    defaultChecked={values[group.name] === value}
                  />
                  <label htmlFor={`${group.name}-${value}`}>{group[value]}</label>
                </div>
              ))}
              {group.more}
            </fieldset>
          );
        })}
        <button type="submit" className="button button--primary">
          {t.common.save}
        </button>
      </Form>
    </>
  );
}
