import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createProposal, createUser } from "../../setup/fixtures";
import { isFollowing, listFollows, setFollowing, setReplyNotifications } from "~/domain/follows/follows.server";
import { createProposal as submitProposal } from "~/domain/proposals/proposals.server";
import { proposalSchema } from "~/domain/proposals/proposals.schema";

const t = useTestDatabase();

async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, await createUser(t.db), "Mehr Bänke am Fluss");
  return { admin, consultation, proposal };
}

function followRows() {
  return t.db.selectFrom("follows").select(["user_id", "proposal_id", "consultation_id"]).orderBy("id").execute();
}

describe("following and unfollowing", () => {
  it("a verified resident follows a proposal and a consultation, and stops again", async () => {
    const { consultation, proposal } = await setting();
    const anna = await createUser(t.db);
    expect(await setFollowing(t.db, anna, { type: "proposal", id: proposal }, true)).toEqual({ ok: true, following: true });
    expect(await setFollowing(t.db, anna, { type: "consultation", id: consultation }, true)).toEqual({ ok: true, following: true });
    expect(await followRows()).toEqual([
      { user_id: anna.id, proposal_id: proposal, consultation_id: null },
      { user_id: anna.id, proposal_id: null, consultation_id: consultation },
    ]);
    expect(await isFollowing(t.db, anna, { type: "proposal", id: proposal })).toBe(true);
    expect(await isFollowing(t.db, anna, { type: "consultation", id: consultation })).toBe(true);
    expect(await isFollowing(t.db, null, { type: "proposal", id: proposal })).toBe(false);

    expect(await setFollowing(t.db, anna, { type: "proposal", id: proposal }, false)).toEqual({ ok: true, following: false });
    expect(await isFollowing(t.db, anna, { type: "proposal", id: proposal })).toBe(false);
    expect(await isFollowing(t.db, anna, { type: "consultation", id: consultation })).toBe(true);
  });

  it("is idempotent: a repeated or concurrent follow makes one row, a repeated unfollow is no error", async () => {
    const { proposal, consultation } = await setting();
    const anna = await createUser(t.db);
    const follow = () => setFollowing(t.db, anna, { type: "proposal", id: proposal }, true);
    await follow();
    expect(await follow()).toEqual({ ok: true, following: true });
    const concurrent = await Promise.all([
      follow(),
      follow(),
      follow(),
      setFollowing(t.db, anna, { type: "consultation", id: consultation }, true),
      setFollowing(t.db, anna, { type: "consultation", id: consultation }, true),
    ]);
    expect(concurrent.every((r) => r.ok)).toBe(true);
    expect(await followRows()).toHaveLength(2);

    const unfollow = () => setFollowing(t.db, anna, { type: "proposal", id: proposal }, false);
    expect(await unfollow()).toEqual({ ok: true, following: false });
    expect(await unfollow()).toEqual({ ok: true, following: false });
    expect(await followRows()).toEqual([{ user_id: anna.id, proposal_id: null, consultation_id: consultation }]);
  });

  it("refuses guests and people whose address is not confirmed, writing nothing", async () => {
    const { proposal, consultation } = await setting();
    const unverified = await createUser(t.db, { verified: false });
    expect(await setFollowing(t.db, null, { type: "proposal", id: proposal }, true)).toEqual({ ok: false, reason: "login_required" });
    expect(await setFollowing(t.db, unverified, { type: "proposal", id: proposal }, true)).toEqual({ ok: false, reason: "not_verified" });
    expect(await setFollowing(t.db, unverified, { type: "consultation", id: consultation }, true)).toEqual({
      ok: false,
      reason: "not_verified",
    });
    expect(await followRows()).toEqual([]);
  });

  it("a suspended account follows nothing new while suspended, but can stop following", async () => {
    const { proposal } = await setting();
    const anna = await createUser(t.db);
    await setFollowing(t.db, anna, { type: "proposal", id: proposal }, true);
    const suspended = { ...anna, suspendedUntil: new Date(Date.now() + 86_400_000).toISOString(), suspensionReason: "Beleidigungen" };
    const { consultation } = await setting();
    expect(await setFollowing(t.db, suspended, { type: "consultation", id: consultation }, true)).toEqual({
      ok: false,
      reason: "suspended",
    });
    expect(await setFollowing(t.db, suspended, { type: "proposal", id: proposal }, false)).toEqual({ ok: true, following: false });
    expect(await followRows()).toEqual([]);
  });

  it("a draft consultation and its proposals cannot be followed by residents (not found); admins may", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const draft = await createConsultation(t.db, admin, "draft");
    const proposal = await createProposal(t.db, draft, admin);
    const resident = await createUser(t.db);
    expect(await setFollowing(t.db, resident, { type: "consultation", id: draft }, true)).toEqual({ ok: false, reason: "not_found" });
    expect(await setFollowing(t.db, resident, { type: "proposal", id: proposal }, true)).toEqual({ ok: false, reason: "not_found" });
    expect(await setFollowing(t.db, resident, { type: "proposal", id: "999999" }, true)).toEqual({ ok: false, reason: "not_found" });
    expect(await followRows()).toEqual([]);
    expect(await setFollowing(t.db, admin, { type: "consultation", id: draft }, true)).toEqual({ ok: true, following: true });
  });

  it("allows following in every visible phase, and council members may follow too", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const council = await createUser(t.db, { role: "council" });
    for (const phase of ["scheduled", "open", "closed"] as const) {
      const consultation = await createConsultation(t.db, admin, phase);
      expect(await setFollowing(t.db, council, { type: "consultation", id: consultation }, true)).toEqual({ ok: true, following: true });
    }
  });

  it("a hidden proposal cannot be followed, but one can always stop following it", async () => {
    const { admin, proposal } = await setting();
    const anna = await createUser(t.db);
    await setFollowing(t.db, anna, { type: "proposal", id: proposal }, true);
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: admin.id, hidden_reason: "Beleidigung" })
      .execute();
    const bert = await createUser(t.db);
    expect(await setFollowing(t.db, bert, { type: "proposal", id: proposal }, true)).toEqual({ ok: false, reason: "hidden" });
    expect(await setFollowing(t.db, anna, { type: "proposal", id: proposal }, false)).toEqual({ ok: true, following: false });
    expect(await followRows()).toEqual([]);
  });

  it("the author of a new proposal follows it from the start", async () => {
    const { consultation } = await setting();
    const anna = await createUser(t.db);
    const input = proposalSchema.parse({
      title: "Ein Trinkbrunnen am Markt",
      body: "Im Sommer fehlt Wasser für alle.",
      lat: "50,55",
      lng: "9,67",
    });
    const result = await submitProposal(t.db, anna, consultation, input);
    if (!result.ok) throw new Error(result.reason);
    expect(await isFollowing(t.db, anna, { type: "proposal", id: result.id })).toBe(true);
  });
});

describe("my notifications (Mein Konto)", () => {
  it("lists what one follows, newest first, without the titles of hidden proposals, and the reply setting", async () => {
    const { admin, consultation, proposal } = await setting();
    const hiddenOne = await createProposal(t.db, consultation, admin, "Geheimer Titel");
    const anna = await createUser(t.db);
    await setFollowing(t.db, anna, { type: "consultation", id: consultation }, true);
    await setFollowing(t.db, anna, { type: "proposal", id: proposal }, true);
    await setFollowing(t.db, anna, { type: "proposal", id: hiddenOne }, true);
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: admin.id, hidden_reason: "Spam" })
      .where("id", "=", hiddenOne)
      .execute();
    await setFollowing(t.db, await createUser(t.db), { type: "proposal", id: proposal }, true);

    const list = await listFollows(t.db, anna, 1);
    const title = (await t.db.selectFrom("consultations").select("title").executeTakeFirstOrThrow()).title;
    expect(list.total).toBe(3);
    expect(list.notifyReplies).toBe(true);
    expect(list.items).toEqual([
      { type: "proposal", id: hiddenOne, hidden: true, title: "", consultationId: consultation, consultationTitle: title },
      {
        type: "proposal",
        id: proposal,
        hidden: false,
        title: "Mehr Bänke am Fluss",
        consultationId: consultation,
        consultationTitle: title,
      },
      { type: "consultation", id: consultation, hidden: false, title, consultationId: consultation, consultationTitle: title },
    ]);

    await setReplyNotifications(t.db, anna, false);
    expect((await listFollows(t.db, anna, 1)).notifyReplies).toBe(false);
    await setReplyNotifications(t.db, anna, true);
    expect((await listFollows(t.db, anna, 1)).notifyReplies).toBe(true);
  });

  it("shows 20 per page", async () => {
    const { admin, consultation } = await setting();
    const anna = await createUser(t.db);
    for (let i = 0; i < 23; i++) {
      await setFollowing(t.db, anna, { type: "proposal", id: await createProposal(t.db, consultation, admin, `Vorschlag ${i}`) }, true);
    }
    const first = await listFollows(t.db, anna, 1);
    const second = await listFollows(t.db, anna, 2);
    expect([first.items.length, second.items.length, first.total]).toEqual([20, 3, 23]);
  });
});
