import { fileTypeFromBuffer } from "file-type";

export interface DocumentType {
  mediaType: string;
  /** Short name people know the format by ("PDF", "DOCX"). */
  label: string;
  /** File name endings that may carry this type. */
  extensions: string[];
}

const DOCUMENT_TYPES: Record<string, DocumentType> = {
  pdf: { mediaType: "application/pdf", label: "PDF", extensions: ["pdf"] },
  odt: { mediaType: "application/vnd.oasis.opendocument.text", label: "ODT", extensions: ["odt"] },
  docx: { mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "DOCX", extensions: ["docx"] },
  xlsx: { mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "XLSX", extensions: ["xlsx"] },
  png: { mediaType: "image/png", label: "PNG", extensions: ["png"] },
  jpg: { mediaType: "image/jpeg", label: "JPEG", extensions: ["jpg", "jpeg"] },
  geojson: { mediaType: "application/geo+json", label: "GeoJSON", extensions: ["geojson", "json"] },
};

/** The label of a stored media type, for lists ("PDF, 2,4 MB"). */
export function typeLabel(mediaType: string): string {
  return Object.values(DOCUMENT_TYPES).find((t) => t.mediaType === mediaType)?.label ?? mediaType;
}

const GEOJSON_TYPES = new Set([
  "FeatureCollection",
  "Feature",
  "Point",
  "MultiPoint",
  "LineString",
  "MultiLineString",
  "Polygon",
  "MultiPolygon",
  "GeometryCollection",
]);

function isGeojson(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null && GEOJSON_TYPES.has(value.type);
  } catch {
    return false;
  }
}

export type DocumentTypeRefusal = "file_empty" | "file_type" | "file_name_mismatch";

// Decides a document's type from its bytes (file-type reads the signatures, and looks inside the zip of office files);
// GeoJSON, being text, is recognised by parsing it. A name whose ending names another known type is refused: a PDF
// called "plan.png" would mislead whoever downloads it.
export async function documentTypeOf(
  bytes: Uint8Array,
  name: string,
): Promise<{ ok: true; type: DocumentType } | { ok: false; reason: DocumentTypeRefusal }> {
  if (bytes.byteLength === 0) return { ok: false, reason: "file_empty" };
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected ? DOCUMENT_TYPES[detected.ext] : isGeojson(bytes) ? DOCUMENT_TYPES.geojson : undefined;
  if (!type) return { ok: false, reason: "file_type" };
  const ending = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  const knownEndings = Object.values(DOCUMENT_TYPES).flatMap((t) => t.extensions);
  if (ending && knownEndings.includes(ending) && !type.extensions.includes(ending)) return { ok: false, reason: "file_name_mismatch" };
  return { ok: true, type };
}
