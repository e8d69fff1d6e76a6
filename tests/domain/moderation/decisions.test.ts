import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser } from "../../setup/fixtures";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment } from "~/domain/comments/comments.server";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { decide, decideMany, latestDecisionId, statementOfReasons } from "~/domain/moderation/decisions.server";
import { reportContribution } from "~/domain/moderation/flags.server";
import { recomputeTallies } from "~/domain/proposals/proposals.queries.server";

// Moderation decisions (issue 9, decision 0017): hide naming a house rule, dismiss, restore, approve; the version a
// moderator saw; the statement of reasons and the outcome mails; auto-hide after N reports; decisions under load.

const t = useTestDatabase();

async function setup(opts: { autoHide?: number } = {}) {
  const admin = await createUser(t.db, { role: "admin" });
  const moderator = await createUser(t.db, { role: "moderator", name: "Mona Moderatorin" });
  const author = await createUser(t.db, { name: "Anton Autor" });
  const consultation = await createConsultation(t.db, admin);
  if (opts.autoHide)
    await t.db.updateTable("consultations").set({ auto_hide_threshold: opts.autoHide }).where("id", "=", consultation).execute();
  const proposal = await createProposal(t.db, consultation, author, "Mehr Bänke im Stadtpark");
  return { admin, moderator, author, consultation, proposal };
}

/** Residents whose accounts are older than a day (they count for auto-hide). */
async function oldResidents(n: number) {
  const people: CurrentUser[] = [];
  for (let i = 0; i < n; i++) people.push(await createUser(t.db));
  await t.db
    .updateTable("users")
    .set({ created_at: sql`now() - interval '2 days'` })
    .where(
      "id",
      "in",
      people.map((p) => p.id),
    )
    .execute();
  return people;
}

const hide = (ref: ContributionRef, seen = "0", rule: string | null = "regel-2") => ({
  decision: "hide" as const,
  rule,
  reason: "Persönliche Beleidigung eines Nachbarn",
  seen,
});

const mailsTo = (address: string) => t.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", address).orderBy("id").execute();
const writes = async () => ({ audit: await countRows(t.db, "audit_log"), mails: await countRows(t.db, "mail_outbox") });

describe("hiding with a statement of reasons", () => {
  it("hides, names the rule, closes the reports, mails the author the statement and the reporters the outcome", async () => {
    const { moderator, author, consultation, proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    const [reporter] = await oldResidents(1);
    await reportContribution(t.db, reporter, ref, { reason: "insult", note: "" });

    const result = await decide(t.db, moderator, ref, hide(ref));
    expect(result).toEqual({ ok: true, decisionId: expect.any(String) });
    const row = await t.db.selectFrom("proposals").selectAll().where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ hidden_kind: "decision", hidden_rule: "regel-2", hidden_by: moderator.id });
    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "hide").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: moderator.id, consultation_id: consultation, subject_id: author.id, rule: "regel-2" });
    expect(audit.rule_text).toBeTruthy();
    const flag = await t.db.selectFrom("flags").selectAll().executeTakeFirstOrThrow();
    expect(flag).toMatchObject({ decision: "hidden", decision_id: audit.id });
    expect(flag.decided_at).not.toBeNull();

    const [statement] = await mailsTo(author.email);
    expect(statement.body_text).toContain("Mehr Bänke im Stadtpark");
    expect(statement.body_text).toContain("Regel 2");
    expect(statement.body_text).toContain(audit.rule_text!.slice(0, 20));
    expect(statement.body_text).toContain("Persönliche Beleidigung eines Nachbarn");
    expect(statement.body_text).toContain("Eine Person hat das entschieden");
    expect(statement.body_text).toContain(`/widerspruch/${audit.id}`);
    expect(statement.body_text).not.toContain("Mona Moderatorin");
    const outcome = (await mailsTo(reporter.email)).at(-1)!;
    expect(outcome.subject).toContain("Ergebnis Ihrer Meldung");
    expect(outcome.body_text).toContain("jetzt ausgeblendet");
    expect(outcome.body_text).not.toContain("Mona Moderatorin");

    const shown = await statementOfReasons(t.db, ref);
    expect(shown).toMatchObject({ decisionId: String(audit.id), automatic: false, reason: "Persönliche Beleidigung eines Nachbarn" });
    expect(shown?.rule).toMatchObject({ key: "regel-2", label: "2", url: "/netiquette#regel-2" });
  });

  it("refuses a hide without a rule, with a rule that does not exist, or without a reason, and writes nothing", async () => {
    const { moderator, proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    const before = await writes();
    expect(await decide(t.db, moderator, ref, hide(ref, "0", null))).toEqual({ ok: false, reason: "rule_missing" });
    expect(await decide(t.db, moderator, ref, hide(ref, "0", "regel-999"))).toEqual({ ok: false, reason: "rule_missing" });
    expect(await decide(t.db, moderator, ref, { ...hide(ref), reason: "  " })).toEqual({ ok: false, reason: "reason_missing" });
    expect(await writes()).toEqual(before);
    const row = await t.db.selectFrom("proposals").select("hidden_at").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(row.hidden_at).toBeNull();
  });

  it("refuses residents, council members and moderators deciding about their own content", async () => {
    const { moderator, author, proposal, consultation } = await setup();
    const council = await createUser(t.db, { role: "council" });
    const ref = { type: "proposal" as const, id: proposal };
    expect(await decide(t.db, author, ref, hide(ref))).toEqual({ ok: false, reason: "forbidden" });
    expect(await decide(t.db, council, ref, hide(ref))).toEqual({ ok: false, reason: "forbidden" });
    expect(await decide(t.db, null, ref, hide(ref))).toEqual({ ok: false, reason: "forbidden" });
    const own = await createProposal(t.db, consultation, moderator, "Vorschlag der Moderatorin");
    expect(await decide(t.db, moderator, { type: "proposal", id: own }, hide(ref))).toEqual({ ok: false, reason: "own_contribution" });
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("refuses a decision made on an older state (someone decided meanwhile): not applied twice", async () => {
    const { moderator, admin, proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    expect((await decide(t.db, moderator, ref, hide(ref))).ok).toBe(true);
    // The admin looked before the hide and now restores: refused, the item stays hidden.
    expect(await decide(t.db, admin, ref, { decision: "restore", reason: "Doch in Ordnung", seen: "0" })).toEqual({
      ok: false,
      reason: "already_decided",
    });
    // Hiding again what is hidden is refused too, whatever was seen.
    expect(await decide(t.db, admin, ref, hide(ref, await latestDecisionId(t.db, ref)))).toEqual({ ok: false, reason: "already_decided" });
    expect(await countRows(t.db, "audit_log")).toBe(1);
    // With the current version, restoring works and mails the author.
    expect(
      (await decide(t.db, admin, ref, { decision: "restore", reason: "Nach Prüfung zulässig", seen: await latestDecisionId(t.db, ref) }))
        .ok,
    ).toBe(true);
    const row = await t.db
      .selectFrom("proposals")
      .select(["hidden_at", "hidden_kind"])
      .where("id", "=", proposal)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ hidden_at: null, hidden_kind: null });
  });

  it("two moderators deciding the same item at once: one applies, the other is refused, one audit entry", async () => {
    const { moderator, admin, proposal, author } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    const results = await Promise.all([decide(t.db, moderator, ref, hide(ref)), decide(t.db, admin, ref, hide(ref, "0", "regel-3"))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "already_decided" }]);
    expect(await countRows(t.db, "audit_log")).toBe(1);
    expect(await mailsTo(author.email)).toHaveLength(1);
  });
});

describe("dismissing reports", () => {
  it("closes the open reports, keeps the item, and tells the reporters it stays", async () => {
    const { moderator, proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    const [a, b] = await oldResidents(2);
    await reportContribution(t.db, a, ref, { reason: "spam", note: "" });
    await reportContribution(t.db, b, ref, { reason: "off_topic", note: "" });
    expect((await decide(t.db, moderator, ref, { decision: "dismiss", seen: "0" })).ok).toBe(true);
    const flags = await t.db.selectFrom("flags").select(["decision", "decided_at"]).execute();
    expect(flags.map((f) => f.decision)).toEqual(["dismissed", "dismissed"]);
    const row = await t.db.selectFrom("proposals").select("hidden_at").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(row.hidden_at).toBeNull();
    expect((await mailsTo(a.email)).at(-1)!.body_text).toContain("bleibt sichtbar");
    // Nothing left to dismiss: refused.
    expect(await decide(t.db, moderator, ref, { decision: "dismiss", seen: await latestDecisionId(t.db, ref) })).toEqual({
      ok: false,
      reason: "already_decided",
    }); // Reported again after the decision: a new concern, back in the queue.
    await reportContribution(t.db, a, ref, { reason: "insult", note: "Jetzt auch beleidigend" });
    const reopened = await t.db.selectFrom("flags").selectAll().where("reporter_id", "=", a.id).executeTakeFirstOrThrow();
    expect(reopened).toMatchObject({ reason: "insult", decided_at: null, decision: null, decision_id: null });
  });
});

describe("a reported comment its author deleted", () => {
  it("can only have its reports closed; the reporters learn it was deleted", async () => {
    const { moderator, author, proposal } = await setup();
    const comment = await addComment(t.db, author, proposal, { body: "Das nehme ich zurück", parentId: null });
    if (!comment.ok) throw new Error(comment.reason);
    const ref = { type: "comment" as const, id: comment.id };
    const [reporter] = await oldResidents(1);
    await reportContribution(t.db, reporter, ref, { reason: "insult", note: "" });
    await t.db.updateTable("comments").set({ deleted_at: new Date(), body_md: "" }).where("id", "=", comment.id).execute();
    expect(await decide(t.db, moderator, ref, hide(ref))).toEqual({ ok: false, reason: "not_found" });
    expect((await decide(t.db, moderator, ref, { decision: "dismiss", seen: "0" })).ok).toBe(true);
    expect((await mailsTo(reporter.email)).at(-1)!.body_text).toContain("inzwischen gelöscht");
    expect(await t.db.selectFrom("flags").select("id").where("decided_at", "is", null).execute()).toEqual([]);
  });
});

describe("auto-hide", () => {
  it("hides an item at once when N distinct confirmed accounts older than a day reported it, pending review", async () => {
    const { author, proposal, moderator } = await setup({ autoHide: 3 });
    const comment = await addComment(t.db, author, proposal, { body: "Ein ziemlich böser Kommentar", parentId: null });
    if (!comment.ok) throw new Error(comment.reason);
    const ref = { type: "comment" as const, id: comment.id };
    const [a, b, c] = await oldResidents(3);
    const young = await createUser(t.db); // registered today: does not count (brigading)
    await reportContribution(t.db, a, ref, { reason: "insult", note: "" });
    await reportContribution(t.db, b, ref, { reason: "insult", note: "" });
    await reportContribution(t.db, young, ref, { reason: "insult", note: "" });
    let row = await t.db.selectFrom("comments").select(["hidden_at", "hidden_kind"]).where("id", "=", comment.id).executeTakeFirstOrThrow();
    expect(row.hidden_at).toBeNull();
    // Reporting again does not count twice.
    await reportContribution(t.db, a, ref, { reason: "spam", note: "" });
    row = await t.db.selectFrom("comments").select(["hidden_at", "hidden_kind"]).where("id", "=", comment.id).executeTakeFirstOrThrow();
    expect(row.hidden_at).toBeNull();

    await reportContribution(t.db, c, ref, { reason: "insult", note: "" });
    row = await t.db.selectFrom("comments").select(["hidden_at", "hidden_kind"]).where("id", "=", comment.id).executeTakeFirstOrThrow();
    expect(row.hidden_kind).toBe("automatic");
    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "auto_hide").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: null, subject_id: author.id, target_type: "comment", target_id: comment.id });
    const statement = (await mailsTo(author.email)).at(-1)!;
    expect(statement.subject).toContain("vorläufig ausgeblendet");
    expect(statement.body_text).toContain("automatisch");
    expect(statement.body_text).toContain(`/widerspruch/${audit.id}`);
    expect(await statementOfReasons(t.db, ref)).toMatchObject({ automatic: true, rule: null });
    // The comment no longer counts; the reports stay open for the moderators.
    const p = await t.db.selectFrom("proposals").select("comment_count").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(p.comment_count).toBe(0);
    expect(await recomputeTallies(t.db)).toBe(0);
    const open = await t.db.selectFrom("flags").select("id").where("decided_at", "is", null).execute();
    expect(open).toHaveLength(4);

    // A moderator dismisses the reports: the comment is visible again, and its author is told.
    expect((await decide(t.db, moderator, ref, { decision: "dismiss", seen: await latestDecisionId(t.db, ref) })).ok).toBe(true);
    row = await t.db.selectFrom("comments").select(["hidden_at", "hidden_kind"]).where("id", "=", comment.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ hidden_at: null, hidden_kind: null });
    expect((await mailsTo(author.email)).at(-1)!.subject).toContain("wieder sichtbar");
    expect(await recomputeTallies(t.db)).toBe(0);
  });

  it("is off by default", async () => {
    const { proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    for (const r of await oldResidents(5)) await reportContribution(t.db, r, ref, { reason: "spam", note: "" });
    const row = await t.db.selectFrom("proposals").select("hidden_at").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(row.hidden_at).toBeNull();
  });
});

describe("photos and approval", () => {
  it("hides a proposal's photo on its own; the proposal stays visible", async () => {
    const { moderator, author, proposal } = await setup();
    const file = await t.db
      .insertInto("stored_files")
      .values({ sha256: "b".repeat(64), media_type: "image/png", byte_size: 10, original_name: "x.png", uploaded_by: author.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.updateTable("proposals").set({ photo_file_id: file.id, photo_alt: "Ein Foto" }).where("id", "=", proposal).execute();
    const ref = { type: "photo" as const, id: proposal };
    expect((await decide(t.db, moderator, ref, hide(ref))).ok).toBe(true);
    const row = await t.db
      .selectFrom("proposals")
      .select(["hidden_at", "photo_hidden_kind", "photo_hidden_rule"])
      .where("id", "=", proposal)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ hidden_at: null, photo_hidden_kind: "decision", photo_hidden_rule: "regel-2" });
  });

  it("approves only what waits for approval", async () => {
    const { moderator, proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    expect(await decide(t.db, moderator, ref, { decision: "approve", seen: "0" })).toEqual({ ok: false, reason: "already_decided" });
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: sql`now()`, hidden_kind: "review" })
      .where("id", "=", proposal)
      .execute();
    expect(await decide(t.db, moderator, ref, { decision: "restore", reason: "Passt schon so", seen: "0" })).toEqual({
      ok: false,
      reason: "already_decided",
    });
    expect((await decide(t.db, moderator, ref, { decision: "approve", seen: "0" })).ok).toBe(true);
    const row = await t.db
      .selectFrom("proposals")
      .select(["hidden_at", "hidden_kind"])
      .where("id", "=", proposal)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ hidden_at: null, hidden_kind: null });
  });
});

describe("decisions in bulk and under load", () => {
  it("decides several items; one decided meanwhile is refused, the others apply", async () => {
    const { moderator, admin, consultation, author } = await setup();
    const ids = [
      await createProposal(t.db, consultation, author, "Eins"),
      await createProposal(t.db, consultation, author, "Zwei"),
      await createProposal(t.db, consultation, author, "Drei"),
    ];
    const refs = ids.map((id) => ({ type: "proposal" as const, id }));
    await decide(t.db, admin, refs[1], hide(refs[1]));
    const results = await decideMany(
      t.db,
      moderator,
      refs.map((ref) => ({ ref, seen: "0" })),
      { decision: "hide", rule: "regel-1", reason: "Werbung für ein Geschäft" },
    );
    expect(results.map((r) => r.result.ok)).toEqual([true, false, true]);
    expect(results[1].result).toEqual({ ok: false, reason: "already_decided" });
  });

  it("50 concurrent reports and 50 concurrent decisions on 50 items lose nothing and apply nothing twice", async () => {
    const { moderator, admin, consultation, author } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await createProposal(t.db, consultation, author, `Vorschlag ${i}`));
    const reporters = await oldResidents(50);
    const reports = await Promise.all(
      ids.map((id, i) => reportContribution(t.db, reporters[i], { type: "proposal", id }, { reason: "spam", note: "" })),
    );
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(
      await t.db
        .selectFrom("flags")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 50 });
    // Two moderators decide every item at once, each with the version they saw.
    const decisions = await Promise.all(
      ids.flatMap((id) => {
        const ref = { type: "proposal" as const, id };
        return [decide(t.db, moderator, ref, hide(ref)), decide(t.db, admin, ref, { decision: "dismiss", seen: "0" })];
      }),
    );
    expect(decisions.filter((d) => d.ok)).toHaveLength(50);
    expect(decisions.filter((d) => !d.ok).every((d) => !d.ok && d.reason === "already_decided")).toBe(true);
    const entries = await t.db
      .selectFrom("audit_log")
      .select(["target_id", sql<number>`count(*)::int`.as("n")])
      .where("action", "in", ["hide", "dismiss"])
      .groupBy("target_id")
      .execute();
    expect(entries).toHaveLength(50);
    expect(entries.every((e) => e.n === 1)).toBe(true);
    const open = await t.db.selectFrom("flags").select("id").where("decided_at", "is", null).execute();
    expect(open).toHaveLength(0);
  });
});
