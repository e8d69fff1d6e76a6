import type { DB, Queryable } from "~/lib/db.server";
import type { CurrentUser } from "../accounts/accounts.policy";
import { moderationRefusal } from "./moderation.policy";
import * as q from "./moderation.queries.server";

export type { AuditTarget } from "./moderation.queries.server";

/** Writes one entry into the append-only audit log; call it inside the transaction of the action. */
export function recordAudit(db: Queryable, entry: Parameters<typeof q.insertAuditEntry>[1]) {
  return q.insertAuditEntry(db, entry);
}

const REASON_MIN = 5;
const REASON_MAX = 500;

// Hides or restores a proposal or comment with a reason; the content stays stored and the audit log records
// who, what, when and why. Results: ok | forbidden | reason_missing | not_found.
export async function setVisibility(
  db: DB,
  actor: CurrentUser | null,
  target: { type: "proposal" | "comment"; id: string },
  change: { hide: boolean; reason: string },
): Promise<{ ok: true } | { ok: false; reason: "forbidden" | "reason_missing" | "not_found" }> {
  const refusal = moderationRefusal(actor);
  if (refusal || !actor) return { ok: false, reason: "forbidden" };
  const reason = change.reason.trim();
  if (reason.length < REASON_MIN || reason.length > REASON_MAX) return { ok: false, reason: "reason_missing" };
  return db.transaction().execute(async (tx) => {
    const table = target.type === "proposal" ? "proposals" : "comments";
    const result = await q.setHidden(tx, table, target.id, change.hide ? { by: actor.id, reason } : null);
    if (!result.numUpdatedRows) return { ok: false, reason: "not_found" } as const;
    await q.insertAuditEntry(tx, {
      actorId: actor.id,
      action: change.hide ? "hide" : "restore",
      targetType: target.type,
      targetId: target.id,
      reason,
    });
    return { ok: true } as const;
  });
}

// The audit log, newest first, for moderators. Results: ok with a page | forbidden.
export async function auditLog(db: DB, actor: CurrentUser | null, page: number, pageSize: number) {
  const refusal = moderationRefusal(actor);
  if (refusal) return { ok: false, reason: refusal } as const;
  const { rows, total } = await q.listAuditEntries(db, pageSize, (page - 1) * pageSize);
  return { ok: true, rows, total } as const;
}
