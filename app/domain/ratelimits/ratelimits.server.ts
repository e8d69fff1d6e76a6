import type { Queryable } from "~/lib/db.server";
import { hashToken } from "~/lib/crypto.server";
import * as q from "./ratelimits.queries.server";

// Sliding-window limits kept in the database, so they hold across processes and restarts.
// Keys (e-mail addresses, IPs) are stored only as keyed hashes.
export const limits = {
  // Failed logins are throttled per address and client in the accounts area (decision 0013).
  registrationIp: { max: 10, windowSeconds: 60 * 60 },
  contributionUser: { max: 30, windowSeconds: 5 * 60 },
  /** Reports (Meldungen) per person and day (issue 9); each also counts as a contribution. */
  flagUser: { max: 20, windowSeconds: 24 * 60 * 60 },
} as const;

export type LimitName = keyof typeof limits;

/**
 * The number of seconds to wait when the limit is reached (until the oldest event that counts leaves the window, at
 * least 1), or 0. Inside a transaction it first takes the key's lock
 * until commit, so an event the same transaction records afterwards is counted by every later check: parallel
 * requests of one person queue here instead of all passing the count before any of them has recorded (decision 0003).
 * To count an event use hit(); alone this is a look only (e.g. before a large upload is read).
 */
export async function retryAfter(db: Queryable, name: LimitName, key: string): Promise<number> {
  const { max, windowSeconds } = limits[name];
  const keyHash = hashToken(key);
  if (db.isTransaction) await q.lockKey(db, name, keyHash);
  const seconds = await q.secondsUntilBelowLimit(db, name, keyHash, max, windowSeconds);
  return seconds === null ? 0 : Math.max(1, seconds);
}

/**
 * Counts one event against the limit unless the limit is reached, as one step that a burst of parallel requests cannot
 * pass: returns the seconds to wait (and records nothing) or 0 (the event is recorded). In the caller's transaction
 * if given one (the event then stands or falls with the rest of it), otherwise in a transaction of its own.
 */
export async function hit(db: Queryable, name: LimitName, key: string): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((tx) => hit(tx, name, key));
  const wait = await retryAfter(db, name, key);
  if (!wait) await recordEvent(db, name, key);
  return wait;
}

// Only through hit(): a check and a record made apart would let a burst pass between them.
function recordEvent(db: Queryable, name: LimitName, key: string) {
  return q.insertEvent(db, name, hashToken(key));
}

export function clearEvents(db: Queryable, name: LimitName, key: string) {
  return q.deleteEvents(db, name, hashToken(key));
}

// An event counts only within its own limit's window; after that it is deleted (it holds a keyed hash of an address).
export async function deleteOldEvents(db: Queryable) {
  for (const [name, { windowSeconds }] of Object.entries(limits)) await q.deleteEventsOlderThan(db, { name }, windowSeconds);
  const longest = Math.max(...Object.values(limits).map((l) => l.windowSeconds));
  await q.deleteEventsOlderThan(db, { notIn: Object.keys(limits) }, longest);
}
