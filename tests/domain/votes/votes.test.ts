import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser, setPhase } from "../../setup/fixtures";
import { castVote } from "~/domain/votes/votes.server";
import { getProposal } from "~/domain/proposals/proposals.server";

const t = useTestDatabase();

async function openProposal() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, await createUser(t.db));
  return { consultation, proposal };
}

describe("votes", () => {
  it("counts one vote per person, changeable and withdrawable", async () => {
    const { proposal } = await openProposal();
    const resident = await createUser(t.db);
    // The counts shown on the proposal follow every change (castVote no longer returns them: the route redirects).
    const counts = async () => {
      const shown = await getProposal(t.db, null, proposal);
      return shown.ok ? { votesFor: shown.proposal.votesFor, votesAgainst: shown.proposal.votesAgainst } : null;
    };
    expect(await castVote(t.db, resident, proposal, 1)).toEqual({ ok: true, myVote: 1 });
    expect(await counts()).toEqual({ votesFor: 1, votesAgainst: 0 });
    expect(await castVote(t.db, resident, proposal, 1)).toEqual({ ok: true, myVote: 1 });
    expect(await counts()).toEqual({ votesFor: 1, votesAgainst: 0 });
    expect(await castVote(t.db, resident, proposal, -1)).toEqual({ ok: true, myVote: -1 });
    expect(await counts()).toEqual({ votesFor: 0, votesAgainst: 1 });
    expect(await castVote(t.db, resident, proposal, 0)).toEqual({ ok: true, myVote: 0 });
    expect(await counts()).toEqual({ votesFor: 0, votesAgainst: 0 });
    expect(await countRows(t.db, "votes")).toBe(0);
  });

  it("refuses guests, unverified residents, council members and closed consultations, writing nothing", async () => {
    const { consultation, proposal } = await openProposal();
    expect(await castVote(t.db, null, proposal, 1)).toEqual({ ok: false, reason: "login_required" });
    expect(await castVote(t.db, await createUser(t.db, { verified: false }), proposal, 1)).toEqual({ ok: false, reason: "not_verified" });
    expect(await castVote(t.db, await createUser(t.db, { role: "council" }), proposal, 1)).toEqual({
      ok: false,
      reason: "role_cannot_contribute",
    });
    await setPhase(t.db, consultation, "closed");
    expect(await castVote(t.db, await createUser(t.db), proposal, 1)).toEqual({ ok: false, reason: "not_open" });
    expect(await countRows(t.db, "votes")).toBe(0);
  });

  it("the database refuses a second vote row and a value other than ±1", async () => {
    const { proposal } = await openProposal();
    const resident = await createUser(t.db);
    await castVote(t.db, resident, proposal, 1);
    await expect(t.db.insertInto("votes").values({ proposal_id: proposal, user_id: resident.id, value: -1 }).execute()).rejects.toThrow();
    await expect(
      sql`insert into votes (proposal_id, user_id, value) values (${proposal}, ${(await createUser(t.db)).id}, 2)`.execute(t.db),
    ).rejects.toThrow();
  });

  it("after concurrent double submits and changes, the counts shown equal the rows stored", async () => {
    const { proposal } = await openProposal();
    const residents = await Promise.all(Array.from({ length: 30 }, () => createUser(t.db)));
    // Each resident submits twice at once; every third one then changes their mind, every fifth withdraws.
    const requests = residents.flatMap((r, i) => {
      const first = i % 2 === 0 ? 1 : -1;
      const second = i % 3 === 0 ? -first : i % 5 === 0 ? 0 : first;
      return [
        castVote(t.db, r, proposal, first),
        castVote(t.db, r, proposal, first as 1 | -1),
        castVote(t.db, r, proposal, second as 1 | -1 | 0),
      ];
    });
    const results = await Promise.all(requests);
    expect(results.every((r) => r.ok)).toBe(true);
    const stored = await t.db
      .selectFrom("votes")
      .select([
        sql<number>`count(*) filter (where value = 1)::int`.as("up"),
        sql<number>`count(*) filter (where value = -1)::int`.as("down"),
        sql<number>`count(distinct user_id)::int`.as("people"),
        sql<number>`count(*)::int`.as("rows"),
      ])
      .where("proposal_id", "=", proposal)
      .executeTakeFirstOrThrow();
    expect(stored.rows).toBe(stored.people);
    const shown = await getProposal(t.db, null, proposal);
    expect(shown.ok && shown.proposal.votesFor).toBe(stored.up);
    expect(shown.ok && shown.proposal.votesAgainst).toBe(stored.down);
  });
});
