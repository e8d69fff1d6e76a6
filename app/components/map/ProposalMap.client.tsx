import { useCallback, useEffect, useRef, useState } from "react";
import { AreaOutline } from "./AreaOutline";
import type { Area } from "~/domain/consultations/consultations.area";
import { CircleMarker, MapContainer, Popup, TileLayer, ZoomControl, useMapEvents } from "react-leaflet";
import type { Map as LeafletMap } from "leaflet";
import { useT } from "~/i18n";

type Point = { id: string; title: string; lat: number; lng: number };

export interface ProposalMapProps {
  consultationId: string;
  center: [number, number];
  zoom: number;
  /** The consultation's area, drawn as an outline. */
  area: Area | null;
  tileUrl: string;
  attribution: string;
}

/** Loads the proposals of the visible area whenever the view changes; never all proposals at once. */
function ViewportLoader({ onView }: { onView: (map: LeafletMap) => void }) {
  const map = useMapEvents({ moveend: () => onView(map) });
  useEffect(() => {
    onView(map);
  }, [map, onView]);
  return null;
}

export default function ProposalMap(props: ProposalMapProps) {
  const t = useT();
  const [points, setPoints] = useState<Point[]>([]);
  const [truncated, setTruncated] = useState(false);
  const latest = useRef(0);
  const load = useCallback(
    async (map: LeafletMap) => {
      const request = ++latest.current; // answers to earlier views that arrive late are dropped
      const b = map.getBounds();
      const bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map((n) => n.toFixed(5)).join(",");
      const response = await fetch(`/beteiligungen/${props.consultationId}/karte?bbox=${bbox}`);
      if (!response.ok || request !== latest.current) return;
      const data = (await response.json()) as { points: Point[]; truncated: boolean };
      if (request !== latest.current) return;
      setPoints(data.points);
      setTruncated(data.truncated);
    },
    [props.consultationId],
  );
  return (
    <>
      <MapContainer center={props.center} zoom={props.zoom} zoomControl={false} className="map" scrollWheelZoom={false}>
        <TileLayer url={props.tileUrl} attribution={props.attribution} />
      {props.area ? <AreaOutline area={props.area} /> : null}
        {props.area ? <AreaOutline area={props.area} /> : null}
        <ZoomControl zoomInTitle={t.map.zoomIn} zoomOutTitle={t.map.zoomOut} />
        <ViewportLoader onView={load} />
        {points.map((p) => (
          <CircleMarker key={p.id} center={[p.lat, p.lng]} radius={8} pathOptions={{ color: "#0b4f8a", weight: 2, fillOpacity: 0.7 }}>
            <Popup>
              <strong>{p.title}</strong>
              <br />
              <a href={`/vorschlaege/${p.id}`}>{t.map.open}</a>
            </Popup>
          </CircleMarker>
        ))}
      </MapContainer>
      {truncated ? <p className="hint">{t.map.truncated}</p> : null}
    </>
  );
}
