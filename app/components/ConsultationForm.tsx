import { Form, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { loader as rootLoader } from "~/root";
import { RectanglePicker } from "./map";
import { useT } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { Field, FormErrors } from "./forms";
import { Markdown } from "./content";

export type ConsultationFormValues = {
  title: string;
  summary: string;
  plainSummary: string;
  body: string;
  opensAt: string;
  closesAt: string;
  contactName: string;
  contactOffice: string;
  contactEmail: string;
  contactPhone: string;
  inputUse: string;
  centerLat: string;
  centerLng: string;
  zoom: string;
  /** The area as GeoJSON text, or "". */
  area: string;
  /** A rectangle typed before a refusal, shown again. */
  areaSouth?: string;
  areaWest?: string;
  areaNorth?: string;
  areaEast?: string;
};

/** The markdown fields' HTML, rendered on the server (after "Vorschau" without JavaScript). */
export type ConsultationFormPreview = Partial<Record<"plainSummary" | "body" | "inputUse", string>>;

/** The admin's form for a consultation's texts, dates (town time), contact and map view. */
export function ConsultationForm(props: {
  values: ConsultationFormValues;
  result?: { formError?: string; fieldErrors?: FieldErrors; preview?: ConsultationFormPreview } | null;
  submitLabel: string;
}) {
  const t = useT();
  const v = props.values;
  const errors = props.result?.fieldErrors;
  const preview = props.result?.preview;
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const [rect, setRect] = useState([v.areaSouth ?? "", v.areaWest ?? "", v.areaNorth ?? "", v.areaEast ?? ""]);
  const corner = (i: number) => (value: string) => setRect((r) => r.map((x, j) => (j === i ? value : x)));
  const rectValue = rect.every((x) => x !== "" && Number.isFinite(Number(x.replace(",", "."))))
    ? (rect.map((x) => Number(x.replace(",", "."))) as [number, number, number, number])
    : null;
  return (
    <Form method="post" noValidate className="stack" encType="multipart/form-data" preventScrollReset>
      <FormErrors result={props.result} />
      {preview ? (
        <p className="alert alert--info" role="status">
          {t.consultationEditor.previewShown}
        </p>
      ) : null}
      <Field name="title" label={t.admin.titleField} errors={errors} defaultValue={v.title} required />
      <Field
        name="summary"
        label={t.admin.summary}
        hint={t.admin.summaryHint}
        errors={errors}
        defaultValue={v.summary}
        multiline
        rows={3}
        required
      />
      <PreviewedField
        name="plainSummary"
        label={t.consultationEditor.plainSummary}
        hint={t.consultationEditor.plainSummaryHint}
        previewLabel={t.consultationEditor.previewOf(t.consultationEditor.plainSummaryShort)}
        errors={errors}
        defaultValue={v.plainSummary}
        rows={6}
        html={preview?.plainSummary}
      />
      <PreviewedField
        name="body"
        label={t.admin.body}
        hint={t.admin.bodyHint}
        previewLabel={t.consultationEditor.previewOf(t.consultationEditor.bodyShort)}
        errors={errors}
        defaultValue={v.body}
        rows={12}
        required
        html={preview?.body}
      />
      <div className="field-row">
        <Field name="opensAt" type="datetime-local" label={t.admin.opensAt} errors={errors} defaultValue={v.opensAt} required />
        <Field name="closesAt" type="datetime-local" label={t.admin.closesAt} errors={errors} defaultValue={v.closesAt} required />
      </div>
      <p className="hint">{t.consultationEditor.datesHint}</p>
      <fieldset>
        <legend>{t.consultationEditor.contact}</legend>
        <p className="hint">{t.consultationEditor.contactHint}</p>
        <div className="field-row">
          <Field
            name="contactName"
            label={t.consultationEditor.contactName}
            errors={errors}
            defaultValue={v.contactName}
            autoComplete="off"
          />
          <Field
            name="contactOffice"
            label={t.consultationEditor.contactOffice}
            errors={errors}
            defaultValue={v.contactOffice}
            autoComplete="off"
          />
        </div>
        <div className="field-row">
          <Field
            name="contactEmail"
            type="email"
            inputMode="email"
            label={t.consultationEditor.contactEmail}
            errors={errors}
            defaultValue={v.contactEmail}
            autoComplete="off"
          />
          <Field
            name="contactPhone"
            type="tel"
            label={t.consultationEditor.contactPhone}
            errors={errors}
            defaultValue={v.contactPhone}
            autoComplete="off"
          />
        </div>
      </fieldset>
      <PreviewedField
        name="inputUse"
        label={t.consultationEditor.inputUse}
        hint={t.consultationEditor.inputUseHint}
        previewLabel={t.consultationEditor.previewOf(t.consultationEditor.inputUseShort)}
        errors={errors}
        defaultValue={v.inputUse}
        rows={6}
        html={preview?.inputUse}
      />
      <div className="field-row">
        <Field name="centerLat" label={t.admin.centerLat} errors={errors} inputMode="decimal" defaultValue={v.centerLat} required />
        <Field name="centerLng" label={t.admin.centerLng} errors={errors} inputMode="decimal" defaultValue={v.centerLng} required />
        <Field name="zoom" label={t.admin.zoom} errors={errors} inputMode="numeric" defaultValue={v.zoom} required />
      </div>
      <fieldset>
        <legend>{t.admin.area}</legend>
        <p className="hint">{t.admin.areaHint}</p>
        <Field name="area" label={t.admin.areaGeojson} errors={errors} defaultValue={v.area} multiline rows={5} />
        <div className="field">
          <label htmlFor="feld-areaFile">{t.admin.areaFile}</label>
          <input id="feld-areaFile" type="file" name="areaFile" accept=".geojson,.json,application/geo+json,application/json" />
        </div>
        <p className="hint">{t.admin.areaRectangle}</p>
        {root ? (
          <RectanglePicker
            center={[Number(v.centerLat), Number(v.centerLng)]}
            zoom={Number(v.zoom) || 13}
            tileUrl={root.map.tileUrl}
            attribution={root.map.attribution}
            value={rectValue}
            onPick={(s, w, n, e) => setRect([s, w, n, e].map((x) => x.toFixed(6)))}
          />
        ) : null}
        <div className="field-row">
          <Field name="areaSouth" label={t.admin.areaSouth} errors={errors} inputMode="decimal" value={rect[0]} onChange={corner(0)} />
          <Field name="areaWest" label={t.admin.areaWest} inputMode="decimal" value={rect[1]} onChange={corner(1)} />
          <Field name="areaNorth" label={t.admin.areaNorth} inputMode="decimal" value={rect[2]} onChange={corner(2)} />
          <Field name="areaEast" label={t.admin.areaEast} inputMode="decimal" value={rect[3]} onChange={corner(3)} />
        </div>
      </fieldset>
      <p className="hint">{t.consultationEditor.previewHint}</p>
      {/* The save button comes first, so that Enter in a field saves as before. */}
      <div className="button-row">
        <button type="submit" className="button button--primary">
          {props.submitLabel}
        </button>
        <button type="submit" name="intent" value="preview" className="button">
          {t.consultationEditor.preview}
        </button>
      </div>
    </Form>
  );
}

const PREVIEW_DELAY_MS = 400;

/**
 * A markdown textarea with its preview below. Without JavaScript the preview comes from the "Vorschau" button
 * (the page is rendered anew with `html`); with JavaScript it follows the typing, rendered by the server's
 * markdown-it through /verwaltung/vorschau, a moment after the last keystroke.
 */
function PreviewedField(props: {
  name: "plainSummary" | "body" | "inputUse";
  label: string;
  hint: string;
  previewLabel: string;
  errors?: FieldErrors;
  defaultValue: string;
  rows: number;
  required?: boolean;
  html?: string;
}) {
  const t = useT();
  const [html, setHtml] = useState<string | undefined>(props.html);
  const [failed, setFailed] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const pending = useRef<AbortController>();
  useEffect(() => setHtml(props.html), [props.html]);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      pending.current?.abort();
    },
    [],
  );
  const onInput = (event: React.FormEvent<HTMLDivElement>) => {
    const target = event.target as HTMLTextAreaElement;
    if (target.name !== props.name) return;
    const text = target.value;
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      pending.current?.abort();
      const controller = new AbortController();
      pending.current = controller;
      try {
        const response = await fetch("/verwaltung/vorschau", {
          method: "POST",
          body: new URLSearchParams({ text }),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) throw new Error(String(response.status));
        const data = (await response.json()) as { html: string };
        setFailed(false);
        setHtml(data.html);
      } catch (error) {
        if ((error as Error).name !== "AbortError") setFailed(true);
      }
    }, PREVIEW_DELAY_MS);
  };
  const id = `vorschau-${props.name}`;
  const shown = html !== undefined || failed;
  return (
    <div onInput={onInput}>
      <Field
        name={props.name}
        label={props.label}
        hint={props.hint}
        errors={props.errors}
        defaultValue={props.defaultValue}
        multiline
        rows={props.rows}
        required={props.required}
      />
      {/* Always present, so screen readers hear the polite updates; empty until there is something to show. */}
      <div className={shown ? "preview" : "preview preview--empty"} id={id} aria-live="polite">
        {shown ? <p className="preview__label">{props.previewLabel}</p> : null}
        {failed ? <p className="hint">{t.consultationEditor.previewFailed}</p> : null}
        {shown && !failed ? html ? <Markdown html={html} /> : <p className="hint">{t.consultationEditor.previewEmpty}</p> : null}
      </div>
    </div>
  );
}
