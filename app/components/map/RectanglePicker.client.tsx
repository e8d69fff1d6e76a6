import { useState } from "react";
import { MapContainer, Rectangle, TileLayer, ZoomControl, useMapEvents } from "react-leaflet";
import type { LatLng } from "leaflet";
import { useT } from "~/i18n";

export interface RectanglePickerProps {
  center: [number, number];
  zoom: number;
  tileUrl: string;
  attribution: string;
  value: [number, number, number, number] | null;
  onPick: (south: number, west: number, north: number, east: number) => void;
}

/** Two clicks on the map set two opposite corners of the area; the corner fields stay the way without a map. */
function TwoClicks({ onPick }: { onPick: RectanglePickerProps["onPick"] }) {
  const [first, setFirst] = useState<LatLng | null>(null);
  useMapEvents({
    click: (e) => {
      if (!first) return setFirst(e.latlng);
      const a = first;
      const b = e.latlng;
      setFirst(null);
      onPick(Math.min(a.lat, b.lat), Math.min(a.lng, b.lng), Math.max(a.lat, b.lat), Math.max(a.lng, b.lng));
    },
  });
  return null;
}

export default function RectanglePicker(props: RectanglePickerProps) {
  const t = useT();
  const v = props.value;
  return (
    <MapContainer center={props.center} zoom={props.zoom} zoomControl={false} className="map map--picker" scrollWheelZoom={false}>
      <TileLayer url={props.tileUrl} attribution={props.attribution} />
      <ZoomControl zoomInTitle={t.map.zoomIn} zoomOutTitle={t.map.zoomOut} />
      <TwoClicks onPick={props.onPick} />
      {v ? (
        <Rectangle
          bounds={[
            [v[0], v[1]],
            [v[2], v[3]],
          ]}
          pathOptions={{ color: "#b3261e", weight: 3, fillOpacity: 0.05 }}
        />
      ) : null}
    </MapContainer>
  );
}
