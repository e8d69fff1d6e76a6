import type { DB, Queryable } from "~/lib/db.server";
import type { CurrentUser } from "../accounts/accounts.policy";
import { moderationRefusal } from "./moderation.policy";
import * as q from "./moderation.queries.server";

export type { AuditEntry, AuditFilter, AuditTarget } from "./moderation.queries.server";

/** Writes one entry into the append-only audit log; call it inside the transaction of the action. */
export function recordAudit(db: Queryable, entry: Parameters<typeof q.insertAuditEntry>[1]) {
  return q.insertAuditEntry(db, entry);
}

// The audit log, newest first, for moderators; filtered by actor ("automatic" for automatic decisions), action and
// consultation. Results: ok with a page | forbidden.
export async function auditLog(db: DB, actor: CurrentUser | null, page: number, pageSize: number, filter: q.AuditFilter = {}) {
  const refusal = moderationRefusal(actor);
  if (refusal) return { ok: false, reason: refusal } as const;
  const { rows, total } = await q.listAuditEntries(db, pageSize, (page - 1) * pageSize, filter);
  return { ok: true, rows, total } as const;
}
