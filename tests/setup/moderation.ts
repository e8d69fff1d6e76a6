import type { DB } from "~/lib/db.server";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { decide, latestDecisionId } from "~/domain/moderation/decisions.server";

/**
 * Hides or restores an item as a moderator who has just looked at it (the version seen is the current one), naming
 * the platform's first house rule: the short way for tests whose subject is not the decision itself.
 * Results as decide(), without the decision's id.
 */
export async function setVisibility(
  db: DB,
  actor: CurrentUser | null,
  ref: ContributionRef,
  change: { hide: boolean; reason: string; rule?: string },
) {
  const result = await decide(db, actor, ref, {
    decision: change.hide ? "hide" : "restore",
    rule: change.rule ?? "regel-1",
    reason: change.reason,
    seen: await latestDecisionId(db, ref),
  });
  return result.ok ? { ok: true as const } : result;
}
