import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createProposal, createUser, sessionCookieFor } from "../../setup/fixtures";
import { routes } from "../../setup/routes";
import { recomputeTallies } from "~/domain/proposals/proposals.server";
import * as proposalPage from "~/routes/vorschlaege.$id._index";

const t = useTestDatabase();
const r = routes(t);

/** What the votes table says, per proposal. */
async function truth(proposalIds: string[]) {
  const rows = await t.db
    .selectFrom("votes")
    .select([
      "proposal_id",
      sql<number>`count(*) filter (where value = 1)::int`.as("up"),
      sql<number>`count(*) filter (where value = -1)::int`.as("down"),
      sql<number>`count(*)::int`.as("rows"),
      sql<number>`count(distinct user_id)::int`.as("people"),
    ])
    .where("proposal_id", "in", proposalIds)
    .groupBy("proposal_id")
    .execute();
  return new Map(rows.map((row) => [row.proposal_id, row]));
}

describe("vote tallies under concurrency", () => {
  it("200 concurrent vote requests from 100 residents, with double submits and changes: counts shown equal the rows stored", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    const proposals = [
      await createProposal(t.db, consultation, admin, "Erster Vorschlag"),
      await createProposal(t.db, consultation, admin, "Zweiter Vorschlag"),
    ];
    const residents = await Promise.all(Array.from({ length: 100 }, () => createUser(t.db)));
    const cookies = await Promise.all(residents.map((u) => sessionCookieFor(t.db, u)));

    // Each resident sends two requests at once: a double submit of the same vote, or a vote and its change.
    const requests = residents.flatMap((_, i) => {
      const proposal = proposals[i % 2];
      const first = i % 3 === 0 ? "-1" : "1";
      const second = i % 4 === 0 ? (first === "1" ? "-1" : "1") : i % 7 === 0 ? "0" : first;
      return [first, second].map((value) =>
        r.post(proposalPage.action, `/vorschlaege/${proposal}`, {
          params: { id: proposal },
          cookie: cookies[i],
          form: { intent: "vote", value },
        }),
      );
    });
    const responses = await Promise.all(requests);
    expect(responses.map((res) => res.status).filter((s) => s !== 302)).toEqual([]);

    const stored = await truth(proposals);
    for (const id of proposals) {
      const row = stored.get(id)!;
      expect(row.rows).toBe(row.people); // never two votes of one person
      const page = await r.get(proposalPage.loader, `/vorschlaege/${id}`, { params: { id } });
      const data = await page.json();
      expect(data.proposal.votesFor).toBe(row.up);
      expect(data.proposal.votesAgainst).toBe(row.down);
      expect(data.proposal.net).toBe(row.up - row.down);
    }
    // The stored tallies were already right: recomputing from the truth changes nothing.
    expect(await recomputeTallies(t.db)).toBe(0);
  });

  it("recomputeTallies repairs tallies that drifted from the votes", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    const proposal = await createProposal(t.db, consultation, admin);
    await t.db.insertInto("votes").values({ proposal_id: proposal, user_id: admin.id, value: 1 }).execute();
    await t.db.updateTable("proposals").set({ votes_for: 99, comment_count: 7 }).where("id", "=", proposal).execute();
    expect(await recomputeTallies(t.db)).toBe(1);
    const row = await t.db
      .selectFrom("proposals")
      .select(["votes_for", "votes_against", "votes_net", "comment_count"])
      .where("id", "=", proposal)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ votes_for: 1, votes_against: 0, votes_net: 1, comment_count: 0 });
  });

  it("comment counts follow new, hidden and restored comments", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    const proposal = await createProposal(t.db, consultation, admin);
    const count = async () =>
      (await t.db.selectFrom("proposals").select("comment_count").where("id", "=", proposal).executeTakeFirstOrThrow()).comment_count;
    const { id } = await t.db
      .insertInto("comments")
      .values({ proposal_id: proposal, author_id: admin.id, body_md: "Eins" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("comments").values({ proposal_id: proposal, author_id: admin.id, body_md: "Zwei" }).execute();
    expect(await count()).toBe(2);
    await t.db
      .updateTable("comments")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: admin.id, hidden_reason: "Test" })
      .where("id", "=", id)
      .execute();
    expect(await count()).toBe(1);
    await t.db
      .updateTable("comments")
      .set({ hidden_at: null, hidden_kind: null, hidden_by: null, hidden_reason: null })
      .where("id", "=", id)
      .execute();
    expect(await count()).toBe(2);
  });

  it("comment and vote counts follow every kind of change by its difference: deletes, cascades, moves and repeated hides", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    const [a, b] = [await createProposal(t.db, consultation, admin, "A"), await createProposal(t.db, consultation, admin, "B")];
    const hidden = { hidden_at: new Date(), hidden_kind: "decision" as const, hidden_by: admin.id, hidden_reason: "Regel 1" };
    const insert = (proposal: string, parent: string | null = null) =>
      t.db
        .insertInto("comments")
        .values({ proposal_id: proposal, parent_id: parent, author_id: admin.id, body_md: "Text" })
        .returning("id")
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const counts = async () => {
      const rows = await t.db.selectFrom("proposals").select(["id", "comment_count", "votes_for", "votes_against"]).orderBy("id").execute();
      return rows.map((r) => [r.comment_count, r.votes_for, r.votes_against]);
    };

    const first = await insert(a);
    await insert(a, first);
    await insert(a, first);
    const other = await insert(a);
    expect(await counts()).toEqual([
      [4, 0, 0],
      [0, 0, 0],
    ]);
    // Hiding twice counts once; deleting a hidden comment changes nothing; restoring a deleted one does not count it.
    await t.db.updateTable("comments").set(hidden).where("id", "=", other).execute();
    await t.db.updateTable("comments").set(hidden).where("id", "=", other).execute();
    await t.db.updateTable("comments").set({ deleted_at: new Date() }).where("id", "=", other).execute();
    await t.db
      .updateTable("comments")
      .set({ hidden_at: null, hidden_kind: null, hidden_by: null, hidden_reason: null })
      .where("id", "=", other)
      .execute();
    expect((await counts())[0][0]).toBe(3);
    // A moved comment leaves one proposal and joins the other; one moved to a document section leaves the proposal.
    const moved = await insert(a);
    await t.db.updateTable("comments").set({ proposal_id: b }).where("id", "=", moved).execute();
    expect((await counts()).map((c) => c[0])).toEqual([3, 1]);
    const doc = await t.db
      .insertInto("documents")
      .values({ consultation_id: consultation, kind: "text", title: "Plan", body_md: "Text", created_by: admin.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const section = await t.db
      .insertInto("document_sections")
      .values({ document_id: doc.id, number: 1, heading: "", body_md: "Text", first_version: 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.updateTable("comments").set({ proposal_id: null, section_id: section.id }).where("id", "=", moved).execute();
    expect((await counts()).map((c) => c[0])).toEqual([3, 0]);
    // Deleting a comment row takes its replies along (cascade): each leaves the count.
    await t.db.deleteFrom("comments").where("id", "=", first).execute();
    expect((await counts()).map((c) => c[0])).toEqual([0, 0]);

    // A vote moved to another proposal leaves the first one's tally.
    await t.db.insertInto("votes").values({ proposal_id: a, user_id: admin.id, value: -1 }).execute();
    await t.db.updateTable("votes").set({ proposal_id: b }).where("proposal_id", "=", a).execute();
    expect(await counts()).toEqual([
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(await recomputeTallies(t.db)).toBe(0);
  });
});
