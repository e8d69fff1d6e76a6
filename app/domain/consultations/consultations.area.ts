import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon, Position } from "geojson";

// A consultation's area: a GeoJSON Polygon or MultiPolygon (holes allowed), in WGS84 longitude/latitude order.

export type Area = Polygon | MultiPolygon;
export type AreaError = "area_json_invalid" | "area_type_invalid" | "area_ring_invalid" | "area_too_large";

const MAX_VERTICES = 20_000;

function isPosition(p: unknown): p is Position {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === "number" &&
    typeof p[1] === "number" &&
    p[0] >= -180 &&
    p[0] <= 180 &&
    p[1] >= -90 &&
    p[1] <= 90
  );
}

/** A ring: at least four positions, closed (first equals last). */
function isRing(ring: unknown): ring is Position[] {
  if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) return false;
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first[0] === last[0] && first[1] === last[1];
}

const isPolygonRings = (rings: unknown): rings is Position[][] => Array.isArray(rings) && rings.length >= 1 && rings.every(isRing);

/** Accepts a geometry, a Feature or a FeatureCollection holding one (multi)polygon feature. */
export function parseArea(text: string): { ok: true; area: Area } | { ok: false; reason: AreaError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "area_json_invalid" };
  }
  let geometry = value as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] } | null;
  if (geometry?.type === "FeatureCollection" && Array.isArray(geometry.features) && geometry.features.length === 1) {
    geometry = geometry.features[0] as typeof geometry;
  }
  if (geometry?.type === "Feature") geometry = geometry.geometry as typeof geometry;
  if (!geometry || (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon")) return { ok: false, reason: "area_type_invalid" };
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : (geometry.coordinates as unknown[]);
  if (!Array.isArray(polygons) || polygons.length === 0 || !polygons.every(isPolygonRings)) {
    return { ok: false, reason: "area_ring_invalid" };
  }
  const vertices = (polygons as Position[][][]).reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);
  if (vertices > MAX_VERTICES) return { ok: false, reason: "area_too_large" };
  return { ok: true, area: { type: geometry.type, coordinates: geometry.coordinates } as Area };
}

/** The rectangle between two corners, as a polygon. */
export function rectangleArea(south: number, west: number, north: number, east: number): Area {
  return {
    type: "Polygon",
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/** Whether a point lies inside the area (on the border counts as inside; holes are outside). No area: anywhere. */
export function areaContains(area: Area | null, lat: number, lng: number): boolean {
  return !area || booleanPointInPolygon([lng, lat], area);
}
