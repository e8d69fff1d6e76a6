import { AreaOutline } from "./AreaOutline";
import type { Area } from "~/domain/consultations/consultations.area";
import { CircleMarker, MapContainer, TileLayer, ZoomControl, useMapEvents } from "react-leaflet";
import { useT } from "~/i18n";

export interface LocationPickerProps {
  center: [number, number];
  zoom: number;
  /** The consultation's area, drawn as an outline. */
  area: Area | null;
  tileUrl: string;
  attribution: string;
  value: [number, number] | null;
  onPick: (lat: number, lng: number) => void;
}

function ClickToPick({ onPick }: { onPick: LocationPickerProps["onPick"] }) {
  useMapEvents({ click: (e) => onPick(e.latlng.lat, e.latlng.lng) });
  return null;
}

/** A click or tap on the map sets the location; the coordinate fields beside it stay the way without a map. */
export default function LocationPicker(props: LocationPickerProps) {
  const t = useT();
  return (
    <MapContainer center={props.value ?? props.center} zoom={props.zoom} zoomControl={false} className="map map--picker" scrollWheelZoom={false}>
      <TileLayer url={props.tileUrl} attribution={props.attribution} />
      {props.area ? <AreaOutline area={props.area} /> : null}
      <ZoomControl zoomInTitle={t.map.zoomIn} zoomOutTitle={t.map.zoomOut} />
      <ClickToPick onPick={props.onPick} />
      {props.value ? <CircleMarker center={props.value} radius={10} pathOptions={{ color: "#b3261e", weight: 3, fillOpacity: 0.6 }} /> : null}
    </MapContainer>
  );
}
