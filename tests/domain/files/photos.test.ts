import { describe, expect, it } from "vitest";
import sharp from "sharp";
import fs from "node:fs";
import { imageTypeOf, preparePhoto, cleanFileName } from "~/domain/files/files.images.server";
import { PHOTO_MAX_BYTES } from "~/domain/files/files.limits";
import { storedFilePath, writeStoredFile } from "~/domain/files/files.storage.server";
import { photoBytes } from "../../setup/photos";

const fileOf = (bytes: Uint8Array<ArrayBuffer> | Buffer<ArrayBuffer>, name: string, type = "image/jpeg") =>
  new File([bytes], name, { type });

describe("photo type from the bytes", () => {
  it("recognises JPEG, PNG and WebP by their first bytes", async () => {
    expect(imageTypeOf(await photoBytes("jpeg"))).toBe("image/jpeg");
    expect(imageTypeOf(await photoBytes("png"))).toBe("image/png");
    expect(imageTypeOf(await photoBytes("webp"))).toBe("image/webp");
  });

  it("refuses a file whose name and claimed type say photo but whose bytes do not", async () => {
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const result = await preparePhoto(fileOf(html, "urlaub.jpg", "image/jpeg"));
    expect(result).toEqual({ ok: false, reason: "photo_type" });
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0]);
    expect(await preparePhoto(fileOf(gif, "bild.png", "image/png"))).toEqual({ ok: false, reason: "photo_type" });
  });

  it("refuses a file that starts like a JPEG but is broken", async () => {
    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await preparePhoto(fileOf(broken, "kaputt.jpg"))).toEqual({ ok: false, reason: "photo_invalid" });
  });

  it("refuses a file above the size limit", async () => {
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(await preparePhoto(fileOf(big, "gross.jpg"))).toEqual({ ok: false, reason: "photo_too_large" });
  });
});

describe("preparing a photo", () => {
  it("removes the metadata (such as the GPS position) and keeps the type", async () => {
    const withExif = await sharp(await photoBytes("jpeg"))
      .withExif({ IFD0: { Make: "Telefon", Copyright: "Max Mustermann" } })
      .jpeg()
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const result = await preparePhoto(fileOf(withExif, "IMG_0001.jpg"));
    if (!result.ok) throw new Error(result.reason);
    expect(result.photo.mediaType).toBe("image/jpeg");
    expect(imageTypeOf(result.photo.bytes)).toBe("image/jpeg");
    expect((await sharp(result.photo.bytes).metadata()).exif).toBeUndefined();
    expect(result.photo.bytes.includes(Buffer.from("Max Mustermann"))).toBe(false);
  });

  it("makes large photos smaller (at most 1600 pixels on the longest side), small ones stay", async () => {
    const large = await preparePhoto(fileOf(await photoBytes("png", 3200, 1000), "panorama.png", "image/png"));
    if (!large.ok) throw new Error(large.reason);
    expect(await sharp(large.photo.bytes).metadata()).toMatchObject({ width: 1600, height: 500, format: "png" });
    const small = await preparePhoto(fileOf(await photoBytes("webp", 40, 30), "klein.webp", "image/webp"));
    if (!small.ok) throw new Error(small.reason);
    expect(await sharp(small.photo.bytes).metadata()).toMatchObject({ width: 40, height: 30, format: "webp" });
  });

  it("keeps only a clean base name of the file", () => {
    expect(cleanFileName("C:\\Users\\x\\Bild 1.jpg")).toBe("Bild 1.jpg");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("a\u0000b\u001f.png")).toBe("ab.png");
    expect(cleanFileName("")).toBe("datei");
  });
});

describe("storage on disk", () => {
  it("stores bytes under their sha256 once, and refuses names that are no hash", async () => {
    const bytes = await photoBytes("png");
    const first = await writeStoredFile(bytes);
    const second = await writeStoredFile(bytes);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    expect(fs.readFileSync(storedFilePath(first)).equals(bytes)).toBe(true);
    expect(() => storedFilePath("../../session-secret")).toThrow();
  });
});
