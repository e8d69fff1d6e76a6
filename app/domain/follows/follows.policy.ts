import { activeSuspension, type CurrentUser } from "../accounts/accounts.policy";

// Who may follow what. Pure: the server intents decide by these rules, pages use them to show the button.

/** What one follows: a proposal or a consultation. */
export type FollowTarget = { type: "proposal" | "consultation"; id: string };

/** What an unsubscribe link stops: mails about a proposal, about a consultation (and its proposals), or reply mails. */
export type UnsubscribeScope = { kind: "proposal"; id: string } | { kind: "consultation"; id: string } | { kind: "replies" };

export type FollowRefusal = "login_required" | "not_verified" | "suspended";

/**
 * Following only reads and sends mail to one's own confirmed address, so every signed-in person with a confirmed
 * address may follow what they can see (council members too), in every phase. A suspended account does not start
 * following anything new while suspended (issue 9); stopping is always possible (unsubscribe links need no login).
 */
export function followRefusal(user: CurrentUser | null, now: Date = new Date()): FollowRefusal | null {
  if (!user) return "login_required";
  if (!user.verified) return "not_verified";
  if (activeSuspension(user, now)) return "suspended";
  return null;
}

/** A hidden proposal takes no new followers (one can still stop following it); consultations have no such state. */
export function followTargetRefusal(target: { hiddenAt?: Date | string | null }): "hidden" | null {
  return target.hiddenAt ? "hidden" : null;
}
