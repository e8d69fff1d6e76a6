import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createProposal, createUser } from "../../setup/fixtures";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment, addSectionComment, deleteComment } from "~/domain/comments/comments.server";
import { addTextDocument } from "~/domain/documents/documents.server";
import { giveAnswer } from "~/domain/answers/answers.server";
import { rulesForDecision, saveConsultationRules, savePlatformRules } from "~/domain/houserules/houserules.server";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { decide, latestDecisionId } from "~/domain/moderation/decisions.server";
import { reportContribution } from "~/domain/moderation/flags.server";
import { consultationTransparency, platformTransparency, type TransparencyFigures } from "~/domain/moderation/transparency.server";

// The transparency figures (issue 9): every figure of a seeded scenario — contributions, reports by reason, decisions
// by kind and by house rule, objections, and the medians with controlled timestamps — for one consultation (counting
// only its own) and for the platform (published consultations only); zeros and no medians when nothing happened.
// The scenario goes through the real intents (reports, auto-hide, decisions, answers, comments). Two things have no
// intent here: items waiting for approval are inserted as such, and objections are inserted as rows.

const t = useTestDatabase();

const HOUR = 3600;
const DAY = 24 * HOUR;
const NOW = new Date("2026-12-01T10:00:00Z");
const before = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

const EMPTY: TransparencyFigures = {
  contributions: { proposals: 0, proposalComments: 0, sectionComments: 0, total: 0 },
  flags: {
    byReason: ["insult", "spam", "personal_data", "illegal", "off_topic", "other"].map((reason) => ({
      reason: reason as never,
      received: 0,
      open: 0,
      hidden: 0,
      kept: 0,
    })),
    total: { received: 0, open: 0, hidden: 0, kept: 0 },
  },
  decisions: { hidden: 0, autoHidden: 0, dismissed: 0, restored: 0, approved: 0 },
  hiddenByRule: [],
  objections: { received: 0, upheld: 0, restored: 0, open: 0 },
  times: {
    flagDecision: { count: 0, medianSeconds: null },
    answer: { count: 0, medianSeconds: null },
    waiting: { count: 0, medianSeconds: null },
  },
};

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

/** A moderator's decision about an item as they see it now. */
async function decideNow(actor: CurrentUser, ref: ContributionRef, decision: "hide" | "dismiss" | "restore" | "approve", rule?: string) {
  const reason = decision === "hide" || decision === "restore" ? "Begründung der Moderation" : null;
  return ok(await decide(t.db, actor, ref, { decision, rule, reason, seen: await latestDecisionId(t.db, ref) })).decisionId;
}

async function report(
  user: CurrentUser,
  ref: ContributionRef,
  reason: "insult" | "spam" | "personal_data" | "illegal" | "off_topic" | "other",
) {
  ok(await reportContribution(t.db, user, ref, { reason, note: "" }));
}

/** Sets a report's times: made `age` seconds before NOW, decided `took` seconds later (if decided). */
async function flagTimes(ref: ContributionRef, reporter: CurrentUser, age: number, took: number | null) {
  await t.db
    .updateTable("flags")
    .set({ created_at: before(age), decided_at: took === null ? null : before(age - took) } as never)
    .where("contribution_type", "=", ref.type)
    .where("contribution_id", "=", ref.id)
    .where("reporter_id", "=", reporter.id)
    .execute();
}

async function objection(decisionId: string, ref: ContributionRef, consultationId: string, author: CurrentUser) {
  const d = await t.db.selectFrom("audit_log").select("actor_id").where("id", "=", decisionId).executeTakeFirstOrThrow();
  return {
    decision_id: decisionId,
    contribution_type: ref.type,
    contribution_id: ref.id,
    consultation_id: consultationId,
    author_id: author.id,
    body: "Ich halte die Entscheidung für falsch.",
    decided_against_by: d.actor_id,
  };
}

/**
 * Consultation A (auto-hide after 2 reports), consultation B (with an additional house rule), and a draft D whose
 * content never counts. Returns what the assertions need.
 */
async function scenario() {
  const admin = await createUser(t.db, { role: "admin", name: "Ada Verwaltung" });
  const m1 = await createUser(t.db, { role: "moderator", name: "Mia Moderation" });
  const m2 = await createUser(t.db, { role: "moderator", name: "Max Moderation" });
  const author = await createUser(t.db, { name: "Anna Autorin" });
  const [r1, r2, r3] = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
  // Only accounts older than a day count for auto-hide.
  await t.db
    .updateTable("users")
    .set({ created_at: sql`now() - interval '2 days'` } as never)
    .where("id", "in", [r1.id, r2.id, r3.id])
    .execute();

  const a = await createConsultation(t.db, admin, "open");
  const b = await createConsultation(t.db, admin, "open");
  const d = await createConsultation(t.db, admin, "draft");
  await t.db.updateTable("consultations").set({ auto_hide_threshold: 2 }).where("id", "=", a).execute();

  // ── A: six proposals (one approved after pre-moderation), two comments (one deleted later), a section comment, and
  // a comment still waiting for approval.
  const [p1, p2, p3, p4, p5] = [
    await createProposal(t.db, a, author, "Vorschlag eins"),
    await createProposal(t.db, a, author, "Vorschlag zwei"),
    await createProposal(t.db, a, author, "Vorschlag drei"),
    await createProposal(t.db, a, author, "Vorschlag vier"),
    await createProposal(t.db, a, author, "Vorschlag fünf"),
  ];
  const waitingForApproval = { hidden_at: new Date(), hidden_kind: "review" as const };
  const { id: approvedLater } = await t.db
    .insertInto("proposals")
    .values({
      consultation_id: a,
      author_id: author.id,
      title: "Erst geprüft",
      body_md: "Wartet auf Freigabe",
      lat: 50.55,
      lng: 9.67,
      ...waitingForApproval,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("comments")
    .values({ proposal_id: p1, author_id: author.id, body_md: "Wartet noch auf Freigabe", ...waitingForApproval })
    .execute();
  const c1 = ok(await addComment(t.db, author, p3, { body: "Ein Kommentar zum Vorschlag", parentId: null })).id;
  const c2 = ok(await addComment(t.db, author, p3, { body: "Den lösche ich wieder", parentId: null })).id;
  ok(await deleteComment(t.db, author, p3, c2));
  const doc = ok(await addTextDocument(t.db, admin, a, { title: "Rahmenplan", description: "", body: "# Ziele\nMehr Grün." }));
  const section = await t.db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
  const s1 = ok(await addSectionComment(t.db, author, section.id, { body: "Zum Abschnitt", parentId: null })).id;

  const P1 = { type: "proposal", id: p1 } as const;
  const P2 = { type: "proposal", id: p2 } as const;
  const P3 = { type: "proposal", id: p3 } as const;
  const C1 = { type: "comment", id: c1 } as const;
  const S1 = { type: "comment", id: s1 } as const;

  // Reports and decisions in A.
  await report(r1, P1, "insult");
  await report(r2, P1, "insult"); // the second report hides P1 automatically
  const hideP1 = await decideNow(m1, P1, "hide", "regel-2"); // a person confirms: closes both reports as hidden
  await report(r1, C1, "spam");
  await decideNow(m1, C1, "dismiss");
  await report(r1, P2, "personal_data");
  const hideP2 = await decideNow(m2, P2, "hide", "regel-1");
  await report(r2, S1, "illegal");
  const hideS1 = await decideNow(m1, S1, "hide", "regel-1");
  await decideNow(m2, S1, "restore");
  await report(r3, P3, "off_topic"); // stays open
  await decideNow(m1, { type: "proposal", id: approvedLater }, "approve");

  // How long the reports took: 1, 3, 5, 7 and 9 hours; the open one is 20 hours old.
  await flagTimes(P1, r1, 3 * DAY, 1 * HOUR);
  await flagTimes(P1, r2, 3 * DAY, 3 * HOUR);
  await flagTimes(C1, r1, 2 * DAY, 5 * HOUR);
  await flagTimes(P2, r1, 2 * DAY, 7 * HOUR);
  await flagTimes(S1, r2, 2 * DAY, 9 * HOUR);
  await flagTimes(P3, r3, 20 * HOUR, null);

  // Objections (no intent yet: rows): one upheld, one restored, one open.
  await t.db
    .insertInto("objections")
    .values([
      {
        ...(await objection(hideP1, P1, a, author)),
        decided_at: new Date(),
        decided_by: m2.id,
        outcome: "upheld",
        outcome_reason: "Bleibt so.",
      },
      {
        ...(await objection(hideS1, S1, a, author)),
        decided_at: new Date(),
        decided_by: m2.id,
        outcome: "restored",
        outcome_reason: "Passt.",
      },
      await objection(hideP2, P2, a, author),
    ])
    .execute();

  // Official answers to P3 after 2 days and to P4 after 4 days; P5 (3 days old) and the approved one (1 day old) wait.
  for (const [proposal, age, took] of [
    [p3, 10 * DAY, 2 * DAY],
    [p4, 10 * DAY, 4 * DAY],
  ] as const) {
    ok(await giveAnswer(t.db, m1, proposal, { status: "under_review", body: "Wir prüfen den Vorschlag genau." }));
    await t.db
      .updateTable("proposals")
      .set({ created_at: before(age) } as never)
      .where("id", "=", proposal)
      .execute();
    await t.db
      .updateTable("proposal_answers")
      .set({ created_at: before(age - took) } as never)
      .where("proposal_id", "=", proposal)
      .execute();
  }
  await t.db
    .updateTable("proposals")
    .set({ created_at: before(3 * DAY) } as never)
    .where("id", "=", p5)
    .execute();
  await t.db
    .updateTable("proposals")
    .set({ created_at: before(1 * DAY) } as never)
    .where("id", "=", approvedLater)
    .execute();

  // ── B: one proposal, reported and hidden under the consultation's own additional rule (11 hours to decide).
  ok(await saveConsultationRules(t.db, admin, b, "1. Nur Themen des Radverkehrs."));
  const q1 = await createProposal(t.db, b, author, "Vorschlag in B");
  const Q1 = { type: "proposal", id: q1 } as const;
  await report(r1, Q1, "other");
  await decideNow(m1, Q1, "hide", "zusatz-1");
  await flagTimes(Q1, r1, 2 * DAY, 11 * HOUR);

  // ── D (draft): content that never counts on the platform.
  const hidden = await createProposal(t.db, d, author, "Entwurfsvorschlag");
  await t.db.insertInto("comments").values({ proposal_id: hidden, author_id: author.id, body_md: "Im Entwurf" }).execute();

  const rulesA = await rulesForDecision(t.db, a);
  const rulesB = await rulesForDecision(t.db, b);
  const text = (rules: typeof rulesA, key: string) => rules.find((r) => r.key === key)!.text;
  return { admin, m1, m2, author, reporters: [r1, r2, r3], a, b, d, P1, rulesA, rulesB, text };
}

const reasons = (f: TransparencyFigures) => Object.fromEntries(f.flags.byReason.map(({ reason, ...rest }) => [reason, rest]));

describe("transparency figures", () => {
  it("are zeros and no medians when nothing happened yet", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const platform = await platformTransparency(t.db, 1, NOW);
    expect(platform.figures).toEqual(EMPTY);
    expect(platform.consultations).toEqual([]);
    const c = await createConsultation(t.db, admin, "open");
    const one = ok(await consultationTransparency(t.db, null, c, NOW));
    expect(one.figures).toEqual(EMPTY);
    expect((await platformTransparency(t.db, 1, NOW)).consultations).toEqual([
      {
        id: c,
        title: expect.any(String),
        phase: "open",
        figures: { contributions: 0, flags: 0, openFlags: 0, hidden: 0, objections: 0, answerMedianSeconds: null },
      },
    ]);
  });

  it("one consultation's page counts every figure of that consultation and nothing of the others", async () => {
    const s = await scenario();
    const { figures: f } = ok(await consultationTransparency(t.db, null, s.a, NOW));
    // Six proposals (the approved one included), two comments (the deleted one included), one section comment; the
    // comment waiting for approval does not count, nor anything of B or D.
    expect(f.contributions).toEqual({ proposals: 6, proposalComments: 2, sectionComments: 1, total: 9 });
    expect(reasons(f)).toEqual({
      insult: { received: 2, open: 0, hidden: 2, kept: 0 },
      spam: { received: 1, open: 0, hidden: 0, kept: 1 },
      personal_data: { received: 1, open: 0, hidden: 1, kept: 0 },
      illegal: { received: 1, open: 0, hidden: 1, kept: 0 },
      off_topic: { received: 1, open: 1, hidden: 0, kept: 0 },
      other: { received: 0, open: 0, hidden: 0, kept: 0 },
    });
    expect(f.flags.total).toEqual({ received: 6, open: 1, hidden: 4, kept: 1 });
    expect(f.decisions).toEqual({ hidden: 3, autoHidden: 1, dismissed: 1, restored: 1, approved: 1 });
    // By house rule, with the rule's words at the time of the decision.
    expect(f.hiddenByRule).toEqual([
      { key: "regel-1", kind: "platform", number: 1, text: s.text(s.rulesA, "regel-1"), count: 2 },
      { key: "regel-2", kind: "platform", number: 2, text: s.text(s.rulesA, "regel-2"), count: 1 },
    ]);
    expect(f.hiddenByRule[0].text).toMatch(/Respektvoll bleiben/);
    expect(f.objections).toEqual({ received: 3, upheld: 1, restored: 1, open: 1 });
    // Medians: reports decided after 1, 3, 5, 7, 9 hours → 5 hours; answers after 2 and 4 days → 3 days (interpolated);
    // proposals waiting 1 and 3 days → 2 days.
    expect(f.times).toEqual({
      flagDecision: { count: 5, medianSeconds: 5 * HOUR },
      answer: { count: 2, medianSeconds: 3 * DAY },
      waiting: { count: 2, medianSeconds: 2 * DAY },
    });

    const { figures: fb } = ok(await consultationTransparency(t.db, null, s.b, NOW));
    expect(fb.contributions).toEqual({ proposals: 1, proposalComments: 0, sectionComments: 0, total: 1 });
    expect(fb.flags.total).toEqual({ received: 1, open: 0, hidden: 1, kept: 0 });
    expect(reasons(fb).other).toEqual({ received: 1, open: 0, hidden: 1, kept: 0 });
    expect(fb.decisions).toEqual({ hidden: 1, autoHidden: 0, dismissed: 0, restored: 0, approved: 0 });
    expect(fb.hiddenByRule).toEqual([{ key: "zusatz-1", kind: "addition", number: 1, text: "Nur Themen des Radverkehrs.", count: 1 }]);
    expect(fb.objections).toEqual({ received: 0, upheld: 0, restored: 0, open: 0 });
    expect(fb.times).toEqual({
      flagDecision: { count: 1, medianSeconds: 11 * HOUR },
      answer: { count: 0, medianSeconds: null },
      waiting: { count: 0, medianSeconds: null },
    });
  });

  it("the platform counts every published consultation together (medians over all cases) and lists them", async () => {
    const s = await scenario();
    const platform = await platformTransparency(t.db, 1, NOW);
    const f = platform.figures;
    expect(f.contributions).toEqual({ proposals: 7, proposalComments: 2, sectionComments: 1, total: 10 });
    expect(f.flags.total).toEqual({ received: 7, open: 1, hidden: 5, kept: 1 });
    expect(reasons(f).other).toEqual({ received: 1, open: 0, hidden: 1, kept: 0 });
    expect(f.decisions).toEqual({ hidden: 4, autoHidden: 1, dismissed: 1, restored: 1, approved: 1 });
    expect(f.hiddenByRule.map((r) => [r.key, r.count])).toEqual([
      ["regel-1", 2],
      ["regel-2", 1],
      ["zusatz-1", 1],
    ]);
    expect(f.objections).toEqual({ received: 3, upheld: 1, restored: 1, open: 1 });
    // 1, 3, 5, 7, 9 and 11 hours: the median of all six is 6 hours (not a mean of the consultations' medians).
    expect(f.times).toEqual({
      flagDecision: { count: 6, medianSeconds: 6 * HOUR },
      answer: { count: 2, medianSeconds: 3 * DAY },
      waiting: { count: 2, medianSeconds: 2 * DAY },
    });
    // The list: published consultations only, each with its key figures.
    expect(platform.total).toBe(2);
    expect(Object.fromEntries(platform.consultations.map((c) => [c.id, c.figures]))).toEqual({
      [s.a]: { contributions: 9, flags: 6, openFlags: 1, hidden: 4, objections: 3, answerMedianSeconds: 3 * DAY },
      [s.b]: { contributions: 1, flags: 1, openFlags: 0, hidden: 1, objections: 0, answerMedianSeconds: null },
    });
  });

  it("a rule whose words changed is listed once per wording: the text is the one the decision named", async () => {
    const s = await scenario();
    const before = s.text(s.rulesA, "regel-1");
    ok(await savePlatformRules(t.db, s.admin, "1. Freundlich bleiben, immer.\n2. Nichts Verbotenes."));
    const proposal = await createProposal(t.db, s.a, s.author, "Noch ein Vorschlag");
    await decideNow(s.m1, { type: "proposal", id: proposal }, "hide", "regel-1");
    const { figures } = ok(await consultationTransparency(t.db, null, s.a, NOW));
    expect(figures.hiddenByRule.filter((r) => r.key === "regel-1").map((r) => [r.text, r.count])).toEqual(
      expect.arrayContaining([
        [before, 2],
        ["Freundlich bleiben, immer.", 1],
      ]),
    );
  });

  it("a draft's figures are for admins only; the platform never counts a draft", async () => {
    const s = await scenario();
    expect(await consultationTransparency(t.db, null, s.d, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(await consultationTransparency(t.db, s.m1, s.d, NOW)).toEqual({ ok: false, reason: "not_found" });
    const forAdmin = ok(await consultationTransparency(t.db, s.admin, s.d, NOW));
    expect(forAdmin.figures.contributions).toEqual({ proposals: 1, proposalComments: 1, sectionComments: 0, total: 2 });
    expect((await platformTransparency(t.db, 1, NOW)).consultations.map((c) => c.id)).not.toContain(s.d);
  });

  it("names no one: no names, addresses or free-text reasons of people", async () => {
    const s = await scenario();
    const shown = JSON.stringify([await platformTransparency(t.db, 1, NOW), await consultationTransparency(t.db, null, s.a, NOW)]);
    for (const person of [s.admin, s.m1, s.m2, s.author, ...s.reporters]) {
      expect(shown).not.toContain(person.displayName);
      expect(shown).not.toContain(person.email);
    }
    expect(shown).not.toContain("Begründung der Moderation");
    expect(shown).not.toContain("Ich halte die Entscheidung");
  });
});
