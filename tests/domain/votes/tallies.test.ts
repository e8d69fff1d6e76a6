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
      .set({ hidden_at: new Date(), hidden_by: admin.id, hidden_reason: "Test" })
      .where("id", "=", id)
      .execute();
    expect(await count()).toBe(1);
    await t.db.updateTable("comments").set({ hidden_at: null, hidden_by: null, hidden_reason: null }).where("id", "=", id).execute();
    expect(await count()).toBe(2);
  });
});
