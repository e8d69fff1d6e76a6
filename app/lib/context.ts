import type { DB } from "./db.server";

// What the server hands every loader and action.
export interface RatschlagContext {
  db: DB;
  /** Per-request nonce for the Content-Security-Policy. */
  nonce: string;
  /** The client's IP address, for rate limits. */
  clientIp: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RatschlagContext {}
}
