import { type CurrentUser, contributorRefusal, isAdmin, type ContributorRefusal } from "../accounts/accounts.policy";

export type Phase = "draft" | "scheduled" | "open" | "closed" | "published";

export interface PhaseDates {
  publishedAt: Date | string | null;
  opensAt: Date | string;
  closesAt: Date | string;
  resultPublishedAt: Date | string | null;
}

const time = (d: Date | string) => new Date(d).getTime();

/** The phase follows from the dates alone: nobody has to press a button at midnight. */
export function phaseOf(c: PhaseDates, now: Date = new Date()): Phase {
  if (!c.publishedAt) return "draft";
  if (c.resultPublishedAt) return "published";
  if (now.getTime() < time(c.opensAt)) return "scheduled";
  if (now.getTime() < time(c.closesAt)) return "open";
  return "closed";
}

/** Drafts are visible to admins only (DESIGN.md §6). */
export function canView(user: CurrentUser | null, c: PhaseDates): boolean {
  return phaseOf(c) !== "draft" || isAdmin(user);
}

export const canManageConsultations = isAdmin;

/** Why this person may not enter the consultations' administration (/verwaltung), or null: admins only. */
export const consultationAdminRefusal = (user: CurrentUser | null) => (canManageConsultations(user) ? null : ("forbidden" as const));

/** Why this person may not publish this consultation, or null: an admin publishes a draft, once. */
export function publishRefusal(user: CurrentUser | null, c: Pick<PhaseDates, "publishedAt">) {
  return consultationAdminRefusal(user) ?? (c.publishedAt ? ("already_published" as const) : null);
}

export type ContributionRefusal = ContributorRefusal | "not_open";

/** Proposals, comments and votes: only while open, only by verified residents and staff. */
export function contributionRefusal(user: CurrentUser | null, c: PhaseDates, now: Date = new Date()): ContributionRefusal | null {
  return contributorRefusal(user, now) ?? (phaseOf(c, now) === "open" ? null : "not_open");
}
