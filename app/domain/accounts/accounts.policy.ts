import type { Role } from "../../../db/schema";

export type { Role };
export const roles: readonly Role[] = ["resident", "moderator", "admin", "council"];

/** The signed-in person as the app sees them. */
export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  verified: boolean;
  /** Suspended by an admin until then (ISO), or null; a past date means the suspension is over. */
  suspendedUntil: string | null;
  /** The admin's reason, shown and mailed to the person; null when never suspended (or lifted). */
  suspensionReason: string | null;
}

export const isAdmin = (user: CurrentUser | null) => user?.role === "admin";
/** Admins include moderator rights. */
export const isModerator = (user: CurrentUser | null) => user?.role === "moderator" || user?.role === "admin";
/** Council members read result reports also before publication. */
export const canReadUnpublishedResults = (user: CurrentUser | null) => isModerator(user) || user?.role === "council";

export type ContributorRefusal = "login_required" | "not_verified" | "role_cannot_contribute" | "suspended";

/** The suspension in force at `now` (until, reason), or null: none, lifted, or its date has passed. */
export function activeSuspension(
  user: Pick<CurrentUser, "suspendedUntil" | "suspensionReason"> | null,
  now: Date = new Date(),
): { until: string; reason: string } | null {
  if (!user?.suspendedUntil || new Date(user.suspendedUntil).getTime() <= now.getTime()) return null;
  return { until: user.suspendedUntil, reason: user.suspensionReason ?? "" };
}

/**
 * Verified residents and staff may contribute; council members read only. A suspended account reads but does not
 * contribute until its date has passed (compared with now: nobody has to lift it).
 */
export function contributorRefusal(user: CurrentUser | null, now: Date = new Date()): ContributorRefusal | null {
  if (!user) return "login_required";
  if (user.role === "council") return "role_cannot_contribute";
  if (activeSuspension(user, now)) return "suspended";
  if (!user.verified) return "not_verified";
  return null;
}

export type SuspensionRefusal = "forbidden" | "suspend_self" | "suspend_admin";

/**
 * Why this person may not suspend this account (or lift its suspension), or null (issue 9): admins only, not their
 * own account, not another admin's (admins cannot lock each other out).
 */
export function suspensionRefusal(actor: CurrentUser | null, target: { id: string; role: Role }): SuspensionRefusal | null {
  if (!isAdmin(actor)) return "forbidden";
  if (actor!.id === target.id) return "suspend_self";
  if (target.role === "admin") return "suspend_admin";
  return null;
}

/** The suspension periods an admin can pick (days after today, in town time), besides a date of their own. */
export const SUSPENSION_DAYS = [1, 7, 30] as const;
/** The reason of a suspension or of lifting it: characters after trimming. */
export const SUSPENSION_REASON = { min: 10, max: 500 } as const;
/** The latest last day of a suspension, in days after today. */
export const SUSPENSION_MAX_DAYS = 3660;

/** Who may see the accounts' administration (/verwaltung/konten): admins. */
export const accountAdminRefusal = (user: CurrentUser | null) => (isAdmin(user) ? null : ("forbidden" as const));

// Login throttling (decision 0013): it should hurt the attacker, not the owner. Failed password checks count per
// (typed address, client address) pair: the first few are free, then each attempt waits longer, then the pair is
// blocked. Only two high ceilings act beyond the pair: all failures for one address (distributed guessing) and all
// failures from one client address (password spraying). A locked-out owner signs in with a mailed one-time link.
export const loginThrottle = {
  pair: {
    /** Failures within the window that cost nothing. */
    free: 5,
    /** From this many failures within the window the pair is blocked, until the oldest of them leaves the window. */
    max: 10,
    windowSeconds: 60 * 60,
    /** The wait after the last free failure; it doubles with each further one: 15 s, 30 s, 1, 2 and 4 minutes. */
    firstDelaySeconds: 15,
  },
  /** Failures for one address from anywhere. */
  account: { max: 100, windowSeconds: 60 * 60 },
  /** Failures from one client address, for any addresses. */
  ip: { max: 50, windowSeconds: 10 * 60 },
} as const;

/**
 * Requests for a mailed login link (a link works once, for 15 minutes). They are limited per (typed address, client
 * address) pair and per client address, never per address alone: an attacker must not be able to use up the owner's
 * way out. Per address there is only a cap on the mails sent (against mail-bombing someone); beyond it the request
 * is answered exactly as usual but sends no mail, so that nobody can cause a refusal for the owner.
 */
export const loginLinkLimits = {
  pair: { max: 3, windowSeconds: 60 * 60 },
  ip: { max: 10, windowSeconds: 60 * 60 },
  accountMails: { max: 10, windowSeconds: 60 * 60 },
  validSeconds: 15 * 60,
} as const;

/** How many events a key had within a limit's window, and when the one that must expire to free the key happened. */
export interface WindowCount {
  count: number;
  /** The `max`-th newest event within the window (null when there are fewer). */
  expiring: Date | null;
}

export interface LoginFailureStats {
  /** The database's clock, so that app and database clocks need not agree. */
  now: Date;
  pair: WindowCount & { newest: Date | null };
  account: WindowCount;
  ip: WindowCount;
  /** Whether the attempt comes from a device on which this address's account signed in before (decision 0013). */
  knownDevice: boolean;
}

export type LoginThrottleRefusal = { reason: "login_wait" | "login_locked"; retryAfter: number };

function secondsUntil(now: Date, time: number) {
  return Math.max(1, Math.ceil((time - now.getTime()) / 1000));
}

/** Seconds until a limit that is reached frees again, or 0 while it is not reached. */
export function windowRetryAfter(now: Date, counted: WindowCount, limit: { max: number; windowSeconds: number }): number {
  if (counted.count < limit.max) return 0;
  const expiring = counted.expiring?.getTime() ?? now.getTime();
  return secondsUntil(now, expiring + limit.windowSeconds * 1000);
}

/**
 * Whether a password may be checked now, given the failures so far: null, or the refusal with its wait. A known device
 * of the account is exempt from the per-address ceiling (a distributed attack must not lock the owner out), not from
 * its own pair's throttle.
 */
export function loginThrottleRefusal(stats: LoginFailureStats): LoginThrottleRefusal | null {
  const { pair } = loginThrottle;
  const locked = Math.max(
    windowRetryAfter(stats.now, stats.pair, pair),
    stats.knownDevice ? 0 : windowRetryAfter(stats.now, stats.account, loginThrottle.account),
    windowRetryAfter(stats.now, stats.ip, loginThrottle.ip),
  );
  if (locked) return { reason: "login_locked", retryAfter: locked };
  if (stats.pair.count >= pair.free && stats.pair.newest) {
    const delay = pair.firstDelaySeconds * 2 ** (stats.pair.count - pair.free);
    const readyAt = stats.pair.newest.getTime() + delay * 1000;
    if (readyAt > stats.now.getTime()) return { reason: "login_wait", retryAfter: secondsUntil(stats.now, readyAt) };
  }
  return null;
}
