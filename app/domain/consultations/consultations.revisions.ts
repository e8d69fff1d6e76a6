import type { ConsultationSnapshot } from "../../../db/schema";
import type { Area } from "./consultations.area";

// Revisions: what residents saw of a consultation at each published state, and which parts an edit changed.
// Pure functions, shared by the intents and the demo seed.

export type { ConsultationSnapshot };
export type RevisionField = keyof ConsultationSnapshot;

/** The order in which changed parts are named to readers. */
export const REVISION_FIELDS: readonly RevisionField[] = [
  "title",
  "summary",
  "plainSummary",
  "body",
  "dates",
  "contact",
  "inputUse",
  "map",
];

export interface SnapshotSource {
  title: string;
  summary: string;
  plainSummary: string;
  body: string;
  opensAt: Date | string;
  closesAt: Date | string;
  contactName: string;
  contactOffice: string;
  contactEmail: string;
  contactPhone: string;
  inputUse: string;
  centerLat: number;
  centerLng: number;
  zoom: number;
  area: Area | null;
}

function toMinute(date: Date | string): string {
  const d = new Date(date);
  d.setUTCSeconds(0, 0);
  return d.toISOString();
}

export function snapshotOf(c: SnapshotSource): ConsultationSnapshot {
  return {
    title: c.title,
    summary: c.summary,
    plainSummary: c.plainSummary,
    body: c.body,
    // To the minute, as the editor shows and sends them: saving unchanged dates is no change.
    dates: { opensAt: toMinute(c.opensAt), closesAt: toMinute(c.closesAt) },
    contact: { name: c.contactName, office: c.contactOffice, email: c.contactEmail, phone: c.contactPhone },
    inputUse: c.inputUse,
    map: { centerLat: c.centerLat, centerLng: c.centerLng, zoom: c.zoom, area: c.area },
  };
}

/** JSON with object keys sorted, so that equal values compare equal whatever order jsonb kept the keys in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The parts that differ between two snapshots, in reading order. */
export function changedFields(before: ConsultationSnapshot, after: ConsultationSnapshot): RevisionField[] {
  return REVISION_FIELDS.filter((field) => canonical(before[field]) !== canonical(after[field]));
}
