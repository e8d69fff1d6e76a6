import { Link, useRouteLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useT } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import type { Area } from "~/domain/consultations/consultations.area";
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from "~/domain/files/files.limits";
import type { loader as rootLoader } from "~/root";
import { Field, FieldFrame, useFileSizeCheck } from "./forms";
import { LocationPicker } from "./map";

/** Where a proposal is: the map (click, tap, drag or keyboard) fills the coordinates; without it they can be typed,
 *  or the place described in words. */
export function LocationFieldset(props: {
  consultation: { centerLat: number; centerLng: number; zoom: number; area: Area | null };
  lat?: string | number | null;
  lng?: string | number | null;
  placeDescription?: string | null;
  errors?: FieldErrors;
}) {
  const t = useT();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const [lat, setLat] = useState(props.lat == null ? "" : String(props.lat));
  const [lng, setLng] = useState(props.lng == null ? "" : String(props.lng));
  const picked = toPoint(lat, lng);
  const c = props.consultation;
  return (
    <fieldset>
      <legend>{t.proposal.location}</legend>
      <p className="hint" id="ort-hinweis">
        {t.proposal.locationHint}
      </p>
      {root ? (
        <LocationPicker
          center={[c.centerLat, c.centerLng]}
          zoom={c.zoom}
          tileUrl={root.map.tileUrl}
          attribution={root.map.attribution}
          value={picked}
          area={c.area}
          onPick={(la, ln) => {
            setLat(la.toFixed(6));
            setLng(ln.toFixed(6));
          }}
        />
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {picked ? t.map.chosen(lat, lng) : ""}
      </p>
      <div className="field-row">
        <Field name="lat" label={t.proposal.lat} errors={props.errors} inputMode="decimal" value={lat} onChange={setLat} />
        <Field name="lng" label={t.proposal.lng} errors={props.errors} inputMode="decimal" value={lng} onChange={setLng} />
      </div>
      <Field
        name="placeDescription"
        label={t.proposal.placeDescription}
        hint={t.proposal.placeDescriptionHint}
        errors={props.errors}
        defaultValue={props.placeDescription ?? ""}
      />
    </fieldset>
  );
}

function toPoint(lat: string, lng: string): [number, number] | null {
  if (!lat.trim() || !lng.trim()) return null;
  const point = [Number(lat.replace(",", ".")), Number(lng.replace(",", "."))] as [number, number];
  return point.every(Number.isFinite) ? point : null;
}

/** An optional photo with its description; the current photo (when editing) can be kept, replaced or removed. */
export function PhotoFieldset(props: { current?: { url: string; alt: string } | null; photoAlt?: string | null; errors?: FieldErrors }) {
  const t = useT();
  const sizeCheck = useFileSizeCheck(PHOTO_MAX_BYTES);
  const error = sizeCheck.tooLarge ? "photo_too_large" : props.errors?.photo;
  // The proposal forms (new and edit) end with this fieldset: the house rules' link follows it, above the button.
  return (
    <>
      <fieldset>
        <legend>{t.proposal.photo}</legend>
        {props.current ? (
          <div className="photo-current">
            <img src={props.current.url} alt={props.current.alt} width={240} />
            <label className="checkbox">
              <input type="checkbox" name="removePhoto" value="1" /> {t.proposal.removePhoto}
            </label>
          </div>
        ) : null}
        <FieldFrame
          name="photo"
          label={props.current ? t.proposal.replacePhoto : t.proposal.photoFile}
          hint={t.proposal.photoHint(Math.round(PHOTO_MAX_BYTES / 1024 / 1024))}
          error={error}
        >
          {(control) => <input type="file" accept={PHOTO_TYPES.join(",")} {...control} onChange={sizeCheck.onChange} />}
        </FieldFrame>
        <Field
          name="photoAlt"
          label={t.proposal.photoAlt}
          hint={t.proposal.photoAltHint}
          errors={props.errors}
          defaultValue={props.photoAlt ?? ""}
        />
      </fieldset>
      <HouseRulesNote />
    </>
  );
}

/** Under every contribution form, above its button: the link to the house rules. */
export function HouseRulesNote() {
  const t = useT();
  return (
    <p className="hint">
      <Link to="/netiquette">{t.houseRules.formHint}</Link>
    </p>
  );
}
