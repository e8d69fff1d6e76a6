import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser } from "../../setup/fixtures";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { addComment } from "~/domain/comments/comments.server";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { decide, latestDecisionId } from "~/domain/moderation/decisions.server";
import { reportContribution } from "~/domain/moderation/flags.server";
import { decideObjection, objectionPage, objectionQueue, objectToDecision } from "~/domain/moderation/objections.server";
import { type ObjectionFacts, objectionDecisionRefusal, objectionRefusal } from "~/domain/moderation/objections.policy";
import { recomputeTallies } from "~/domain/proposals/proposals.queries.server";

// Objections (Widerspruch, issue 9): the author contests a decision once, within 14 days, while it hides the item;
// a moderator other than the one who decided (and not the author) upholds it or restores the item. Every refusal
// writes nothing; two moderators at once decide it once; many at once lose nothing.

const t = useTestDatabase();
const DAY = 24 * 3600 * 1000;
const TEXT = "Mein Beitrag war sachlich und hat niemanden beleidigt.";

async function setup(opts: { autoHide?: number } = {}) {
  const admin = await createUser(t.db, { role: "admin", name: "Ada Admin" });
  const hider = await createUser(t.db, { role: "moderator", name: "Hanna Hider" });
  const other = await createUser(t.db, { role: "moderator", name: "Otto Other" });
  const author = await createUser(t.db, { name: "Anton Autor" });
  const consultation = await createConsultation(t.db, admin);
  if (opts.autoHide)
    await t.db.updateTable("consultations").set({ auto_hide_threshold: opts.autoHide }).where("id", "=", consultation).execute();
  const proposal = await createProposal(t.db, consultation, author, "Mehr Bänke im Stadtpark");
  return { admin, hider, other, author, consultation, proposal };
}

/** Hides the item as `actor`, who has just looked at it; returns the decision's id. */
async function hideAs(actor: CurrentUser, ref: ContributionRef) {
  const result = await decide(t.db, actor, ref, {
    decision: "hide",
    rule: "regel-2",
    reason: "Persönliche Beleidigung eines Nachbarn",
    seen: await latestDecisionId(t.db, ref),
  });
  if (!result.ok) throw new Error(result.reason);
  return result.decisionId;
}

async function restoreAs(actor: CurrentUser, ref: ContributionRef) {
  const result = await decide(t.db, actor, ref, {
    decision: "restore",
    reason: "Doch in Ordnung",
    seen: await latestDecisionId(t.db, ref),
  });
  if (!result.ok) throw new Error(result.reason);
}

async function commentBy(author: CurrentUser, proposal: string, body = "Ein ziemlich deutlicher Kommentar") {
  const c = await addComment(t.db, author, proposal, { body, parentId: null });
  if (!c.ok) throw new Error(c.reason);
  return c.id;
}

/** Many comments at once, written straight to the table (the comment limit is not the subject here). */
async function manyComments(author: CurrentUser, proposal: string, n: number) {
  const rows = await t.db
    .insertInto("comments")
    .values(Array.from({ length: n }, (_, i) => ({ proposal_id: proposal, author_id: author.id, body_md: `Kommentar ${i} zum Vorschlag` })))
    .returning("id")
    .execute();
  return rows.map((r) => String(r.id));
}

const mailsTo = (address: string) => t.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", address).orderBy("id").execute();
const objections = () => t.db.selectFrom("objections").selectAll().orderBy("id").execute();
const auditOf = (action: string) => t.db.selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id").execute();
const written = async () => ({
  objections: (await objections()).length,
  audit: await countRows(t.db, "audit_log"),
  mails: await countRows(t.db, "mail_outbox"),
});
const hiddenKind = async (ref: ContributionRef) => {
  const table = ref.type === "comment" ? "comments" : "proposals";
  const column = ref.type === "photo" ? "photo_hidden_kind" : "hidden_kind";
  const row = await t.db
    .selectFrom(table)
    .select(sql<string | null>`${sql.ref(column)}`.as("kind"))
    .where("id", "=", ref.id)
    .executeTakeFirstOrThrow();
  return row.kind;
};

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

describe("objecting", () => {
  it("the author objects within the period: stored against the hider, logged, and a receipt mailed", async () => {
    const { hider, author, consultation, proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    const decisionId = await hideAs(hider, ref);
    const before = (await mailsTo(author.email)).length;

    const result = await objectToDecision(t.db, author, decisionId, { body: TEXT });
    expect(result).toEqual({ ok: true, objectionId: expect.any(String) });
    const [row] = await objections();
    expect(row).toMatchObject({
      decision_id: decisionId,
      contribution_type: "proposal",
      contribution_id: proposal,
      consultation_id: consultation,
      author_id: author.id,
      body: TEXT,
      decided_against_by: hider.id,
      decided_at: null,
      outcome: null,
    });
    const [entry] = await auditOf("object");
    expect(entry).toMatchObject({
      actor_id: author.id,
      consultation_id: consultation,
      subject_id: author.id,
      target_type: "proposal",
      target_id: proposal,
    });
    const mails = await mailsTo(author.email);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.subject).toContain("Ihr Widerspruch ist eingegangen");
    expect(mails.at(-1)!.body_text).toContain("Mehr Bänke im Stadtpark");
    expect(mails.at(-1)!.body_text).toContain(`/widerspruch/${decisionId}`);
    expect(mails.at(-1)!.body_text).not.toContain("Hanna Hider");

    // The author's page now shows the objection, waiting.
    const page = await objectionPage(t.db, author, decisionId);
    expect(page).toMatchObject({ ok: true, refusal: "already_objected", objection: { body: TEXT, outcome: null } });
  });

  it("on the last day it is possible; after 14 days it is refused and writes nothing", async () => {
    const { hider, author, proposal } = await setup();
    const decisionId = await hideAs(hider, { type: "proposal", id: proposal });
    const before = await written();
    const late = new Date(Date.now() + 14 * DAY + 60_000);
    expect(await objectToDecision(t.db, author, decisionId, { body: TEXT }, late)).toEqual({ ok: false, reason: "objection_period_over" });
    expect(await written()).toEqual(before);
    const page = await objectionPage(t.db, author, decisionId, late);
    expect(page).toMatchObject({ ok: true, refusal: "objection_period_over", objection: null });
    const lastDay = new Date(Date.now() + 13 * DAY);
    expect((await objectToDecision(t.db, author, decisionId, { body: TEXT }, lastDay)).ok).toBe(true);
  });

  it("once per decision: a second attempt is refused, also when two arrive at the same moment", async () => {
    const { hider, author, proposal, consultation } = await setup();
    const decisionId = await hideAs(hider, { type: "proposal", id: proposal });
    expect((await objectToDecision(t.db, author, decisionId, { body: TEXT })).ok).toBe(true);
    const before = await written();
    expect(await objectToDecision(t.db, author, decisionId, { body: `${TEXT} Noch einmal.` })).toEqual({
      ok: false,
      reason: "already_objected",
    });
    expect(await written()).toEqual(before);

    const second = await createProposal(t.db, consultation, author, "Ein zweiter Vorschlag");
    const otherDecision = await hideAs(hider, { type: "proposal", id: second });
    const results = await Promise.all([
      objectToDecision(t.db, author, otherDecision, { body: TEXT }),
      objectToDecision(t.db, author, otherDecision, { body: TEXT }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "already_objected" }]);
    expect(await auditOf("object")).toHaveLength(2);
  });

  it("nobody but the author: others do not find the decision, guests must sign in; nothing written", async () => {
    const { hider, other, admin, proposal } = await setup();
    const decisionId = await hideAs(hider, { type: "proposal", id: proposal });
    const stranger = await createUser(t.db);
    const before = await written();
    for (const person of [stranger, other, admin, hider]) {
      expect(await objectToDecision(t.db, person, decisionId, { body: TEXT })).toEqual({ ok: false, reason: "not_found" });
      expect(await objectionPage(t.db, person, decisionId)).toEqual({ ok: false, reason: "not_found" });
    }
    expect(await objectToDecision(t.db, null, decisionId, { body: TEXT })).toEqual({ ok: false, reason: "login_required" });
    expect(await written()).toEqual(before);
  });

  it("only hide decisions can be contested: a restore or an unknown id is not found", async () => {
    const { hider, other, author, proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    await hideAs(hider, ref);
    await restoreAs(other, ref);
    const restoreId = await latestDecisionId(t.db, ref);
    expect(await objectToDecision(t.db, author, restoreId, { body: TEXT })).toEqual({ ok: false, reason: "not_found" });
    expect(await objectToDecision(t.db, author, "999999", { body: TEXT })).toEqual({ ok: false, reason: "not_found" });
  });

  it("an automatically hidden item can be contested; nobody decided against the author", async () => {
    const { author, proposal, admin } = await setup({ autoHide: 2 });
    const ref = { type: "proposal" as const, id: proposal };
    for (const r of await oldResidents(2)) await reportContribution(t.db, r, ref, { reason: "spam", note: "" });
    expect(await hiddenKind(ref)).toBe("automatic");
    const [auto] = await auditOf("auto_hide");
    const result = await objectToDecision(t.db, author, String(auto.id), { body: TEXT });
    expect(result.ok).toBe(true);
    const [row] = await objections();
    expect(row.decided_against_by).toBeNull();
    // Every moderator may decide it (admins too).
    const queue = await objectionQueue(t.db, admin, { state: "open", page: 1, pageSize: 20 });
    expect(queue).toMatchObject({ ok: true, total: 1, rows: [{ refusal: null, decision: { automatic: true, rule: null } }] });
  });

  it("a suspended account may still object", async () => {
    const { hider, author, proposal } = await setup();
    const decisionId = await hideAs(hider, { type: "proposal", id: proposal });
    const until = new Date(Date.now() + 7 * DAY);
    await t.db
      .updateTable("users")
      .set({ suspended_until: until, suspension_reason: "Wiederholte Beleidigungen" })
      .where("id", "=", author.id)
      .execute();
    const suspended = { ...author, suspendedUntil: until.toISOString(), suspensionReason: "Wiederholte Beleidigungen" };
    expect((await objectToDecision(t.db, suspended, decisionId, { body: TEXT })).ok).toBe(true);
  });

  it("not when the item is visible again, nor against a decision a newer one replaced (that one can be contested)", async () => {
    const { hider, other, author, proposal } = await setup();
    const ref = { type: "proposal" as const, id: proposal };
    const first = await hideAs(hider, ref);
    await restoreAs(other, ref);
    const before = await written();
    expect(await objectToDecision(t.db, author, first, { body: TEXT })).toEqual({ ok: false, reason: "no_longer_hidden" });
    expect(await written()).toEqual(before);
    const second = await hideAs(other, ref);
    expect(await objectToDecision(t.db, author, first, { body: TEXT })).toEqual({ ok: false, reason: "decision_superseded" });
    expect(await objectionPage(t.db, author, first)).toMatchObject({
      ok: true,
      refusal: "decision_superseded",
      newerDecisionPath: `/widerspruch/${second}`,
    });
    const result = await objectToDecision(t.db, author, second, { body: TEXT });
    expect(result.ok).toBe(true);
    expect((await objections())[0].decided_against_by).toBe(other.id);
  });
});

describe("deciding an objection", () => {
  async function contested(kind: "proposal" | "comment" = "comment") {
    const s = await setup();
    const ref: ContributionRef =
      kind === "comment" ? { type: "comment", id: await commentBy(s.author, s.proposal) } : { type: "proposal", id: s.proposal };
    const decisionId = await hideAs(s.hider, ref);
    const objected = await objectToDecision(t.db, s.author, decisionId, { body: TEXT });
    if (!objected.ok) throw new Error(objected.reason);
    return { ...s, ref, decisionId, objectionId: objected.objectionId };
  }

  it("the moderator who hid it may not decide (nor see a form); nothing is written", async () => {
    const { hider, ref, objectionId } = await contested();
    const before = await written();
    expect(await decideObjection(t.db, hider, objectionId, { outcome: "restored", reason: "Ich habe mich geirrt" })).toEqual({
      ok: false,
      reason: "own_decision",
    });
    expect(await written()).toEqual(before);
    expect((await objections())[0].decided_at).toBeNull();
    expect(await hiddenKind(ref)).toBe("decision");
    const queue = await objectionQueue(t.db, hider, { state: "open", page: 1, pageSize: 20 });
    expect(queue).toMatchObject({ ok: true, rows: [{ id: objectionId, refusal: "own_decision" }] });
  });

  it("residents and council members may not decide, nor a moderator about their own content", async () => {
    const { author, objectionId } = await contested();
    const council = await createUser(t.db, { role: "council" });
    const before = await written();
    for (const person of [author, council, null]) {
      expect(await decideObjection(t.db, person, objectionId, { outcome: "restored", reason: "Passt schon" })).toEqual({
        ok: false,
        reason: "forbidden",
      });
    }
    expect(await objectionQueue(t.db, author, { state: "open", page: 1, pageSize: 20 })).toEqual({ ok: false, reason: "forbidden" });

    // A moderator's own comment, hidden by a colleague: someone else decides the objection.
    const s = await setup();
    const mod = s.other;
    const ownComment = { type: "comment" as const, id: await commentBy(mod, s.proposal) };
    const d = await hideAs(s.hider, ownComment);
    const o = await objectToDecision(t.db, mod, d, { body: TEXT });
    if (!o.ok) throw new Error(o.reason);
    const mid = await written();
    expect(await decideObjection(t.db, mod, o.objectionId, { outcome: "restored", reason: "Passt schon" })).toEqual({
      ok: false,
      reason: "own_contribution",
    });
    expect(await written()).toEqual(mid);
    expect(before.objections).toBe(1);
  });

  it("a different moderator restores: the comment is visible and counts again, the author is told, the log has it", async () => {
    const { other, author, ref, proposal, consultation, objectionId, decisionId } = await contested("comment");
    const counted = async () =>
      (await t.db.selectFrom("proposals").select("comment_count").where("id", "=", proposal).executeTakeFirstOrThrow()).comment_count;
    expect(await counted()).toBe(0);
    const versionBefore = await latestDecisionId(t.db, ref);

    const result = await decideObjection(t.db, other, objectionId, {
      outcome: "restored",
      reason: "Der Kommentar ist zugespitzt, aber zulässig.",
    });
    expect(result).toEqual({ ok: true, decisionId: expect.any(String), outcome: "restored", changed: true });
    const row = await t.db
      .selectFrom("comments")
      .select(["hidden_at", "hidden_kind", "hidden_by"])
      .where("id", "=", ref.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ hidden_at: null, hidden_kind: null, hidden_by: null });
    expect(await counted()).toBe(1);
    expect(await recomputeTallies(t.db)).toBe(0);

    const [o] = await objections();
    expect(o).toMatchObject({ decided_by: other.id, outcome: "restored", outcome_reason: "Der Kommentar ist zugespitzt, aber zulässig." });
    expect(o.decided_at).not.toBeNull();
    const [entry] = await auditOf("objection_restored");
    expect(entry).toMatchObject({
      actor_id: other.id,
      target_type: "comment",
      target_id: ref.id,
      consultation_id: consultation,
      subject_id: author.id,
      reason: "Der Kommentar ist zugespitzt, aber zulässig.",
    });
    // The decision is the item's new version: a moderator who looked before is refused.
    expect(await latestDecisionId(t.db, ref)).toBe(String(entry.id));
    expect(await decide(t.db, other, ref, { decision: "hide", rule: "regel-1", reason: "Doch nicht", seen: versionBefore })).toEqual({
      ok: false,
      reason: "already_decided",
    });

    const mail = (await mailsTo(author.email)).at(-1)!;
    expect(mail.subject).toContain("Ihr Widerspruch war erfolgreich");
    expect(mail.body_text).toContain("wieder für alle sichtbar");
    expect(mail.body_text).toContain("Der Kommentar ist zugespitzt, aber zulässig.");
    expect(mail.body_text).toContain(`/widerspruch/${decisionId}`);
    expect(mail.body_text).not.toContain("Otto Other");
    expect(mail.body_text).not.toContain("Hanna Hider");

    const page = await objectionPage(t.db, author, decisionId);
    expect(page).toMatchObject({
      ok: true,
      objection: { outcome: "restored", outcomeReason: "Der Kommentar ist zugespitzt, aber zulässig." },
    });
  });

  it("an admin upholds it: the item stays hidden, the author is told why, the log has it", async () => {
    const { admin, author, ref, objectionId } = await contested("proposal");
    const result = await decideObjection(t.db, admin, objectionId, { outcome: "upheld", reason: "Regel 2 ist klar verletzt." });
    expect(result).toEqual({ ok: true, decisionId: expect.any(String), outcome: "upheld", changed: false });
    expect(await hiddenKind(ref)).toBe("decision");
    const [entry] = await auditOf("objection_upheld");
    expect(entry).toMatchObject({
      actor_id: admin.id,
      target_type: "proposal",
      target_id: ref.id,
      subject_id: author.id,
      reason: "Regel 2 ist klar verletzt.",
    });
    const mail = (await mailsTo(author.email)).at(-1)!;
    expect(mail.subject).toContain("zurückgewiesen");
    expect(mail.body_text).toContain("bleibt ausgeblendet");
    expect(mail.body_text).toContain("Regel 2 ist klar verletzt.");
    const decided = await objectionQueue(t.db, admin, { state: "decided", page: 1, pageSize: 20 });
    expect(decided).toMatchObject({ ok: true, total: 1, rows: [{ id: objectionId, outcome: "upheld" }] });
    expect(await objectionQueue(t.db, admin, { state: "open", page: 1, pageSize: 20 })).toMatchObject({ ok: true, total: 0, rows: [] });
  });

  it("two moderators at once: one decides, the other is told someone already did; one audit entry, one mail", async () => {
    const { other, admin, author, objectionId } = await contested();
    const before = (await mailsTo(author.email)).length;
    const results = await Promise.all([
      decideObjection(t.db, other, objectionId, { outcome: "restored", reason: "Zulässige Kritik" }),
      decideObjection(t.db, admin, objectionId, { outcome: "upheld", reason: "Klarer Verstoß" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "already_decided" }]);
    const outcomes = [...(await auditOf("objection_restored")), ...(await auditOf("objection_upheld"))];
    expect(outcomes).toHaveLength(1);
    expect(await mailsTo(author.email)).toHaveLength(before + 1);
    // Later, too.
    expect(await decideObjection(t.db, admin, objectionId, { outcome: "upheld", reason: "Klarer Verstoß" })).toEqual({
      ok: false,
      reason: "already_decided",
    });
  });

  it("restoring what someone restored meanwhile records the outcome and leaves the item as it is", async () => {
    const { admin, other, author, ref, objectionId } = await contested();
    await restoreAs(admin, ref);
    const result = await decideObjection(t.db, other, objectionId, { outcome: "restored", reason: "Zulässige Kritik" });
    expect(result).toMatchObject({ ok: true, outcome: "restored", changed: false });
    expect(await hiddenKind(ref)).toBeNull();
    expect(await auditOf("objection_restored")).toHaveLength(1);
    expect((await mailsTo(author.email)).at(-1)!.body_text).toContain("wieder für alle sichtbar");

    // Hidden anew by a later decision: a restore of the old objection does not undo that one.
    const s = await contested("proposal");
    await restoreAs(s.admin, s.ref);
    await hideAs(s.admin, s.ref);
    const again = await decideObjection(t.db, s.other, s.objectionId, { outcome: "restored", reason: "Zulässige Kritik" });
    expect(again).toMatchObject({ ok: true, changed: false });
    expect(await hiddenKind(s.ref)).toBe("decision");
    expect((await mailsTo(s.author.email)).at(-1)!.body_text).toContain("aus einem anderen Grund ausgeblendet");
  });

  it("restoring an automatically hidden item answers its reports, so the next report does not hide it again", async () => {
    const { author, proposal, other } = await setup({ autoHide: 2 });
    const ref = { type: "proposal" as const, id: proposal };
    const [a, b, c] = await oldResidents(3);
    await reportContribution(t.db, a, ref, { reason: "spam", note: "" });
    await reportContribution(t.db, b, ref, { reason: "spam", note: "" });
    const [auto] = await auditOf("auto_hide");
    const objected = await objectToDecision(t.db, author, String(auto.id), { body: TEXT });
    if (!objected.ok) throw new Error(objected.reason);
    expect((await decideObjection(t.db, other, objected.objectionId, { outcome: "restored", reason: "Kein Spam" })).ok).toBe(true);
    expect(await hiddenKind(ref)).toBeNull();
    const flags = await t.db.selectFrom("flags").select(["decision", "decided_at"]).execute();
    expect(flags.map((f) => f.decision)).toEqual(["dismissed", "dismissed"]);
    expect((await mailsTo(a.email)).at(-1)!.body_text).toContain("bleibt sichtbar");
    await reportContribution(t.db, c, ref, { reason: "spam", note: "" });
    expect(await hiddenKind(ref)).toBeNull();
  });

  it("50 objections and 50 decisions at once on different items lose nothing", async () => {
    const { hider, other, author, consultation, proposal } = await setup();
    const comments: ContributionRef[] = (await manyComments(author, proposal, 50)).map((id) => ({ type: "comment", id }));
    const decisions: string[] = [];
    for (const ref of comments) decisions.push(await hideAs(hider, ref));
    expect(consultation).toBeTruthy();

    const objected = await Promise.all(decisions.map((d, i) => objectToDecision(t.db, author, d, { body: `${TEXT} (${i})` })));
    expect(objected.every((r) => r.ok)).toBe(true);
    expect(await objections()).toHaveLength(50);
    expect(await auditOf("object")).toHaveLength(50);

    const ids = objected.map((r) => (r.ok ? r.objectionId : ""));
    const decided = await Promise.all(
      ids.map((id, i) => decideObjection(t.db, other, id, { outcome: i % 2 ? "upheld" : "restored", reason: "Geprüft und entschieden" })),
    );
    expect(decided.every((r) => r.ok)).toBe(true);
    const rows = await objections();
    expect(rows.filter((r) => r.decided_at !== null)).toHaveLength(50);
    expect(rows.filter((r) => r.outcome === "restored")).toHaveLength(25);
    expect(await auditOf("objection_restored")).toHaveLength(25);
    expect(await auditOf("objection_upheld")).toHaveLength(25);
    const visible = await t.db.selectFrom("comments").select("id").where("hidden_at", "is", null).execute();
    expect(visible).toHaveLength(25);
    const p = await t.db.selectFrom("proposals").select("comment_count").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(p.comment_count).toBe(25);
    expect(await recomputeTallies(t.db)).toBe(0);
    // Receipt and outcome for each.
    const mails = await mailsTo(author.email);
    expect(mails.filter((m) => m.subject.startsWith("Ihr Widerspruch ist eingegangen"))).toHaveLength(50);
    expect(
      mails.filter(
        (m) => m.subject.startsWith("Ihr Widerspruch war erfolgreich") || m.subject.startsWith("Ihr Widerspruch wurde zurückgewiesen"),
      ),
    ).toHaveLength(50);
  });
});

describe("the queue", () => {
  it("lists open objections oldest first, a page at a time, with item and contested decision", async () => {
    const { hider, other, author, proposal } = await setup();
    const ids: string[] = [];
    const comments = await manyComments(author, proposal, 23);
    for (let i = 0; i < 23; i++) {
      const ref = { type: "comment" as const, id: comments[i] };
      const d = await hideAs(hider, ref);
      const o = await objectToDecision(t.db, author, d, { body: `${TEXT} (${i})` });
      if (!o.ok) throw new Error(o.reason);
      ids.push(o.objectionId);
    }
    // The first one arrived last.
    await t.db
      .updateTable("objections")
      .set({ created_at: sql`now() - interval '1 day'` })
      .where("id", "=", ids[5])
      .execute();
    const first = await objectionQueue(t.db, other, { state: "open", page: 1, pageSize: 20 });
    if (!first.ok) throw new Error(first.reason);
    expect(first.total).toBe(23);
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0].id).toBe(ids[5]);
    expect(first.rows[1].id).toBe(ids[0]);
    expect(first.rows[0]).toMatchObject({
      refusal: null,
      item: { type: "comment", excerpt: "Kommentar 5 zum Vorschlag", hiddenKind: "decision" },
      decision: {
        automatic: false,
        reason: "Persönliche Beleidigung eines Nachbarn",
        rule: { key: "regel-2", label: "2", url: "/netiquette#regel-2" },
      },
    });
    const second = await objectionQueue(t.db, other, { state: "open", page: 2, pageSize: 20 });
    expect(second).toMatchObject({ ok: true, total: 23 });
    expect(second.ok && second.rows.map((r) => r.id)).toEqual(ids.slice(20));
  });
});

describe("objections.policy", () => {
  const person = (id: string, role: Role = "resident"): CurrentUser => ({
    id,
    email: `${id}@example.org`,
    displayName: id,
    role,
    verified: true,
    suspendedUntil: null,
    suspensionReason: null,
  });
  const now = new Date("2026-12-01T12:00:00Z");
  const facts: ObjectionFacts = {
    decisionId: "7",
    decidedAt: new Date("2026-11-25T12:00:00Z"),
    authorId: "author",
    currentHideDecisionId: "7",
    hiddenKind: "decision",
    deleted: false,
    objected: false,
  };

  it("who may object, and when", () => {
    const author = person("author");
    expect(objectionRefusal(author, facts, now)).toBeNull();
    expect(objectionRefusal(author, { ...facts, hiddenKind: "automatic" }, now)).toBeNull();
    expect(objectionRefusal(null, facts, now)).toBe("login_required");
    expect(objectionRefusal(person("someone"), facts, now)).toBe("not_found");
    expect(objectionRefusal(person("mod", "moderator"), facts, now)).toBe("not_found");
    expect(objectionRefusal(author, { ...facts, deleted: true }, now)).toBe("not_found");
    expect(objectionRefusal(author, { ...facts, objected: true }, now)).toBe("already_objected");
    expect(objectionRefusal(author, { ...facts, hiddenKind: null }, now)).toBe("no_longer_hidden");
    expect(objectionRefusal(author, { ...facts, hiddenKind: "review" }, now)).toBe("no_longer_hidden");
    expect(objectionRefusal(author, { ...facts, currentHideDecisionId: "9" }, now)).toBe("decision_superseded");
    expect(objectionRefusal(author, facts, new Date("2026-12-09T12:00:00Z"))).toBeNull();
    expect(objectionRefusal(author, facts, new Date("2026-12-09T12:00:01Z"))).toBe("objection_period_over");
  });

  it("who may decide an objection", () => {
    const open = { authorId: "author", decidedAgainstBy: "hider", decided: false };
    expect(objectionDecisionRefusal(person("other", "moderator"), open)).toBeNull();
    expect(objectionDecisionRefusal(person("boss", "admin"), open)).toBeNull();
    expect(objectionDecisionRefusal(person("hider", "moderator"), open)).toBe("own_decision");
    expect(objectionDecisionRefusal(person("author", "moderator"), open)).toBe("own_contribution");
    expect(objectionDecisionRefusal(person("x"), open)).toBe("forbidden");
    expect(objectionDecisionRefusal(person("x", "council"), open)).toBe("forbidden");
    expect(objectionDecisionRefusal(null, open)).toBe("forbidden");
    expect(objectionDecisionRefusal(person("other", "moderator"), { ...open, decided: true })).toBe("already_decided");
    expect(objectionDecisionRefusal(person("hider", "moderator"), { ...open, decidedAgainstBy: null })).toBeNull();
  });
});
