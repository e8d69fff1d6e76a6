import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser, setPhase } from "../../setup/fixtures";
import { addComment, editComment, getOwnComment, listComments } from "~/domain/comments/comments.server";

const t = useTestDatabase();

async function openProposal() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, await createUser(t.db));
  return { admin, consultation, proposal };
}

/** Moves a comment's writing time into the past, as time would. */
async function writtenMinutesAgo(id: string, minutes: number) {
  await sql`update comments set created_at = now() - ${minutes}::int * interval '1 minute' where id = ${id}`.execute(t.db);
}

/** Adds a comment and returns its id, failing the test if it was refused. */
async function commentOk(...args: Parameters<typeof addComment>) {
  const result = await addComment(...args);
  if (!result.ok) throw new Error(`comment refused: ${result.reason}`);
  return result.id;
}

describe("adding comments", () => {
  it("a verified resident comments and replies; staff may comment too", async () => {
    const { admin, proposal } = await openProposal();
    const anna = await createUser(t.db, { name: "Anna" });
    const top = await commentOk(t.db, anna, proposal, { body: "Gute Idee, aber zu teuer?", parentId: null });
    const reply = await commentOk(t.db, admin, proposal, { body: "Die Kosten prüfen wir.", parentId: top });

    const rows = await t.db.selectFrom("comments").selectAll().orderBy("id").execute();
    expect(rows.map((r) => ({ id: r.id, parent: r.parent_id, author: r.author_id, body: r.body_md }))).toEqual([
      { id: top, parent: null, author: anna.id, body: "Gute Idee, aber zu teuer?" },
      { id: reply, parent: top, author: admin.id, body: "Die Kosten prüfen wir." },
    ]);
  });

  it("allows one level of replies only: a reply to a reply is refused", async () => {
    const { proposal } = await openProposal();
    const resident = await createUser(t.db);
    const top = await commentOk(t.db, resident, proposal, { body: "Erster Kommentar", parentId: null });
    const reply = await commentOk(t.db, resident, proposal, { body: "Eine Antwort", parentId: top });
    expect(await addComment(t.db, resident, proposal, { body: "Antwort auf die Antwort", parentId: reply })).toEqual({
      ok: false,
      reason: "parent_invalid",
    });
    expect(await countRows(t.db, "comments")).toBe(2);
  });

  it("refuses a parent from another proposal, or one that does not exist", async () => {
    const { consultation, proposal } = await openProposal();
    const resident = await createUser(t.db);
    const otherProposal = await createProposal(t.db, consultation, resident, "Ein anderer Vorschlag");
    const elsewhere = await commentOk(t.db, resident, otherProposal, { body: "Kommentar woanders", parentId: null });
    expect(await addComment(t.db, resident, proposal, { body: "Antwort über Kreuz", parentId: elsewhere })).toEqual({
      ok: false,
      reason: "parent_invalid",
    });
    expect(await addComment(t.db, resident, proposal, { body: "Antwort ins Leere", parentId: "999999" })).toEqual({
      ok: false,
      reason: "parent_invalid",
    });
    expect(await countRows(t.db, "comments")).toBe(1);
  });

  it("refuses guests, unverified residents and council members, writing nothing", async () => {
    const { proposal } = await openProposal();
    const body = { body: "Mein Kommentar", parentId: null };
    expect(await addComment(t.db, null, proposal, body)).toEqual({ ok: false, reason: "login_required" });
    expect(await addComment(t.db, await createUser(t.db, { verified: false }), proposal, body)).toEqual({
      ok: false,
      reason: "not_verified",
    });
    expect(await addComment(t.db, await createUser(t.db, { role: "council" }), proposal, body)).toEqual({
      ok: false,
      reason: "role_cannot_contribute",
    });
    expect(await countRows(t.db, "comments")).toBe(0);
  });

  it("refuses comments once the consultation is closed, and on unknown proposals", async () => {
    const { consultation, proposal } = await openProposal();
    const resident = await createUser(t.db);
    await setPhase(t.db, consultation, "closed");
    expect(await addComment(t.db, resident, proposal, { body: "Zu spät", parentId: null })).toEqual({ ok: false, reason: "not_open" });
    expect(await addComment(t.db, resident, "999999", { body: "Wohin?", parentId: null })).toEqual({ ok: false, reason: "not_found" });
    expect(await countRows(t.db, "comments")).toBe(0);
  });

  it("limits how many contributions one person makes in a short time (30 in 5 minutes)", async () => {
    const { proposal } = await openProposal();
    const flooder = await createUser(t.db);
    for (let i = 0; i < 30; i++) await commentOk(t.db, flooder, proposal, { body: `Kommentar ${i}`, parentId: null });
    const refused = await addComment(t.db, flooder, proposal, { body: "Noch einer", parentId: null });
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    // The refusal says how long to wait (for the Retry-After header).
    expect(!refused.ok && "retryAfter" in refused && refused.retryAfter).toBeGreaterThan(0);
    expect(await countRows(t.db, "comments")).toBe(30);
    // Others are not affected.
    await commentOk(t.db, await createUser(t.db), proposal, { body: "Ich darf noch", parentId: null });
  });
});

describe("editing comments", () => {
  it("the author edits their comment, which is then marked as edited", async () => {
    const { proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Mit Tippfeler", parentId: null });
    const before = await t.db.selectFrom("comments").select("edited_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(before.edited_at).toBeNull();

    expect(await editComment(t.db, anna, id, "Ohne Tippfehler")).toEqual({ ok: true, proposalId: proposal, sectionId: null });
    const { threads } = await listComments(t.db, null, proposal, 1);
    expect(threads[0].bodyMd).toBe("Ohne Tippfehler");
    expect(threads[0].editedAt).not.toBeNull();
  });

  it("nobody else may edit it, not even a moderator", async () => {
    const { admin, proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Annas Meinung", parentId: null });
    for (const other of [await createUser(t.db), await createUser(t.db, { role: "moderator" }), admin]) {
      expect(await editComment(t.db, other, id, "Fremde Worte")).toEqual({ ok: false, reason: "not_author" });
      expect(await getOwnComment(t.db, other, id)).toEqual({ ok: false, reason: "not_author" });
    }
    expect(await editComment(t.db, null, id, "Fremde Worte")).toMatchObject({ ok: false, reason: "login_required" });
    const row = await t.db.selectFrom("comments").select(["body_md", "edited_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ body_md: "Annas Meinung", edited_at: null });
    expect(await getOwnComment(t.db, anna, id)).toMatchObject({ ok: true, comment: { bodyMd: "Annas Meinung" } });
  });

  it("is refused once the consultation is closed", async () => {
    const { consultation, proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Annas Meinung", parentId: null });
    await setPhase(t.db, consultation, "closed");
    expect(await editComment(t.db, anna, id, "Nachträglich geändert")).toEqual({ ok: false, reason: "not_open" });
    const row = await t.db.selectFrom("comments").select(["body_md", "edited_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ body_md: "Annas Meinung", edited_at: null });
    expect(await editComment(t.db, anna, "999999", "Nichts")).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("the 15-minute edit window", () => {
  it("the author may still edit 14 minutes after writing", async () => {
    const { proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "Erster Gedanke", parentId: null });
    await writtenMinutesAgo(id, 14);
    expect(await getOwnComment(t.db, anna, id)).toMatchObject({ ok: true, comment: { bodyMd: "Erster Gedanke" } });
    expect(await editComment(t.db, anna, id, "Zweiter Gedanke")).toEqual({ ok: true, proposalId: proposal, sectionId: null });
    expect(await t.db.selectFrom("comments").select("body_md").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({
      body_md: "Zweiter Gedanke",
    });
  });

  it("after 15 minutes the comment can no longer be edited, and nothing changes", async () => {
    const { proposal } = await openProposal();
    const anna = await createUser(t.db);
    const id = await commentOk(t.db, anna, proposal, { body: "So bleibt es", parentId: null });
    await writtenMinutesAgo(id, 16);
    const before = await t.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

    expect(await editComment(t.db, anna, id, "Doch anders")).toEqual({ ok: false, reason: "edit_window_closed" });
    // The edit form is not offered either.
    expect(await getOwnComment(t.db, anna, id)).toEqual({ ok: false, reason: "edit_window_closed" });
    expect(await t.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(before);
    expect(before).toMatchObject({ body_md: "So bleibt es", edited_at: null });
  });

  it("others are still told it is not theirs (not that the time is over)", async () => {
    const { proposal } = await openProposal();
    const id = await commentOk(t.db, await createUser(t.db), proposal, { body: "Annas Meinung", parentId: null });
    await writtenMinutesAgo(id, 16);
    expect(await editComment(t.db, await createUser(t.db), id, "Fremde Worte")).toEqual({ ok: false, reason: "not_author" });
  });
});

describe("listing comments", () => {
  it("returns threads oldest first, with their replies nested oldest first", async () => {
    const { proposal } = await openProposal();
    const [a, b, c] = [await createUser(t.db, { name: "A" }), await createUser(t.db, { name: "B" }), await createUser(t.db, { name: "C" })];
    const first = await commentOk(t.db, a, proposal, { body: "Erster", parentId: null });
    const second = await commentOk(t.db, b, proposal, { body: "Zweiter", parentId: null });
    const replyToFirst1 = await commentOk(t.db, c, proposal, { body: "Antwort 1 auf Ersten", parentId: first });
    const third = await commentOk(t.db, c, proposal, { body: "Dritter", parentId: null });
    const replyToSecond = await commentOk(t.db, a, proposal, { body: "Antwort auf Zweiten", parentId: second });
    const replyToFirst2 = await commentOk(t.db, b, proposal, { body: "Antwort 2 auf Ersten", parentId: first });

    const { threads, total } = await listComments(t.db, null, proposal, 1);
    // total counts threads (top-level comments), which is what the pages are made of.
    expect(total).toBe(3);
    expect(threads.map((th) => ({ id: th.id, author: th.authorName, replies: th.replies.map((r) => r.id) }))).toEqual([
      { id: first, author: "A", replies: [replyToFirst1, replyToFirst2] },
      { id: second, author: "B", replies: [replyToSecond] },
      { id: third, author: "C", replies: [] },
    ]);
    expect(threads[0].replies.map((r) => r.bodyMd)).toEqual(["Antwort 1 auf Ersten", "Antwort 2 auf Ersten"]);
  });

  it("pages threads 20 at a time, each page with its own replies", async () => {
    const { proposal } = await openProposal();
    const ids: string[] = [];
    // Several authors, so the contribution limit does not get in the way.
    const authors = [await createUser(t.db), await createUser(t.db)];
    for (let i = 0; i < 22; i++) ids.push(await commentOk(t.db, authors[i % 2], proposal, { body: `Kommentar ${i}`, parentId: null }));
    const lastReply = await commentOk(t.db, authors[0], proposal, { body: "Antwort auf den letzten", parentId: ids[21] });

    const page1 = await listComments(t.db, null, proposal, 1);
    const page2 = await listComments(t.db, null, proposal, 2);
    expect(page1.total).toBe(22);
    expect(page1.threads.map((th) => th.id)).toEqual(ids.slice(0, 20));
    expect(page2.threads.map((th) => th.id)).toEqual(ids.slice(20));
    expect(page2.threads[1].replies.map((r) => r.id)).toEqual([lastReply]);
  });
});
