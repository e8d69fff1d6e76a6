import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "~/lib/env.server";

// Files live on disk under their sha256 (DATA_DIR/uploads/ab/abcdef…): the same bytes are stored once, and a name
// can never point outside the directory.
export function uploadsDir(): string {
  return path.join(env().DATA_DIR, "uploads");
}

export function sha256Of(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

export function storedFilePath(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("invalid file hash");
  return path.join(uploadsDir(), sha256.slice(0, 2), sha256);
}

/** Writes the bytes (once; written to a temporary name and renamed, so a reader never sees half a file). */
export async function writeStoredFile(bytes: Uint8Array): Promise<string> {
  const sha256 = sha256Of(bytes);
  const target = storedFilePath(sha256);
  if (fs.existsSync(target)) {
    // Used again: the clean-up leaves files alone that were touched within the hour.
    const now = new Date();
    await fs.promises.utimes(target, now, now);
    return sha256;
  }
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
  await fs.promises.writeFile(temporary, bytes);
  await fs.promises.rename(temporary, target);
  return sha256;
}

/** Removes a stored file's bytes unless they were written or used again since `before`. */
export async function removeStoredFileIfUnusedSince(sha256: string, before: Date) {
  const target = storedFilePath(sha256);
  const stat = await fs.promises.stat(target).catch(() => null);
  if (stat && stat.mtime < before) await fs.promises.rm(target, { force: true });
}
