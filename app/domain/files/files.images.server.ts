import sharp from "sharp";
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from "./files.limits";

export { PHOTO_MAX_BYTES };
/** Longest side of a stored photo: sharp enough on a large screen, light on a phone. */
const PHOTO_MAX_SIDE = 1600;
/** Refuses decompression bombs: a small file that unpacks into a huge picture. */
const PHOTO_MAX_PIXELS = 50_000_000;

export type ImageType = (typeof PHOTO_TYPES)[number];

/** The image type as the file's first bytes say, whatever its name or the browser claim. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  const starts = (signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export type PreparedPhoto = { bytes: Buffer; mediaType: ImageType; originalName: string };
export type PhotoRefusal = "photo_too_large" | "photo_type" | "photo_invalid";

// Checks an uploaded photo by its bytes and re-encodes it: turned upright, at most PHOTO_MAX_SIDE pixels, and
// without its metadata (phone photos carry the GPS position and the device in EXIF, which must not be published).
export async function preparePhoto(file: File): Promise<{ ok: true; photo: PreparedPhoto } | { ok: false; reason: PhotoRefusal }> {
  if (file.size > PHOTO_MAX_BYTES) return { ok: false, reason: "photo_too_large" };
  return oneAtATime(() => encodePhoto(file));
}

// Re-encoding takes a core for a moment: photos are prepared one after another per process, so a burst of uploads
// queues instead of starving every other request.
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}

async function encodePhoto(file: File): Promise<{ ok: true; photo: PreparedPhoto } | { ok: false; reason: PhotoRefusal }> {
  const input = Buffer.from(await file.arrayBuffer());
  const mediaType = imageTypeOf(input);
  if (!mediaType) return { ok: false, reason: "photo_type" };
  try {
    const image = sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: "inside", withoutEnlargement: true });
    const encoded =
      mediaType === "image/png"
        ? image.png({ compressionLevel: 9 })
        : mediaType === "image/webp"
          ? image.webp({ quality: 80 })
          : image.jpeg({ quality: 82, mozjpeg: true });
    const bytes = await encoded.toBuffer();
    return { ok: true, photo: { bytes, mediaType, originalName: cleanFileName(file.name) } };
  } catch {
    return { ok: false, reason: "photo_invalid" };
  }
}

/** A file name fit to show: no path, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, 120);
  return clean || "datei";
}
