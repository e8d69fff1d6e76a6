import type { DB } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import { canReadUnpublishedResults, type CurrentUser } from "../accounts/accounts.policy";
import { canView } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { recordAudit } from "../moderation/moderation.server";
import { reportWriteRefusal, resultsReadRefusal } from "./results.policy";
import * as q from "./results.queries.server";

// The result report of a consultation with its figures: frozen at publication, live before.
// Results: ok (report may be null when none is written yet and the reader may see drafts) | not_found.
export async function getReport(db: DB, user: CurrentUser | null, consultationId: string) {
  const consultation = await loadConsultation(db, consultationId);
  if (!consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
  const refusal = resultsReadRefusal(user, consultation.phase);
  if (refusal) return { ok: false, reason: refusal } as const;
  const report = await q.findReport(db, consultationId);
  const figures = report?.figures ?? (await q.computeFigures(db, consultationId));
  return { ok: true, consultation, report: report ?? null, figures } as const;
}

// The report's summary for its editor, if this person may write it now (the same rule as saveReport).
// Results: ok with the consultation and the summary so far | forbidden | not_found | not_closed | already_published.
export async function reportForEditing(db: DB, user: CurrentUser | null, consultationId: string) {
  const consultation = await loadConsultation(db, consultationId);
  if (!consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
  const refusal = reportWriteRefusal(user, consultation.phase);
  if (refusal) return { ok: false, reason: refusal } as const;
  const report = await q.findReport(db, consultationId);
  return { ok: true, consultation, summary: report?.summaryMd ?? "" } as const;
}

// Saves the summary as a draft, or saves and publishes it with the figures frozen at that moment.
// Results: ok | forbidden | not_found | not_closed | already_published.
export async function saveReport(db: DB, user: CurrentUser | null, consultationId: string, input: { summary: string; publish: boolean }) {
  return db.transaction().execute(async (tx) => {
    const consultation = await loadConsultation(tx, consultationId);
    if (!consultation) return { ok: false, reason: "not_found" } as const;
    const refusal = reportWriteRefusal(user, consultation.phase);
    if (refusal) return { ok: false, reason: refusal } as const;
    await q.upsertReportDraft(tx, consultationId, user!.id, input.summary);
    if (input.publish) {
      await q.markReportPublished(tx, consultationId, await q.computeFigures(tx, consultationId));
      const report = await q.findReport(tx, consultationId);
      await recordAudit(tx, { actorId: user!.id, action: "publish", targetType: "result_report", targetId: report!.id });
    }
    return { ok: true } as const;
  });
}

/** Published reports for everyone; council and moderators also see the ones in preparation. */
export async function listReports(db: DB, user: CurrentUser | null, page: number) {
  const { rows, total } = await q.listReports(db, {
    includeUnpublished: canReadUnpublishedResults(user),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return { items: rows, total };
}
