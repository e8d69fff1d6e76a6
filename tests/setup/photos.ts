import sharp from "sharp";

/** A small real image of the given format, made in memory. */
export async function photoBytes(format: "jpeg" | "png" | "webp", width = 40, height = 30) {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } });
  return format === "png" ? image.png().toBuffer() : format === "webp" ? image.webp().toBuffer() : image.jpeg().toBuffer();
}
