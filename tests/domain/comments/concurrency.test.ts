import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createProposal, createUser } from "../../setup/fixtures";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment, addSectionComment, deleteComment, deleteCommentOf } from "~/domain/comments/comments.server";
import { addTextDocument, getDocument } from "~/domain/documents/documents.server";
import { setVisibility } from "../../setup/moderation";
import { getProposal, recomputeTallies } from "~/domain/proposals/proposals.server";
import { castVote } from "~/domain/votes/votes.server";

// Issue 8, item 9: counts stay exact when many people write at once. On PostgreSQL (TEST_DATABASE_URL) the
// transactions really run side by side (READ COMMITTED, 10 connections); the embedded database serialises them,
// so there the same test checks the plain arithmetic of the triggers.

const t = useTestDatabase();

const residents = (n: number) => Promise.all(Array.from({ length: n }, () => createUser(t.db)));

function expectOk(results: { ok: boolean; reason?: string }[]) {
  expect(results.filter((r) => !r.ok).map((r) => r.reason)).toEqual([]);
}

/** The stored tallies of a proposal next to what its rows say. */
async function storedAndTruth(proposal: string) {
  const row = await sql<{ stored: number; votes_for: number; votes_against: number; visible: number; up: number; down: number }>`
    select p.comment_count as stored, p.votes_for, p.votes_against,
      (select count(*)::int from comments c where c.proposal_id = p.id and c.hidden_at is null and c.deleted_at is null) as visible,
      (select count(*)::int from votes v where v.proposal_id = p.id and v.value = 1) as up,
      (select count(*)::int from votes v where v.proposal_id = p.id and v.value = -1) as down
    from proposals p where p.id = ${proposal}`.execute(t.db);
  return row.rows[0];
}

async function setup() {
  const admin = await createUser(t.db, { role: "admin" });
  const moderator = await createUser(t.db, { role: "moderator" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, admin);
  return { admin, moderator, consultation, proposal };
}

async function textSection(admin: CurrentUser, consultation: string) {
  const doc = await addTextDocument(t.db, admin, consultation, { title: "Rahmenplan", description: "", body: "# Ziele\nMehr Grün." });
  if (!doc.ok) throw new Error(doc.reason);
  const section = await t.db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
  return { documentId: doc.id, sectionId: section.id };
}

describe("comment counts under concurrent writes", () => {
  it("40 parallel comments on one proposal through the comment intent: the count shown equals the rows", async () => {
    const { proposal } = await setup();
    const people = await residents(40);
    const results = await Promise.all(
      people.map((u, i) => addComment(t.db, u, proposal, { body: `Kommentar Nummer ${i}`, parentId: null })),
    );
    expectOk(results);

    const { stored, visible } = await storedAndTruth(proposal);
    expect(visible).toBe(40);
    expect(stored).toBe(40);
    const shown = await getProposal(t.db, null, proposal);
    expect(shown.ok && shown.proposal.commentCount).toBe(40);
    expect(await recomputeTallies(t.db)).toBe(0);
  });

  it("parallel hiding, restoring, deleting, new comments, replies and votes on one proposal: counts equal the rows", async () => {
    const { moderator, proposal } = await setup();
    const people = await residents(41); // the 41st comment stays untouched: the newcomers reply to it
    const ids: string[] = [];
    for (const [i, u] of people.entries()) {
      const result = await addComment(t.db, u, proposal, { body: `Kommentar Nummer ${i}`, parentId: null });
      if (!result.ok) throw new Error(result.reason);
      ids.push(result.id);
    }
    for (const id of ids.slice(30, 40))
      await setVisibility(t.db, moderator, { type: "comment", id }, { hide: true, reason: "Regel 2: Beleidigung" });
    const newcomers = await residents(10);

    const hide = (id: string) => setVisibility(t.db, moderator, { type: "comment", id }, { hide: true, reason: "Regel 3: Werbung" });
    const restore = (id: string) =>
      setVisibility(t.db, moderator, { type: "comment", id }, { hide: false, reason: "Widerspruch berechtigt" });
    // The same comment hidden and restored at once (issue 9): a decision made on a state that changed meanwhile is
    // refused as already_decided, never applied twice; at least one of each pair applies, the count follows.
    const raceResults = Promise.all(ids.slice(25, 30).map((id) => Promise.all([hide(id), restore(id)])));
    const results = await Promise.all([
      ...ids.slice(0, 15).map(hide),
      ...ids.slice(30, 40).map(restore),
      ...ids.slice(15, 25).map((id, i) => deleteComment(t.db, people[15 + i], proposal, id)),
      ...newcomers.map((u, i) => addComment(t.db, u, proposal, { body: `Antwort Nummer ${i}`, parentId: i % 2 ? ids[40] : null })),
      ...people.map((u, i) => castVote(t.db, u, proposal, i % 3 === 0 ? -1 : 1)),
    ]);
    expectOk(results);
    for (const pair of await raceResults) {
      expect(pair.some((r) => r.ok)).toBe(true);
      for (const r of pair) if (!r.ok) expect(r.reason).toBe("already_decided");
    }

    // A second wave that undoes part of the first while votes change and are withdrawn.
    const second = await Promise.all([
      ...ids.slice(0, 8).map(restore),
      ...ids.slice(30, 35).map(hide),
      ...people.map((u, i) => castVote(t.db, u, proposal, i % 4 === 0 ? 0 : i % 2 === 0 ? 1 : -1)),
    ]);
    expectOk(second);

    const now = await storedAndTruth(proposal);
    expect(now.stored).toBe(now.visible);
    expect(now.votes_for).toBe(now.up);
    expect(now.votes_against).toBe(now.down);
    // 41 written, 7 of 15 hidden stay hidden, 10 deleted, 5 hidden again, 10 new; whatever won in 25..29.
    const raced = await t.db
      .selectFrom("comments")
      .select("id")
      .where("id", "in", ids.slice(25, 30))
      .where("hidden_at", "is", null)
      .execute();
    expect(now.visible).toBe(41 - 7 - 10 - 5 - (5 - raced.length) + 10);
    expect(await recomputeTallies(t.db)).toBe(0);
  });

  it("40 parallel comments on a document section, then parallel hiding and deleting: the section's count equals the rows", async () => {
    const { admin, moderator, consultation } = await setup();
    const { documentId, sectionId } = await textSection(admin, consultation);
    const people = await residents(40);
    const added = await Promise.all(
      people.map((u, i) => addSectionComment(t.db, u, sectionId, { body: `Zum Abschnitt ${i}`, parentId: null })),
    );
    expectOk(added);
    const ids = added.map((r) => (r.ok ? r.id : ""));

    const changed = await Promise.all([
      ...ids
        .slice(0, 10)
        .map((id) => setVisibility(t.db, moderator, { type: "comment", id }, { hide: true, reason: "Regel 1: Thema verfehlt" })),
      ...ids.slice(10, 20).map((id, i) => deleteCommentOf(t.db, people[10 + i], { kind: "section", id: sectionId }, id)),
    ]);
    expectOk(changed);

    const rows = await t.db
      .selectFrom("comments")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("section_id", "=", sectionId)
      .where("hidden_at", "is", null)
      .where("deleted_at", "is", null)
      .executeTakeFirstOrThrow();
    expect(rows.n).toBe(20);
    const doc = await getDocument(t.db, null, documentId);
    expect(doc.ok && doc.sections.map((s) => s.commentCount)).toEqual([20]);
    expect(await recomputeTallies(t.db)).toBe(0);
  });
});
