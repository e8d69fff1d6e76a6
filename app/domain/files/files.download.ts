const EXTENSION: Record<string, string> = {
  "application/pdf": "pdf",
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "image/png": "png",
  "image/jpeg": "jpg",
  "application/geo+json": "geojson",
};

// A download always saves as a file (never rendered in our origin), under a name made from the title: plain
// ASCII for old clients, the real name in UTF-8 (RFC 6266 / 5987), no quotes, slashes or control characters.
export function contentDisposition(title: string, mediaType: string): string {
  const base =
    title
      .replace(/[\u0000-\u001f\u007f"\\/:*?<>|]+/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 100) || "datei";
  const name = `${base}.${EXTENSION[mediaType] ?? "bin"}`;
  const ascii = name
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/%/g, "")
    .trim();
  return `attachment; filename="${ascii || "datei"}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
