import { AreaOutline } from "./AreaOutline";
import type { Area } from "~/domain/consultations/consultations.area";
import { useMemo, useRef } from "react";
import { divIcon } from "leaflet";
import { MapContainer, Marker, TileLayer, ZoomControl, useMapEvents } from "react-leaflet";
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

const ARROWS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "+", "-"]);

/**
 * Mouse and touch: a click or tap sets the location. Keyboard: the focused map pans with the arrow keys and the
 * location follows the map's centre (marked by the crosshair); Enter sets it to the centre at once.
 */
function PickByPointerOrKeyboard({ onPick }: { onPick: LocationPickerProps["onPick"] }) {
  const keyboardMove = useRef(false);
  const pickCentre = () => {
    const c = map.getCenter();
    onPick(c.lat, c.lng);
  };
  const map = useMapEvents({
    click: (e) => onPick(e.latlng.lat, e.latlng.lng),
    keydown: (e) => {
      const key = e.originalEvent.key;
      if (ARROWS.has(key)) keyboardMove.current = true;
      if (key === "Enter") {
        e.originalEvent.preventDefault();
        pickCentre();
      }
    },
    moveend: () => {
      if (!keyboardMove.current) return;
      keyboardMove.current = false;
      pickCentre();
    },
  });
  return null;
}

/** A click or tap on the map sets the location, and the marker can be dragged; the coordinate fields beside it
 *  stay the way without a map. */
export default function LocationPicker(props: LocationPickerProps) {
  const t = useT();
  // A CSS pin instead of Leaflet's image icon: no image files to serve, and it follows the page's colours.
  const pin = useMemo(() => divIcon({ className: "picker-pin", iconSize: [24, 24], iconAnchor: [12, 12] }), []);
  return (
    <MapContainer
      center={props.value ?? props.center}
      zoom={props.zoom}
      zoomControl={false}
      className="map map--picker map--crosshair"
      scrollWheelZoom={false}
    >
      <TileLayer url={props.tileUrl} attribution={props.attribution} />
      {props.area ? <AreaOutline area={props.area} /> : null}
      <ZoomControl zoomInTitle={t.map.zoomIn} zoomOutTitle={t.map.zoomOut} />
      <PickByPointerOrKeyboard onPick={props.onPick} />
      {props.value ? (
        <Marker
          position={props.value}
          icon={pin}
          draggable
          // Not a tab stop of its own: keyboard users move the map itself (see above).
          keyboard={false}
          eventHandlers={{
            dragend: (e) => {
              const p = e.target.getLatLng();
              props.onPick(p.lat, p.lng);
            },
          }}
        />
      ) : null}
    </MapContainer>
  );
}
