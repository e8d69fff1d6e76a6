import type { DB, Queryable } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import { type CurrentUser, isAdmin } from "../accounts/accounts.policy";
import { recordAudit } from "../moderation/moderation.server";
import { canManageConsultations, canView, phaseOf, type Phase } from "./consultations.policy";
import type { ConsultationInput } from "./consultations.schema";
import * as q from "./consultations.queries.server";

export type Consultation = q.ConsultationRow & { phase: Phase };

const withPhase = (row: q.ConsultationRow): Consultation => ({ ...row, phase: phaseOf(row) });

/** A consultation as stored, with its phase, or null; no visibility check (for other areas' intents). */
export async function loadConsultation(db: Queryable, id: string): Promise<Consultation | null> {
  const row = await q.findConsultation(db, id);
  return row ? withPhase(row) : null;
}

// One consultation for a reader. Results: ok | not_found (also for drafts the reader may not see).
export async function getConsultation(db: DB, user: CurrentUser | null, id: string) {
  const consultation = await loadConsultation(db, id);
  if (!consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
  return { ok: true, consultation } as const;
}

/** The consultations a reader may see, open ones first, a page at a time. */
export async function listConsultations(db: DB, user: CurrentUser | null, page: number) {
  const { rows, total } = await q.listConsultations(db, {
    includeDrafts: isAdmin(user),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return { items: rows.map(withPhase), total };
}

// Creates a consultation as a draft. Results: ok with the id | forbidden.
export async function createConsultation(db: DB, user: CurrentUser | null, input: ConsultationInput) {
  if (!user || !canManageConsultations(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    const { id } = await q.insertConsultation(tx, input, user.id);
    await recordAudit(tx, { actorId: user.id, action: "create", targetType: "consultation", targetId: id });
    return { ok: true, id } as const;
  });
}

// Changes a consultation's texts, dates or map. Results: ok | forbidden | not_found.
export async function updateConsultation(db: DB, user: CurrentUser | null, id: string, input: ConsultationInput) {
  if (!user || !canManageConsultations(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    const result = await q.updateConsultation(tx, id, input);
    if (!result.numUpdatedRows) return { ok: false, reason: "not_found" } as const;
    await recordAudit(tx, { actorId: user.id, action: "update", targetType: "consultation", targetId: id });
    return { ok: true } as const;
  });
}

// Publishes a draft: from then on it is public and opens and closes by its dates.
// Results: ok | forbidden | not_found | already_published.
export async function publishConsultation(db: DB, user: CurrentUser | null, id: string) {
  if (!user || !canManageConsultations(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    const current = await q.findConsultation(tx, id);
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.publishedAt) return { ok: false, reason: "already_published" } as const;
    await q.setPublished(tx, id);
    await recordAudit(tx, { actorId: user.id, action: "publish", targetType: "consultation", targetId: id });
    return { ok: true } as const;
  });
}

/** A consultation's categories, by name. */
export function listCategories(db: Queryable, consultationId: string) {
  return q.listCategories(db, consultationId);
}

export function consultationCategoryExists(db: Queryable, consultationId: string, categoryId: string) {
  return q.categoryExists(db, consultationId, categoryId);
}

// Adds a category (name and colour) to a consultation. Results: ok | forbidden | not_found | category_exists.
export async function addCategory(db: DB, user: CurrentUser | null, consultationId: string, input: { name: string; color: string }) {
  if (!user || !canManageConsultations(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    if (!(await q.findConsultation(tx, consultationId))) return { ok: false, reason: "not_found" } as const;
    const created = await q.insertCategory(tx, consultationId, input.name, input.color);
    if (!created) return { ok: false, reason: "category_exists" } as const;
    await recordAudit(tx, { actorId: user.id, action: "update", targetType: "consultation", targetId: consultationId });
    return { ok: true } as const;
  });
}

// Removes a category; its proposals keep existing without a category. Results: ok | forbidden | not_found.
export async function removeCategory(db: DB, user: CurrentUser | null, consultationId: string, categoryId: string) {
  if (!user || !canManageConsultations(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    const result = await q.deleteCategory(tx, consultationId, categoryId);
    if (!result.numDeletedRows) return { ok: false, reason: "not_found" } as const;
    await recordAudit(tx, { actorId: user.id, action: "update", targetType: "consultation", targetId: consultationId });
    return { ok: true } as const;
  });
}
