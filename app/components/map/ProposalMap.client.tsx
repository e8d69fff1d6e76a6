import { useCallback, useEffect, useRef, useState } from "react";
import { AreaOutline } from "./AreaOutline";
import type { Area } from "~/domain/consultations/consultations.area";
import { CircleMarker, MapContainer, Marker, Popup, TileLayer, ZoomControl, useMap, useMapEvents } from "react-leaflet";
import { divIcon, type Map as LeafletMap } from "leaflet";
import { useT } from "~/i18n";

/** A grid cell of the viewport: several proposals (a cluster) or one with its id and title. */
type Cluster = { count: number; lat: number; lng: number; id: string | null; title: string | null; category?: string; color?: string };

export interface ProposalMapProps {
  consultationId: string;
  center: [number, number];
  zoom: number;
  /** The list's filters (kategorie, suche) as a query string, so the map shows the same set. */
  filterQuery?: string;
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

/** Several proposals in one place: the count in a circle; a click or Enter zooms in. */
function ClusterMarker({ cluster, label }: { cluster: Cluster; label: string }) {
  const map = useMap();
  const size = cluster.count < 10 ? 32 : cluster.count < 100 ? 38 : cluster.count < 1000 ? 44 : 52;
  const icon = divIcon({ html: `<span>${cluster.count}</span>`, className: "map-cluster", iconSize: [size, size] });
  return (
    <Marker
      position={[cluster.lat, cluster.lng]}
      icon={icon}
      title={label}
      alt={label}
      eventHandlers={{ click: () => map.setView([cluster.lat, cluster.lng], Math.min(map.getZoom() + 2, 19)) }}
    />
  );
}

export default function ProposalMap(props: ProposalMapProps) {
  const t = useT();
  const [clusters, setClusters] = useState<Cluster[]>([]);
  const latest = useRef(0);
  const load = useCallback(
    async (map: LeafletMap) => {
      const request = ++latest.current; // answers to earlier views that arrive late are dropped
      const b = map.getBounds();
      const bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map((n) => n.toFixed(5)).join(",");
      const filter = props.filterQuery ? `&${props.filterQuery}` : "";
      const response = await fetch(`/beteiligungen/${props.consultationId}/karte?bbox=${bbox}&zoom=${map.getZoom()}${filter}`);
      if (!response.ok || request !== latest.current) return;
      const data = (await response.json()) as { clusters: Cluster[] };
      if (request !== latest.current) return;
      setClusters(data.clusters);
    },
    [props.consultationId, props.filterQuery],
  );
  return (
    <>
      <MapContainer center={props.center} zoom={props.zoom} zoomControl={false} className="map" scrollWheelZoom={false}>
        <TileLayer url={props.tileUrl} attribution={props.attribution} />
      {props.area ? <AreaOutline area={props.area} /> : null}
        {props.area ? <AreaOutline area={props.area} /> : null}
        <ZoomControl zoomInTitle={t.map.zoomIn} zoomOutTitle={t.map.zoomOut} />
        <ViewportLoader onView={load} />
        {clusters.map((c) =>
          c.id ? (
            <CircleMarker
              key={c.id}
              center={[c.lat, c.lng]}
              radius={8}
              pathOptions={{ color: "#1b1f24", weight: 2, fillColor: c.color ?? "#0b4f8a", fillOpacity: 0.85 }}
            >
              <Popup>
                <strong>{c.title}</strong>
                <br />
                {c.category ? (
                  <>
                    {t.proposal.category}: {c.category}
                    <br />
                  </>
                ) : null}
                <a href={`/vorschlaege/${c.id}`}>{t.map.open}</a>
              </Popup>
            </CircleMarker>
          ) : (
            <ClusterMarker key={`${c.lat},${c.lng}`} cluster={c} label={t.map.cluster(c.count)} />
          ),
        )}
      </MapContainer>
    </>
  );
}
