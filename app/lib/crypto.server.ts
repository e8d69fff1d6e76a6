import crypto from "node:crypto";
import { env } from "./env.server";

/** A random 256-bit token, URL-safe. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** Tokens (sessions, e-mail links) and IP addresses are stored only as keyed hashes. */
export function hashToken(token: string): string {
  return crypto.createHmac("sha256", env().SESSION_SECRET).update(token).digest("hex");
}
