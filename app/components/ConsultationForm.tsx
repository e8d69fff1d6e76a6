import { Form, useRouteLoaderData } from "@remix-run/react";
import { useState } from "react";
import type { loader as rootLoader } from "~/root";
import { RectanglePicker } from "./map";
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
  /** The area as GeoJSON text, or "". */
  area: string;
  /** A rectangle typed before a refusal, shown again. */
  areaSouth?: string;
  areaWest?: string;
  areaNorth?: string;
  areaEast?: string;
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
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const [rect, setRect] = useState([v.areaSouth ?? "", v.areaWest ?? "", v.areaNorth ?? "", v.areaEast ?? ""]);
  const corner = (i: number) => (value: string) => setRect((r) => r.map((x, j) => (j === i ? value : x)));
  const rectValue = rect.every((x) => x !== "" && Number.isFinite(Number(x.replace(",", "."))))
    ? (rect.map((x) => Number(x.replace(",", "."))) as [number, number, number, number])
    : null;
  return (
    <Form method="post" noValidate className="stack" encType="multipart/form-data">
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
      <button type="submit" className="button button--primary">
        {props.submitLabel}
      </button>
    </Form>
  );
}
