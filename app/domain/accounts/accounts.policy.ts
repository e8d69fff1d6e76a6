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
}

export const isAdmin = (user: CurrentUser | null) => user?.role === "admin";
/** Admins include moderator rights. */
export const isModerator = (user: CurrentUser | null) => user?.role === "moderator" || user?.role === "admin";
/** Council members read result reports also before publication. */
export const canReadUnpublishedResults = (user: CurrentUser | null) => isModerator(user) || user?.role === "council";

export type ContributorRefusal = "login_required" | "not_verified" | "role_cannot_contribute";

/** Verified residents and staff may contribute; council members read only. */
export function contributorRefusal(user: CurrentUser | null): ContributorRefusal | null {
  if (!user) return "login_required";
  if (user.role === "council") return "role_cannot_contribute";
  if (!user.verified) return "not_verified";
  return null;
}
