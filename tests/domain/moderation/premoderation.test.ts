import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createProposal as insertProposal, createUser } from "../../setup/fixtures";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment, addSectionComment, editComment } from "~/domain/comments/comments.server";
import { loadConsultation } from "~/domain/consultations/consultations.server";
import { saveModerationSettings } from "~/domain/consultations/consultations.moderation.server";
import { addTextDocument, getDocument } from "~/domain/documents/documents.server";
import { setFollowing } from "~/domain/follows/follows.server";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { decide, latestDecisionId } from "~/domain/moderation/decisions.server";
import {
  createProposal,
  exportGeojson,
  listProposals,
  proposalsForMap,
  recomputeTallies,
  updateProposal,
} from "~/domain/proposals/proposals.server";
import { findSimilarProposals } from "~/domain/proposals/similar.server";
import { computeFigures } from "~/domain/results/results.queries.server";

// Pre-moderation (issue 9): in a pre-moderated consultation a resident's new proposal or comment waits for a
// moderator's approval. It is stored hidden (kind "review") in the same insert, counts nowhere, and the mails its
// writing would send wait too; approval makes it count and sends them once; refusal keeps it out and tells the author why.

const t = useTestDatabase();
const BOX: [number, number, number, number] = [50, 9, 51, 10];

async function setting({ premoderated = true } = {}) {
  const admin = await createUser(t.db, { role: "admin" });
  const moderator = await createUser(t.db, { role: "moderator" });
  const author = await createUser(t.db, { name: "Wilma Schreiber" });
  const consultation = await createConsultation(t.db, admin);
  const saved = await saveModerationSettings(t.db, admin, consultation, { autoHideThreshold: null, premoderated });
  if (!saved.ok) throw new Error(saved.reason);
  return { admin, moderator, author, consultation };
}

const input = (title: string) => ({ title, body: "Eine ausführliche Beschreibung des Vorschlags.", lat: 50.55, lng: 9.67 });

async function propose(user: CurrentUser, consultation: string, title: string) {
  const result = await createProposal(t.db, user, consultation, input(title));
  if (!result.ok) throw new Error(result.reason);
  return result.id;
}

async function comment(user: CurrentUser, proposal: string, body: string, parentId: string | null = null) {
  const result = await addComment(t.db, user, proposal, { body, parentId });
  if (!result.ok) throw new Error(result.reason);
  return result.id;
}

const approve = async (moderator: CurrentUser, ref: ContributionRef) =>
  decide(t.db, moderator, ref, { decision: "approve", seen: await latestDecisionId(t.db, ref) });

const hiddenState = (table: "proposals" | "comments", id: string) =>
  t.db
    .selectFrom(table)
    .select(["hidden_kind", "hidden_by", "hidden_reason", "hidden_rule", "hidden_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

const outbox = () => t.db.selectFrom("mail_outbox").select(["to_address", "subject", "body_text"]).orderBy("id").execute();
const recipients = async () => (await outbox()).map((m) => m.to_address).sort();
const clearOutbox = () => t.db.deleteFrom("mail_outbox").execute();

/** Everything public that lists or counts a consultation's proposals: their titles there, and the figures. */
async function publicView(consultationId: string) {
  const consultation = (await loadConsultation(t.db, consultationId))!;
  const list = await listProposals(t.db, null, consultation, 1);
  const searched = await listProposals(t.db, null, consultation, 1, { sort: "newest", search: "Brunnen" });
  const map = await proposalsForMap(t.db, consultationId, BOX, 3);
  const geojson = await exportGeojson(t.db, consultation, {}, "https://example.org");
  const similar = await findSimilarProposals(t.db, null, consultationId, "Brunnen am Markt");
  // The result page's figures (shown from the closing date on) are computed by this one query.
  const figures = await computeFigures(t.db, consultationId);
  return {
    list: list.items.filter((p) => !p.hiddenForReader).map((p) => p.title),
    listTotal: list.total,
    searched: searched.items.filter((p) => !p.hiddenForReader).map((p) => p.title),
    mapCount: map.clusters.reduce((sum, c) => sum + c.count, 0),
    exported: geojson.features.map((f) => f.properties.title),
    similar: similar.ok ? similar.items.map((p) => p.title) : [],
    figures: { proposals: figures.proposals, comments: figures.comments },
  };
}

describe("a proposal in a pre-moderated consultation", () => {
  it("waits hidden with kind review, counts nowhere until approved, then everywhere; tallies stay true", async () => {
    const { moderator, author, consultation } = await setting();
    const id = await propose(author, consultation, "Ein Brunnen am Markt");
    expect(await hiddenState("proposals", id)).toEqual({
      hidden_kind: "review",
      hidden_by: null,
      hidden_reason: null,
      hidden_rule: null,
      hidden_at: expect.any(Date),
    });
    expect(await publicView(consultation)).toEqual({
      list: [],
      listTotal: 0,
      searched: [],
      mapCount: 0,
      exported: [],
      similar: [],
      figures: { proposals: 0, comments: 0 },
    });
    // Not even its author finds it in the public list: "Wird geprüft" is shown on its own page.
    const own = await listProposals(t.db, author, (await loadConsultation(t.db, consultation))!, 1);
    expect(own.total).toBe(0);

    expect(await approve(moderator, { type: "proposal", id })).toEqual({ ok: true, decisionId: expect.any(String) });
    expect((await hiddenState("proposals", id)).hidden_kind).toBeNull();
    expect(await publicView(consultation)).toEqual({
      list: ["Ein Brunnen am Markt"],
      listTotal: 1,
      searched: ["Ein Brunnen am Markt"],
      mapCount: 1,
      exported: ["Ein Brunnen am Markt"],
      similar: ["Ein Brunnen am Markt"],
      figures: { proposals: 1, comments: 0 },
    });
    expect(await recomputeTallies(t.db)).toBe(0);
    // The author hears that it is approved; nobody else is told about a new proposal.
    expect((await outbox()).map((m) => [m.to_address, m.subject])).toEqual([[author.email, expect.stringMatching(/freigegeben/)]]);
  });

  it("does not wait where pre-moderation is off, nor when a moderator or an admin writes it", async () => {
    const off = await setting({ premoderated: false });
    const visible = await propose(off.author, off.consultation, "Ein Brunnen am Markt");
    expect((await hiddenState("proposals", visible)).hidden_at).toBeNull();

    const on = await setting();
    for (const staff of [on.moderator, on.admin]) {
      const id = await propose(staff, on.consultation, `Ein Brunnen von ${staff.role}`);
      expect((await hiddenState("proposals", id)).hidden_at).toBeNull();
    }
    expect((await publicView(on.consultation)).listTotal).toBe(2);
  });

  it("stays waiting when its author edits it", async () => {
    const { author, consultation } = await setting();
    const id = await propose(author, consultation, "Ein Brunnen am Markt");
    expect(await updateProposal(t.db, author, id, input("Ein Brunnen am Marktplatz"))).toEqual({ ok: true });
    const row = await t.db.selectFrom("proposals").select(["title", "hidden_kind"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: "Ein Brunnen am Marktplatz", hidden_kind: "review" });
    expect((await publicView(consultation)).listTotal).toBe(0);
  });

  it("refused (hidden naming a rule) stays out of every figure and the author gets the statement of reasons", async () => {
    const { moderator, author, consultation } = await setting();
    const id = await propose(author, consultation, "Ein Brunnen am Markt");
    const ref: ContributionRef = { type: "proposal", id };
    const result = await decide(t.db, moderator, ref, {
      decision: "hide",
      rule: "regel-1",
      reason: "Werbung für ein Geschäft",
      seen: await latestDecisionId(t.db, ref),
    });
    expect(result.ok).toBe(true);
    expect(await hiddenState("proposals", id)).toMatchObject({ hidden_kind: "decision", hidden_rule: "regel-1" });
    // Like every item a moderator hid, it keeps a place in the list as the placeholder (no title, no text, no place).
    expect(await publicView(consultation)).toEqual({
      list: [],
      listTotal: 1,
      searched: [],
      mapCount: 0,
      exported: [],
      similar: [],
      figures: { proposals: 0, comments: 0 },
    });
    const mails = await outbox();
    expect(mails.map((m) => m.to_address)).toEqual([author.email]);
    expect(mails[0].body_text).toContain("Werbung für ein Geschäft");
    expect(mails[0].body_text).toContain("/widerspruch/");
    // Approving it afterwards is no longer possible: it is not waiting any more.
    expect(await approve(moderator, ref)).toEqual({ ok: false, reason: "already_decided" });
  });
});

describe("a comment in a pre-moderated consultation", () => {
  /** A visible proposal with a visible comment (written before pre-moderation was switched on), and two followers. */
  async function discussion() {
    const s = await setting({ premoderated: false });
    const proposer = await createUser(t.db, { name: "Paula Vorschlag" });
    const follower = await createUser(t.db, { name: "Fritz Folger" });
    const earlier = await createUser(t.db, { name: "Erna Früh" });
    const proposal = await insertProposal(t.db, s.consultation, proposer, "Mehr Bänke im Park");
    for (const who of [proposer, follower]) {
      const followed = await setFollowing(t.db, who, { type: "proposal", id: proposal }, true);
      if (!followed.ok) throw new Error(followed.reason);
    }
    const first = await comment(earlier, proposal, "Ja, am besten unter den Linden.");
    await saveModerationSettings(t.db, s.admin, s.consultation, { autoHideThreshold: null, premoderated: true });
    await clearOutbox();
    return { ...s, proposer, follower, earlier, proposal, first };
  }

  const commentCount = async (proposal: string) =>
    (await t.db.selectFrom("proposals").select("comment_count").where("id", "=", proposal).executeTakeFirstOrThrow()).comment_count;

  it("and a reply wait hidden, count nowhere and send no mail until approved; approval counts them and mails once", async () => {
    const { moderator, author, proposer, follower, earlier, proposal, first, consultation } = await discussion();
    const top = await comment(author, proposal, "Und ein Trinkbrunnen dazu!");
    const reply = await comment(author, proposal, "Genau, unter den Linden ist Schatten.", first);
    for (const id of [top, reply]) expect(await hiddenState("comments", id)).toMatchObject({ hidden_kind: "review", hidden_by: null });
    expect(await outbox()).toEqual([]);
    expect(await commentCount(proposal)).toBe(1);
    expect((await publicView(consultation)).figures).toEqual({ proposals: 1, comments: 1 });
    expect(await recomputeTallies(t.db)).toBe(0);

    // Approving the top-level comment: the proposal's followers hear of it now, and its author that it is approved.
    expect((await approve(moderator, { type: "comment", id: top })).ok).toBe(true);
    expect(await recipients()).toEqual([author.email, follower.email, proposer.email].sort());
    const followerMail = (await outbox()).find((m) => m.to_address === follower.email)!;
    expect(followerMail.body_text).toContain(`#kommentar-${top}`);
    await clearOutbox();

    // Approving the reply: the author replied to gets the reply mail (instead of a follower mail), the followers theirs.
    expect((await approve(moderator, { type: "comment", id: reply })).ok).toBe(true);
    expect(await recipients()).toEqual([author.email, earlier.email, follower.email, proposer.email].sort());
    const replyMail = (await outbox()).find((m) => m.to_address === earlier.email)!;
    expect(replyMail.body_text).toContain(`#kommentar-${reply}`);
    await clearOutbox();

    expect(await commentCount(proposal)).toBe(3);
    expect((await publicView(consultation)).figures).toEqual({ proposals: 1, comments: 3 });
    expect(await recomputeTallies(t.db)).toBe(0);
    // Once: a second approval is refused and sends nothing.
    expect(await approve(moderator, { type: "comment", id: reply })).toEqual({ ok: false, reason: "already_decided" });
    expect(await outbox()).toEqual([]);
  });

  it("refused, stays out of the counts, sends no follower mail, and its author gets the statement of reasons", async () => {
    const { moderator, author, proposal, consultation } = await discussion();
    const id = await comment(author, proposal, "Das ist alles Unsinn, ihr Idioten.");
    const ref: ContributionRef = { type: "comment", id };
    const result = await decide(t.db, moderator, ref, {
      decision: "hide",
      rule: "regel-1",
      reason: "Beleidigung anderer Personen",
      seen: await latestDecisionId(t.db, ref),
    });
    expect(result.ok).toBe(true);
    expect(await commentCount(proposal)).toBe(1);
    expect((await publicView(consultation)).figures).toEqual({ proposals: 1, comments: 1 });
    expect(await recomputeTallies(t.db)).toBe(0);
    const mails = await outbox();
    expect(mails.map((m) => m.to_address)).toEqual([author.email]);
    expect(mails[0].body_text).toContain("Beleidigung anderer Personen");
  });

  it("stays waiting when its author edits it", async () => {
    const { author, proposal } = await discussion();
    const id = await comment(author, proposal, "Und ein Trinkbrunnen dazu!");
    const edited = await editComment(t.db, author, id, "Und ein Trinkbrunnen für Hunde dazu!");
    expect(edited.ok).toBe(true);
    expect(await t.db.selectFrom("comments").select(["body_md", "hidden_kind"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({
      body_md: "Und ein Trinkbrunnen für Hunde dazu!",
      hidden_kind: "review",
    });
    expect(await outbox()).toEqual([]);
  });

  it("on a document's section: a reply waits without a mail, counts for the section only once approved", async () => {
    const { admin, moderator, author, consultation } = await discussion();
    const doc = await addTextDocument(t.db, admin, consultation, { title: "Rahmenplan", description: "", body: "# Ziele\nMehr Grün." });
    if (!doc.ok) throw new Error(doc.reason);
    const section = await t.db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    // The earlier comment is the moderator's own (staff do not wait), the reply a resident's.
    const first = await addSectionComment(t.db, moderator, section.id, { body: "Was fehlt Ihnen hier?", parentId: null });
    if (!first.ok) throw new Error(first.reason);
    const reply = await addSectionComment(t.db, author, section.id, { body: "Bäume an der Hauptstraße.", parentId: first.id });
    if (!reply.ok) throw new Error(reply.reason);
    expect(await hiddenState("comments", reply.id)).toMatchObject({ hidden_kind: "review" });
    expect(await outbox()).toEqual([]);
    const counts = async () => {
      const found = await getDocument(t.db, null, doc.id);
      return found.ok ? found.sections.map((s) => s.commentCount) : [];
    };
    expect(await counts()).toEqual([1]);
    expect((await publicView(consultation)).figures).toEqual({ proposals: 1, comments: 2 });

    expect((await approve(admin, { type: "comment", id: reply.id })).ok).toBe(true);
    expect(await recipients()).toEqual([author.email, moderator.email].sort());
    expect(await counts()).toEqual([2]);
    expect((await publicView(consultation)).figures).toEqual({ proposals: 1, comments: 3 });
  });
});
