import type { Queryable } from "~/lib/db.server";
import { hashToken } from "~/lib/crypto.server";
import * as q from "./ratelimits.queries.server";

// Sliding-window limits kept in the database, so they hold across processes and restarts.
// Keys (e-mail addresses, IPs) are stored only as keyed hashes.
export const limits = {
  /** Failed logins for one account: a real user who mistyped is free again after ten minutes at most. */
  loginAccount: { max: 10, windowSeconds: 10 * 60 },
  /** Failed logins from one address, across accounts. */
  loginIp: { max: 50, windowSeconds: 10 * 60 },
  registrationIp: { max: 10, windowSeconds: 60 * 60 },
  contributionUser: { max: 30, windowSeconds: 5 * 60 },
} as const;

export type LimitName = keyof typeof limits;

/** The number of seconds to wait when the limit is reached, or 0. */
export async function retryAfter(db: Queryable, name: LimitName, key: string): Promise<number> {
  const { max, windowSeconds } = limits[name];
  const count = await q.countRecentEvents(db, name, hashToken(key), windowSeconds);
  return count >= max ? windowSeconds : 0;
}

export function recordEvent(db: Queryable, name: LimitName, key: string) {
  return q.insertEvent(db, name, hashToken(key));
}

export function clearEvents(db: Queryable, name: LimitName, key: string) {
  return q.deleteEvents(db, name, hashToken(key));
}

export function deleteOldEvents(db: Queryable) {
  const longest = Math.max(...Object.values(limits).map((l) => l.windowSeconds));
  return q.deleteEventsOlderThan(db, longest);
}
