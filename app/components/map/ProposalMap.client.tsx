import { useCallback, useEffect, useRef, useState } from "react";
import { AreaOutline } from "./AreaOutline";
import type { Area } from "~/domain/consultations/consultations.area";
import { CircleMarker, MapContainer, Marker, Popup, TileLayer, ZoomControl, useMap, useMapEvents } from "react-leaflet";
import { divIcon, type Map as LeafletMap } from "leaflet";
import { useT } from "~/i18n";
import type { ProposalPreview } from "~/domain/proposals/preview.server";
import { CategoryLabel } from "../proposals";
import { StatusBadge } from "../proposal-details";

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

/** A proposal's details for its popup: loaded when the popup opens (see /vorschlaege/:id/vorschau). */
type PreviewState = { status: "loading"; preview?: ProposalPreview } | { status: "error" } | { status: "ok"; preview: ProposalPreview };

/** What a single proposal's popup shows: the title at once, the details once loaded, always the link. */
function PopupContent({ cluster, state }: { cluster: Cluster; state: PreviewState | undefined }) {
  const t = useT();
  const preview = state && "preview" in state ? state.preview : undefined;
  const title = preview ? (preview.placeholder ? t.proposal.hiddenTitle : preview.title) : cluster.title;
  return (
    <div className="map-popup">
      <p className="map-popup__title">
        <strong>{title}</strong>
      </p>
      {preview?.placeholder ? (
        <p className="placeholder">{t.proposal.hidden(preview.hiddenReason)}</p>
      ) : preview ? (
        <>
          {preview.category || preview.status !== "submitted" ? (
            <p className="meta">
              {preview.category ? <CategoryLabel name={preview.category.name} color={preview.category.color} /> : null}
              <StatusBadge status={preview.status} />
            </p>
          ) : null}
          <p className="counts">
            {t.proposal.net(preview.net)} · {t.proposal.comments(preview.commentCount)}
          </p>
          {preview.excerpt ? <p className="map-popup__excerpt">{preview.excerpt}</p> : null}
        </>
      ) : null}
      <div role="status">
        {state?.status === "loading" && !preview ? <p>{t.map.previewLoading}</p> : null}
        {state?.status === "error" ? <p>{t.map.previewError}</p> : null}
      </div>
      <p>
        <a href={preview?.url ?? `/vorschlaege/${cluster.id}`}>{t.map.open}</a>
      </p>
    </div>
  );
}

export default function ProposalMap(props: ProposalMapProps) {
  const t = useT();
  const [clusters, setClusters] = useState<Cluster[]>([]);
  const latest = useRef(0);
  const [previews, setPreviews] = useState<Record<string, PreviewState>>({});
  // A popup opened: load its proposal's details (again; the browser may answer from its short cache).
  const loadPreview = useCallback(async (id: string) => {
    setPreviews((all) => ({
      ...all,
      [id]: { status: "loading", preview: (all[id] as { preview?: ProposalPreview } | undefined)?.preview },
    }));
    let next: PreviewState;
    try {
      const response = await fetch(`/vorschlaege/${id}/vorschau`, { headers: { Accept: "application/json" } });
      next = response.ok ? { status: "ok", preview: (await response.json()) as ProposalPreview } : { status: "error" };
    } catch {
      next = { status: "error" };
    }
    setPreviews((all) => ({ ...all, [id]: next }));
  }, []);
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
        <ZoomControl zoomInTitle={t.map.zoomIn} zoomOutTitle={t.map.zoomOut} />
        <ViewportLoader onView={load} />
        {clusters.map((c) =>
          c.id ? (
            <CircleMarker
              key={c.id}
              center={[c.lat, c.lng]}
              radius={8}
              pathOptions={{ color: "#1b1f24", weight: 2, fillColor: c.color ?? "#0b4f8a", fillOpacity: 0.85 }}
              eventHandlers={{ popupopen: () => void loadPreview(c.id!) }}
            >
              <Popup minWidth={220} maxWidth={300}>
                <PopupContent cluster={c} state={previews[c.id]} />
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
