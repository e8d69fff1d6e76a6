import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser, setPhase } from "../../setup/fixtures";
import { addComment, deleteComment, editComment, listComments } from "~/domain/comments/comments.server";
import { getProposal, recomputeTallies } from "~/domain/proposals/proposals.server";
import { getReport } from "~/domain/results/results.server";
import { setVisibility } from "../../setup/moderation";

const t = useTestDatabase();

async function openProposal() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, await createUser(t.db));
  return { admin, consultation, proposal };
}

async function commentOk(...args: Parameters<typeof addComment>) {
  const result = await addComment(...args);
  if (!result.ok) throw new Error(`comment refused: ${result.reason}`);
  return result.id;
}

function commentRow(id: string) {
  return t.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

describe("deleting one's comment", () => {
  it("keeps the row in its place with the text gone for good, and the replies under it", async () => {
    const { proposal } = await openProposal();
    const anna = await createUser(t.db, { name: "Anna" });
    const bernd = await createUser(t.db, { name: "Bernd" });
    const first = await commentOk(t.db, anna, proposal, { body: "Meine private Telefonnummer ist 0661 12345", parentId: null });
    const reply = await commentOk(t.db, bernd, proposal, { body: "Das sollten Sie nicht posten!", parentId: first });
    const second = await commentOk(t.db, bernd, proposal, { body: "Ein zweiter Gedanke", parentId: null });

    expect(await deleteComment(t.db, anna, proposal, first)).toEqual({ ok: true, proposalId: proposal });

    const row = await commentRow(first);
    expect(row.deleted_at).toBeInstanceOf(Date);
    expect(row.body_md).toBe("");
    expect(await countRows(t.db, "comments")).toBe(3);
    expect((await commentRow(reply)).body_md).toBe("Das sollten Sie nicht posten!");

    // Everybody, moderators included, sees the place of the comment without its text or its author.
    for (const reader of [null, bernd, anna, await createUser(t.db, { role: "moderator" })]) {
      const { threads, total } = await listComments(t.db, reader, proposal, 1);
      expect(total).toBe(2);
      expect(threads.map((th) => ({ id: th.id, replies: th.replies.map((r) => r.id) }))).toEqual([
        { id: first, replies: [reply] },
        { id: second, replies: [] },
      ]);
      expect(threads[0]).toMatchObject({ bodyMd: "", authorName: "", authorId: "", deletedAt: expect.any(Date) });
      expect(threads[0].replies[0]).toMatchObject({ bodyMd: "Das sollten Sie nicht posten!", authorName: "Bernd", deletedAt: null });
      expect(threads[1]).toMatchObject({ bodyMd: "Ein zweiter Gedanke", deletedAt: null });
    }
  });

  it("a reply can be deleted too; its thread stays", async () => {
    const { proposal } = await openProposal();
    const anna = await createUser(t.db);
    const top = await commentOk(t.db, await createUser(t.db), proposal, { body: "Oben", parentId: null });
    const reply = await commentOk(t.db, anna, proposal, { body: "Meine Antwort", parentId: top });
    expect(await deleteComment(t.db, anna, proposal, reply)).toMatchObject({ ok: true });
    const { threads } = await listComments(t.db, null, proposal, 1);
    expect(threads[0]).toMatchObject({ id: top, bodyMd: "Oben" });
    expect(threads[0].replies).toMatchObject([{ id: reply, bodyMd: "", deletedAt: expect.any(Date) }]);
  });

  it("deleting again is an ok that changes nothing", async () => {
    const { proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Weg damit", parentId: null });
    expect(await deleteComment(t.db, anna, proposal, id)).toMatchObject({ ok: true });
    const earlier = new Date("2026-01-01T12:00:00Z");
    await t.db.updateTable("comments").set({ deleted_at: earlier }).where("id", "=", id).execute();
    expect(await deleteComment(t.db, anna, proposal, id)).toEqual({ ok: true, proposalId: proposal });
    expect(await commentRow(id)).toMatchObject({ deleted_at: earlier, body_md: "" });
  });

  it("nobody else may delete it, not even a moderator, and nothing changes", async () => {
    const { admin, proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Annas Meinung", parentId: null });
    for (const other of [await createUser(t.db), await createUser(t.db, { role: "moderator" }), admin]) {
      expect(await deleteComment(t.db, other, proposal, id)).toEqual({ ok: false, reason: "not_author" });
    }
    expect(await deleteComment(t.db, null, proposal, id)).toEqual({ ok: false, reason: "login_required" });
    expect(await commentRow(id)).toMatchObject({ body_md: "Annas Meinung", deleted_at: null });
  });

  it("is refused once the consultation is closed", async () => {
    const { consultation, proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Annas Meinung", parentId: null });
    await setPhase(t.db, consultation, "closed");
    expect(await deleteComment(t.db, anna, proposal, id)).toEqual({ ok: false, reason: "not_open" });
    expect(await commentRow(id)).toMatchObject({ body_md: "Annas Meinung", deleted_at: null });
  });

  it("a comment hidden by the moderators stays as they left it", async () => {
    const { admin, proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Eine Beleidigung", parentId: null });
    expect(await setVisibility(t.db, admin, { type: "comment", id }, { hide: true, reason: "Beleidigung einer Person" })).toEqual({
      ok: true,
    });
    expect(await deleteComment(t.db, anna, proposal, id)).toEqual({ ok: false, reason: "hidden" });
    expect(await commentRow(id)).toMatchObject({ body_md: "Eine Beleidigung", deleted_at: null });
  });

  it("unknown comments, and comments of another proposal, are not found", async () => {
    const { consultation, proposal } = await openProposal();
    const anna = await createUser(t.db);
    const other = await createProposal(t.db, consultation, anna, "Ein anderer Vorschlag");
    const id = await commentOk(t.db, anna, other, { body: "Anderswo", parentId: null });
    expect(await deleteComment(t.db, anna, proposal, id)).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteComment(t.db, anna, proposal, "999999")).toEqual({ ok: false, reason: "not_found" });
    expect(await commentRow(id)).toMatchObject({ body_md: "Anderswo", deleted_at: null });
  });
});

describe("after a comment was deleted", () => {
  it("it cannot be edited any more", async () => {
    const { proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Gleich weg", parentId: null });
    await deleteComment(t.db, anna, proposal, id);
    expect(await editComment(t.db, anna, id, "Wieder da")).toEqual({ ok: false, reason: "not_found" });
    expect(await commentRow(id)).toMatchObject({ body_md: "", edited_at: null });
  });

  it("nobody can reply to it", async () => {
    const { proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Gleich weg", parentId: null });
    await deleteComment(t.db, anna, proposal, id);
    expect(await addComment(t.db, await createUser(t.db), proposal, { body: "Eine späte Antwort", parentId: id })).toEqual({
      ok: false,
      reason: "parent_invalid",
    });
    expect(await countRows(t.db, "comments")).toBe(1);
  });

  it("it counts neither in the proposal's comment count nor in the result figures", async () => {
    const { admin, consultation, proposal } = await openProposal();
    const anna = await createUser(t.db);
    const bernd = await createUser(t.db);
    const annas = await commentOk(t.db, anna, proposal, { body: "Annas einziger Beitrag", parentId: null });
    await commentOk(t.db, bernd, proposal, { body: "Bernds Beitrag bleibt", parentId: null });

    const before = await getProposal(t.db, null, proposal);
    expect(before.ok && before.proposal.commentCount).toBe(2);
    await deleteComment(t.db, anna, proposal, annas);

    const after = await getProposal(t.db, null, proposal);
    expect(after.ok && after.proposal.commentCount).toBe(1);
    // The stored tally equals the truth.
    expect(await recomputeTallies(t.db)).toBe(0);

    // A result exists from the closing date on (results.policy).
    await setPhase(t.db, consultation, "closed");
    const report = await getReport(t.db, admin, consultation);
    if (!report.ok) throw new Error(report.reason);
    // Participants: the proposal's author and Bernd; Anna's only contribution is gone.
    expect(report.figures).toMatchObject({ comments: 1, participants: 2, proposals: 1 });
  });
});

describe("moderating a deleted comment", () => {
  it("is not_found: there is nothing left to hide, and the audit log stays empty", async () => {
    const { setVisibility } = await import("../../setup/moderation");
    const { deleteComment, addComment } = await import("~/domain/comments/comments.server");
    const { createConsultation, createProposal, createUser, countRows } = await import("../../setup/fixtures");
    const admin = await createUser(t.db, { role: "admin" });
    const consultation = await createConsultation(t.db, admin, "open");
    const proposal = await createProposal(t.db, consultation, admin);
    const author = await createUser(t.db);
    const added = await addComment(t.db, author, proposal, { body: "Bald gelöscht", parentId: null });
    if (!added.ok) throw new Error(added.reason);
    expect(await deleteComment(t.db, author, proposal, added.id)).toMatchObject({ ok: true });
    const moderator = await createUser(t.db, { role: "moderator" });
    expect(await setVisibility(t.db, moderator, { type: "comment", id: added.id }, { hide: true, reason: "Zu spät gemeldet" })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });
});
