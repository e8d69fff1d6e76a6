import type { DB, Queryable } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import { type CurrentUser, isAdmin } from "../accounts/accounts.policy";
import { recordAudit } from "../moderation/moderation.server";
import { canManageConsultations, canView, phaseOf, publishRefusal, type Phase } from "./consultations.policy";
import type { ConsultationInput } from "./consultations.schema";
import type { ConsultationQuery } from "./consultations.urls";
import { changedFields, snapshotOf, type RevisionField } from "./consultations.revisions";
import * as q from "./consultations.queries.server";

export type Consultation = q.ConsultationRow & { phase: Phase };

const withPhase = (row: q.ConsultationRow, now?: Date): Consultation => ({ ...row, phase: phaseOf(row, now) });

const rowSnapshot = (row: q.ConsultationRow) => snapshotOf({ ...row, body: row.bodyMd });
const inputSnapshot = (input: ConsultationInput) => snapshotOf({ ...input, area: input.area ?? null });

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

/**
 * The consultations a reader may see (drafts only for admins), filtered by phase and German full-text search;
 * open ones first, then scheduled, then closed and published; a page at a time. `now` decides the phases.
 */
export async function listConsultations(db: DB, user: CurrentUser | null, page: number, query: ConsultationQuery = {}, now = new Date()) {
  const { rows, total } = await q.listConsultations(db, {
    ...query,
    includeDrafts: isAdmin(user),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    now,
  });
  // The list shows no texts: leave them out of the page data.
  return { items: rows.map((row) => ({ ...withPhase(row, now), bodyMd: "", plainSummary: "", inputUse: "", area: null })), total };
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

// Changes a consultation's texts, dates, contact or map, in any phase. After publication each change is kept as a
// revision (a snapshot of the edited fields and which of them changed) in the same transaction; an edit that changes
// nothing writes nothing. Results: ok | forbidden | not_found.
export async function updateConsultation(db: DB, user: CurrentUser | null, id: string, input: ConsultationInput) {
  if (!user || !canManageConsultations(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    if (!(await q.lockConsultation(tx, id))) return { ok: false, reason: "not_found" } as const;
    const current = (await q.findConsultation(tx, id))!;
    let revision: number | null = null;
    if (current.publishedAt) {
      const before = rowSnapshot(current);
      const after = inputSnapshot(input);
      const changed = changedFields(before, after);
      if (changed.length === 0) return { ok: true } as const;
      let last = await q.lastRevisionNumber(tx, id);
      if (last === 0) {
        // Published before revisions were kept: the state as published becomes revision 1.
        await q.insertRevision(tx, {
          consultationId: id,
          number: 1,
          snapshot: before,
          changedFields: [],
          authorId: current.createdBy,
          createdAt: current.publishedAt,
        });
        last = 1;
      }
      revision = last + 1;
      await q.insertRevision(tx, { consultationId: id, number: revision, snapshot: after, changedFields: changed, authorId: user.id });
    }
    await q.updateConsultation(tx, id, input);
    await recordAudit(tx, {
      actorId: user.id,
      action: "update",
      targetType: "consultation",
      targetId: id,
      reason: revision ? `Version ${revision}` : null,
    });
    return { ok: true } as const;
  });
}

export type RevisionSummary = { number: number; createdAt: Date; changedFields: RevisionField[] };

/** How many revisions a page lists at most (newest first); older ones are only counted. */
export const REVISIONS_SHOWN = 20;

/**
 * The published states of a consultation, newest first, for the reader's "changed on" note: when it was
 * published, when it was last changed and which parts changed. Empty for drafts.
 */
export async function revisionHistory(db: Queryable, consultation: Pick<Consultation, "id" | "publishedAt">) {
  if (!consultation.publishedAt) return { revisions: [] as RevisionSummary[], total: 0, lastChangedAt: null };
  const rows = await q.listRevisions(db, consultation.id, REVISIONS_SHOWN);
  const total = rows.length ? rows[0].number : 0;
  const changes = rows.filter((r) => r.number > 1);
  return {
    revisions: changes as RevisionSummary[],
    total: Math.max(total - 1, 0),
    lastChangedAt: changes.length ? changes[0].createdAt : null,
  };
}

// Publishes a draft: from then on it is public and opens and closes by its dates.
// Results: ok | forbidden | not_found | already_published.
export async function publishConsultation(db: DB, user: CurrentUser | null, id: string) {
  if (!user || !canManageConsultations(user)) return { ok: false, reason: "forbidden" } as const;
  return db.transaction().execute(async (tx) => {
    if (!(await q.lockConsultation(tx, id))) return { ok: false, reason: "not_found" } as const;
    const current = (await q.findConsultation(tx, id))!;
    const refusal = publishRefusal(user, current);
    if (refusal) return { ok: false, reason: refusal } as const;
    await q.setPublished(tx, id);
    // The state as published is revision 1; later edits are compared with it.
    if ((await q.lastRevisionNumber(tx, id)) === 0) {
      await q.insertRevision(tx, { consultationId: id, number: 1, snapshot: rowSnapshot(current), changedFields: [], authorId: user.id });
    }
    await recordAudit(tx, { actorId: user.id, action: "publish", targetType: "consultation", targetId: id });
    return { ok: true } as const;
  });
}

export type FeedItem =
  | { kind: "consultation"; consultationId: string; title: string; summary: string; publishedAt: Date; updatedAt: Date }
  | { kind: "result"; consultationId: string; title: string; summaryMd: string; publishedAt: Date; updatedAt: Date };

/** How many entries the feed holds at most. */
export const FEED_SIZE = 50;

/**
 * What the Atom feed announces: newly published consultations (scheduled ones too, never drafts) and published
 * result reports, newest first, at most `limit`. The same for every reader.
 */
export async function feedItems(db: DB, limit = FEED_SIZE): Promise<FeedItem[]> {
  const [consultations, results] = await Promise.all([q.latestPublishedConsultations(db, limit), q.latestPublishedResults(db, limit)]);
  const items: FeedItem[] = [
    ...consultations.map((c) => ({
      kind: "consultation" as const,
      consultationId: c.id,
      title: c.title,
      summary: c.summary,
      publishedAt: c.publishedAt!,
      updatedAt: c.revisedAt && new Date(c.revisedAt) > c.publishedAt! ? new Date(c.revisedAt) : c.publishedAt!,
    })),
    ...results.map((r) => ({
      kind: "result" as const,
      consultationId: r.id,
      title: r.title,
      summaryMd: r.summaryMd,
      publishedAt: r.publishedAt!,
      updatedAt: r.publishedAt!,
    })),
  ];
  return items.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime()).slice(0, limit);
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
