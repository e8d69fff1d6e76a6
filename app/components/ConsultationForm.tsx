import { Form } from "@remix-run/react";
import { useT } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { Field, FormErrors } from "./forms";

export type ConsultationFormValues = {
  title: string;
  summary: string;
  body: string;
  opensAt: string;
  closesAt: string;
  centerLat: string;
  centerLng: string;
  zoom: string;
};

/** The admin's form for a consultation's texts, dates (town time) and map view. */
export function ConsultationForm(props: {
  values: ConsultationFormValues;
  result?: { formError?: string; fieldErrors?: FieldErrors } | null;
  submitLabel: string;
}) {
  const t = useT();
  const v = props.values;
  const errors = props.result?.fieldErrors;
  return (
    <Form method="post" noValidate className="stack">
      <FormErrors result={props.result} />
      <input type="hidden" name="intent" value="save" />
      <Field name="title" label={t.admin.titleField} errors={errors} defaultValue={v.title} required />
      <Field name="summary" label={t.admin.summary} hint={t.admin.summaryHint} errors={errors} defaultValue={v.summary} multiline rows={3} required />
      <Field name="body" label={t.admin.body} hint={t.admin.bodyHint} errors={errors} defaultValue={v.body} multiline rows={12} required />
      <div className="field-row">
        <Field name="opensAt" type="datetime-local" label={t.admin.opensAt} errors={errors} defaultValue={v.opensAt} required />
        <Field name="closesAt" type="datetime-local" label={t.admin.closesAt} errors={errors} defaultValue={v.closesAt} required />
      </div>
      <div className="field-row">
        <Field name="centerLat" label={t.admin.centerLat} errors={errors} inputMode="decimal" defaultValue={v.centerLat} required />
        <Field name="centerLng" label={t.admin.centerLng} errors={errors} inputMode="decimal" defaultValue={v.centerLng} required />
        <Field name="zoom" label={t.admin.zoom} errors={errors} inputMode="numeric" defaultValue={v.zoom} required />
      </div>
      <button type="submit" className="button button--primary">
        {props.submitLabel}
      </button>
    </Form>
  );
}
