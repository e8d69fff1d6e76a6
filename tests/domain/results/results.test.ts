import { describe, expect, it } from "vitest";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser, setPhase } from "../../setup/fixtures";
import { getReport, listReports, saveReport } from "~/domain/results/results.server";
import { setVisibility } from "../../setup/moderation";
import { getConsultation } from "~/domain/consultations/consultations.server";

const t = useTestDatabase();

const SUMMARY = "Die Beteiligung hat viele gute Vorschläge für den Stadtteil ergeben.";

async function vote(proposal: string, user: CurrentUser, value: 1 | -1) {
  await t.db.insertInto("votes").values({ proposal_id: proposal, user_id: user.id, value }).execute();
}

async function comment(proposal: string, user: CurrentUser, parentId: string | null = null) {
  const row = await t.db
    .insertInto("comments")
    .values({ proposal_id: proposal, author_id: user.id, parent_id: parentId, body_md: "Ein Kommentar" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function staff() {
  return {
    admin: await createUser(t.db, { role: "admin" }),
    moderator: await createUser(t.db, { role: "moderator" }),
    council: await createUser(t.db, { role: "council" }),
    resident: await createUser(t.db),
  };
}

/**
 * A closed consultation with a small, known set of contributions, some of them hidden by moderation:
 *   P1 (Anna)  +3 −0 → net 3   comments: Karl, reply by Ben, and one by Hanna that is hidden
 *   P2 (Ben)   +1 −1 → net 0   comment: Anna
 *   P3 (Ben)   +0 −1 → net −1
 *   P4 (Anna)  +1 −0 → net 1
 *   PH (Cem)   hidden, +2 votes, a comment by Cem → counts for nothing
 * and in another consultation one proposal with a vote, which must not count either.
 * Visible: 4 proposals, 3 comments, 5 votes for, 2 against; participants Anna, Ben, Karl, V1, V2, V3 = 6.
 */
async function closedConsultationWithContributions() {
  const people = await staff();
  const [anna, ben, cem, karl, hanna, xaver, v1, v2, v3, other] = await Promise.all(
    ["Anna", "Ben", "Cem", "Karl", "Hanna", "Xaver", "V1", "V2", "V3", "Otto"].map((name) => createUser(t.db, { name })),
  );
  const consultation = await createConsultation(t.db, people.admin, "open");
  const p1 = await createProposal(t.db, consultation, anna, "Radweg an der Fulda");
  const p2 = await createProposal(t.db, consultation, ben, "Mehr Bänke am Markt");
  const p3 = await createProposal(t.db, consultation, ben, "Neues Parkhaus");
  const p4 = await createProposal(t.db, consultation, anna, "Spielplatz im Park");
  const hiddenProposal = await createProposal(t.db, consultation, cem, "Werbung für meinen Laden");
  for (const v of [v1, v2, v3]) await vote(p1, v, 1);
  await vote(p2, v1, 1);
  await vote(p2, v2, -1);
  await vote(p3, v3, -1);
  await vote(p4, v2, 1);
  await vote(hiddenProposal, xaver, 1);
  await vote(hiddenProposal, v1, 1);
  const karlsComment = await comment(p1, karl);
  await comment(p1, ben, karlsComment);
  const hiddenComment = await comment(p1, hanna);
  await comment(p2, anna);
  await comment(hiddenProposal, cem);
  await setVisibility(
    t.db,
    people.moderator,
    { type: "proposal", id: hiddenProposal },
    { hide: true, reason: "Werbung ist nicht erlaubt" },
  );
  await setVisibility(t.db, people.moderator, { type: "comment", id: hiddenComment }, { hide: true, reason: "Beleidigung einer Person" });

  const elsewhere = await createConsultation(t.db, people.admin, "closed");
  await vote(await createProposal(t.db, elsewhere, other), v1, 1);

  await setPhase(t.db, consultation, "closed");
  return { ...people, consultation, p1, p2, p3, p4, v1 };
}

const expectedFigures = (ids: { p1: string; p2: string; p3: string; p4: string }) => ({
  participants: 6,
  proposals: 4,
  comments: 3,
  votes: 7,
  votesFor: 5,
  votesAgainst: 2,
  topProposals: [
    { id: ids.p1, title: "Radweg an der Fulda", votesFor: 3, votesAgainst: 0, net: 3 },
    { id: ids.p4, title: "Spielplatz im Park", votesFor: 1, votesAgainst: 0, net: 1 },
    { id: ids.p2, title: "Mehr Bänke am Markt", votesFor: 1, votesAgainst: 1, net: 0 },
    { id: ids.p3, title: "Neues Parkhaus", votesFor: 0, votesAgainst: 1, net: -1 },
  ],
});

describe("writing result reports", () => {
  it("moderators and admins may save a report once the consultation is closed", async () => {
    const { admin, moderator } = await staff();
    const consultation = await createConsultation(t.db, admin, "closed");
    expect(await saveReport(t.db, moderator, consultation, { summary: SUMMARY, publish: false })).toEqual({ ok: true });
    expect(await saveReport(t.db, admin, consultation, { summary: `${SUMMARY} Ergänzt.`, publish: false })).toEqual({ ok: true });
    // One report per consultation; the last save wins.
    const rows = await t.db.selectFrom("result_reports").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ summary_md: `${SUMMARY} Ergänzt.`, author_id: admin.id, published_at: null, figures: null });
  });

  it("refuses residents, council members and guests, writing nothing", async () => {
    const { admin, council, resident } = await staff();
    const consultation = await createConsultation(t.db, admin, "closed");
    for (const user of [null, resident, council]) {
      expect(await saveReport(t.db, user, consultation, { summary: SUMMARY, publish: false })).toEqual({ ok: false, reason: "forbidden" });
      expect(await saveReport(t.db, user, consultation, { summary: SUMMARY, publish: true })).toEqual({ ok: false, reason: "forbidden" });
    }
    expect(await countRows(t.db, "result_reports")).toBe(0);
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("refuses while the consultation is still open or not yet open, writing nothing", async () => {
    const { admin, moderator } = await staff();
    for (const phase of ["open", "scheduled"] as const) {
      const consultation = await createConsultation(t.db, admin, phase);
      expect(await saveReport(t.db, moderator, consultation, { summary: SUMMARY, publish: false })).toEqual({
        ok: false,
        reason: "not_closed",
      });
      expect(await saveReport(t.db, moderator, consultation, { summary: SUMMARY, publish: true })).toEqual({
        ok: false,
        reason: "not_closed",
      });
    }
    expect(await countRows(t.db, "result_reports")).toBe(0);
  });

  it("answers not_found for an unknown consultation", async () => {
    const { moderator } = await staff();
    expect(await saveReport(t.db, moderator, "999999", { summary: SUMMARY, publish: false })).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("reading result reports", () => {
  it("a draft is readable by council and moderators, not by guests and residents", async () => {
    const { admin, moderator, council, resident } = await staff();
    const consultation = await createConsultation(t.db, admin, "closed");
    await saveReport(t.db, moderator, consultation, { summary: SUMMARY, publish: false });
    for (const reader of [council, moderator, admin]) {
      const result = await getReport(t.db, reader, consultation);
      expect(result.ok && result.report).toMatchObject({ summaryMd: SUMMARY, publishedAt: null });
    }
    for (const reader of [null, resident]) {
      expect(await getReport(t.db, reader, consultation)).toEqual({ ok: false, reason: "not_found" });
    }
  });

  it("before any report is written, only council and moderators see the (live) figures", async () => {
    const { admin, council, resident } = await staff();
    const consultation = await createConsultation(t.db, admin, "closed");
    const result = await getReport(t.db, council, consultation);
    expect(result.ok && result.report).toBeNull();
    expect(result.ok && result.figures).toMatchObject({ proposals: 0, votes: 0 });
    expect(await getReport(t.db, null, consultation)).toEqual({ ok: false, reason: "not_found" });
    expect(await getReport(t.db, resident, consultation)).toEqual({ ok: false, reason: "not_found" });
  });

  it("lists published reports for everyone and reports in preparation only for council and moderators", async () => {
    const { admin, moderator, council, resident } = await staff();
    const published = await createConsultation(t.db, admin, "closed");
    const draft = await createConsultation(t.db, admin, "closed");
    await saveReport(t.db, moderator, published, { summary: SUMMARY, publish: true });
    await saveReport(t.db, moderator, draft, { summary: SUMMARY, publish: false });

    for (const reader of [null, resident]) {
      const list = await listReports(t.db, reader, 1);
      expect(list.items.map((r) => r.consultationId)).toEqual([published]);
      expect(list.total).toBe(1);
    }
    for (const reader of [council, moderator, admin]) {
      const list = await listReports(t.db, reader, 1);
      expect(list.items.map((r) => r.consultationId).sort()).toEqual([published, draft].sort());
      expect(list.total).toBe(2);
    }
  });
});

describe("publishing result reports", () => {
  it("freezes the figures computed from visible contributions only", async () => {
    const ids = await closedConsultationWithContributions();
    const { moderator, consultation } = ids;
    expect(await saveReport(t.db, moderator, consultation, { summary: SUMMARY, publish: true })).toEqual({ ok: true });

    const result = await getReport(t.db, null, consultation);
    if (!result.ok) throw new Error(result.reason);
    expect(result.report?.publishedAt).not.toBeNull();
    expect(result.report?.figures).toEqual(expectedFigures(ids));
    expect(result.figures).toEqual(expectedFigures(ids));
    // The consultation has reached its last phase, and the publication is in the audit log.
    const c = await getConsultation(t.db, null, consultation);
    expect(c.ok && c.consultation.phase).toBe("published");
    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "publish").execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor_id: moderator.id, target_type: "result_report", target_id: result.report!.id }),
    ]);
  });

  it("figures stay live while the report is a draft, and stay fixed after publication", async () => {
    const ids = await closedConsultationWithContributions();
    const { moderator, council, consultation, p3, p4 } = ids;
    await saveReport(t.db, moderator, consultation, { summary: SUMMARY, publish: false });
    const before = await getReport(t.db, council, consultation);
    expect(before.ok && before.figures).toEqual(expectedFigures(ids));

    // A late vote arrives (e.g. corrected import) while the report is a draft: the draft's figures follow.
    const late = await createUser(t.db);
    await vote(p3, late, 1);
    const draft = await getReport(t.db, council, consultation);
    expect(draft.ok && draft.figures).toMatchObject({ participants: 7, votes: 8, votesFor: 6 });

    await saveReport(t.db, moderator, consultation, { summary: SUMMARY, publish: true });
    const frozen = await getReport(t.db, null, consultation);
    if (!frozen.ok) throw new Error(frozen.reason);
    const published = frozen.figures;
    expect(published).toMatchObject({ participants: 7, votes: 8, votesFor: 6 });

    // After publication, new rows in the database do not change what the council was given.
    await vote(p4, await createUser(t.db), -1);
    await vote(p3, await createUser(t.db), 1);
    await comment(p4, await createUser(t.db));
    for (const reader of [null, council]) {
      const again = await getReport(t.db, reader, consultation);
      expect(again.ok && again.figures).toEqual(published);
      expect(again.ok && again.report?.figures).toEqual(published);
    }
  });

  it("publishing twice, or editing after publication, is refused with already_published", async () => {
    const { admin, moderator } = await staff();
    const consultation = await createConsultation(t.db, admin, "closed");
    await saveReport(t.db, moderator, consultation, { summary: SUMMARY, publish: true });
    const first = await t.db.selectFrom("result_reports").selectAll().executeTakeFirstOrThrow();

    expect(await saveReport(t.db, moderator, consultation, { summary: "Ein ganz anderer Text für den Bericht.", publish: true })).toEqual({
      ok: false,
      reason: "already_published",
    });
    expect(await saveReport(t.db, admin, consultation, { summary: "Ein ganz anderer Text für den Bericht.", publish: false })).toEqual({
      ok: false,
      reason: "already_published",
    });
    const after = await t.db.selectFrom("result_reports").selectAll().executeTakeFirstOrThrow();
    expect(after.summary_md).toBe(SUMMARY);
    expect(after.published_at).toEqual(first.published_at);
    expect(await countRows(t.db, "audit_log")).toBe(1);
  });
});
