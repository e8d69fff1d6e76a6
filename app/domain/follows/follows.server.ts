import type { DB, Queryable } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import type { CurrentUser } from "../accounts/accounts.policy";
import { canView } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { proposalHiddenFor } from "../proposals/proposals.policy";
import { followRefusal, followTargetRefusal, type FollowTarget, type UnsubscribeScope } from "./follows.policy";
import { readUnsubscribeToken } from "./unsubscribe-token.server";
import * as q from "./follows.queries.server";

export type { FollowTarget, UnsubscribeScope } from "./follows.policy";
export { notifyAboutComment, notifyAboutSectionReply, sendClosingNotices } from "./notifications.server";

/** The target as this reader may see it: its consultation is visible to them; a proposal says whether it is hidden. */
async function visibleTarget(db: Queryable, user: CurrentUser | null, target: FollowTarget) {
  const proposal = target.type === "proposal" ? await q.findProposalTarget(db, target.id) : undefined;
  if (target.type === "proposal" && !proposal) return null;
  const consultation = await loadConsultation(db, proposal ? proposal.consultationId : target.id);
  if (!consultation || !canView(user, consultation)) return null;
  return { hiddenAt: proposal?.hiddenAt ?? null };
}

// Follows (follow = true) or stops following a proposal or consultation. Following needs a confirmed address and a
// target the person may see, in any phase; not a hidden proposal. Unfollowing needs only the login, so one can
// always stop. Repeating either changes nothing (a double submit never errors and never makes two rows).
// Results: ok with following | login_required | not_verified | suspended | not_found | hidden.
export async function setFollowing(db: DB, user: CurrentUser | null, target: FollowTarget, follow: boolean) {
  if (!user) return { ok: false, reason: "login_required" } as const;
  return db.transaction().execute(async (tx) => {
    const visible = await visibleTarget(tx, user, target);
    if (!visible) return { ok: false, reason: "not_found" } as const;
    if (!follow) {
      await q.deleteFollow(tx, user.id, target);
      return { ok: true, following: false } as const;
    }
    const refusal = followRefusal(user) ?? followTargetRefusal(visible);
    if (refusal) return { ok: false, reason: refusal } as const;
    await q.insertFollow(tx, user.id, target);
    return { ok: true, following: true } as const;
  });
}

/** For other areas' intents: the author follows their new proposal, inside the proposal's transaction. */
export async function followProposalInTransaction(tx: Queryable, userId: string, proposalId: string): Promise<void> {
  await q.insertFollow(tx, userId, { type: "proposal", id: proposalId });
}

/** Whether the reader follows this target (false for guests). */
export async function isFollowing(db: DB, user: CurrentUser | null, target: FollowTarget): Promise<boolean> {
  return user ? q.followExists(db, user.id, target) : false;
}

export type FollowItem = {
  type: "proposal" | "consultation";
  id: string;
  /** The policy's answer (proposalHiddenFor): a hidden proposal is named only as such; its title is then empty. */
  hidden: boolean;
  title: string;
  consultationId: string;
  consultationTitle: string;
};

/** A page of what one follows, newest first, and whether reply mails are on (for "Mein Konto"). */
export async function listFollows(db: DB, user: CurrentUser, page: number) {
  const { rows, total } = await q.listFollowsOfUser(db, user.id, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const items: FollowItem[] = rows.map((r) => {
    const hidden = !!r.proposalId && proposalHiddenFor(user, { hiddenAt: r.proposalHiddenAt });
    return {
      type: r.proposalId ? "proposal" : "consultation",
      id: (r.proposalId ?? r.consultationId)!,
      hidden,
      title: hidden ? "" : ((r.proposalId ? r.proposalTitle : r.consultationTitle) ?? ""),
      consultationId: r.parentConsultationId ?? "",
      consultationTitle: r.consultationTitle ?? "",
    };
  });
  return { items, total, notifyReplies: await q.findNotifyReplies(db, user.id) };
}

// Switches the mails about replies to one's comments on or off. Results: ok with the setting.
export async function setReplyNotifications(db: DB, user: CurrentUser, on: boolean) {
  await q.updateNotifyReplies(db, user.id, on);
  return { ok: true, notifyReplies: on } as const;
}

/**
 * What an unsubscribe link stops, as the page names it. Whoever holds the link may read the page, so the policies
 * answer for a guest: `hidden` when the target may not be named (a proposal hidden for guests, a consultation guests
 * may not see, or one that is gone); its title is then empty.
 */
async function describeScope(db: Queryable, scope: UnsubscribeScope): Promise<{ scope: UnsubscribeScope; hidden: boolean; title: string }> {
  if (scope.kind === "replies") return { scope, hidden: false, title: "" };
  const target =
    scope.kind === "proposal"
      ? await q.findProposalTarget(db, scope.id).then((p) => p && { shown: !proposalHiddenFor(null, p), title: p.title })
      : await loadConsultation(db, scope.id).then((c) => c && { shown: canView(null, c), title: c.title });
  return target?.shown ? { scope, hidden: false, title: target.title } : { scope, hidden: true, title: "" };
}

// Reads an unsubscribe link without changing anything (mail scanners open links).
// Results: ok with the scope and the title to name | unsubscribe_invalid.
export async function readUnsubscribeLink(db: DB, token: unknown) {
  const read = readUnsubscribeToken(token);
  if (!read) return { ok: false, reason: "unsubscribe_invalid" } as const;
  return { ok: true, ...(await describeScope(db, read.scope)) } as const;
}

// Does what an unsubscribe link says, for the person it was made for; the signed token is the authorization
// (no login needed, as for a mail program's one-click POST). Repeating it changes nothing.
// A proposal: stop following it. A consultation: stop following it and all its proposals. Replies: no reply mails.
// Results: ok with the scope and title | unsubscribe_invalid.
export async function unsubscribe(db: DB, token: unknown) {
  const read = readUnsubscribeToken(token);
  if (!read) return { ok: false, reason: "unsubscribe_invalid" } as const;
  const { userId, scope } = read;
  return db.transaction().execute(async (tx) => {
    if (scope.kind === "replies") await q.updateNotifyReplies(tx, userId, false);
    else if (scope.kind === "proposal") await q.deleteFollow(tx, userId, { type: "proposal", id: scope.id });
    else await q.deleteFollowsInConsultation(tx, userId, scope.id);
    return { ok: true, ...(await describeScope(tx, scope)) } as const;
  });
}
