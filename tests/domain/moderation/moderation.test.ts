import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser } from "../../setup/fixtures";
import { auditLog } from "~/domain/moderation/moderation.server";
import { setVisibility } from "../../setup/moderation";
import { getProposal, listProposals, updateProposal } from "~/domain/proposals/proposals.server";
import { addComment, editComment, listComments } from "~/domain/comments/comments.server";
import { castVote } from "~/domain/votes/votes.server";
import { loadConsultation } from "~/domain/consultations/consultations.server";

const t = useTestDatabase();

const REASON = "Beleidigender Inhalt entgegen den Regeln";

/** An open consultation with one proposal by a resident, one comment on it, and a moderator. */
async function scene() {
  const admin = await createUser(t.db, { role: "admin" });
  const moderator = await createUser(t.db, { role: "moderator", name: "Mia Moderation" });
  const author = await createUser(t.db);
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, author, "Parkplatz am Markt abschaffen");
  const { id: comment } = await t.db
    .insertInto("comments")
    .values({ proposal_id: proposal, author_id: author.id, body_md: "Ein unfreundlicher Kommentar" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { admin, moderator, author, consultation, proposal, comment };
}

function auditRows() {
  return t.db.selectFrom("audit_log").selectAll().orderBy("id").execute();
}

describe("hiding and restoring contributions", () => {
  it("a moderator hides a proposal: the content stays stored, the public sees only the reason", async () => {
    const { moderator, author, proposal } = await scene();
    expect(await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason: `  ${REASON}  ` })).toEqual({
      ok: true,
    });

    // Nothing is deleted: who hid it, when and why is kept with the content.
    const row = await t.db.selectFrom("proposals").selectAll().where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      title: "Parkplatz am Markt abschaffen",
      body_md: "Beschreibung des Vorschlags",
      hidden_by: moderator.id,
      hidden_reason: REASON,
    });
    expect(row.hidden_at).not.toBeNull();

    for (const reader of [null, await createUser(t.db), author]) {
      const shown = await getProposal(t.db, reader, proposal);
      expect(shown.ok && { title: shown.proposal.title, bodyMd: shown.proposal.bodyMd, hiddenReason: shown.proposal.hiddenReason }).toEqual(
        {
          title: "",
          bodyMd: "",
          hiddenReason: REASON,
        },
      );
    }
    const forModerator = await getProposal(t.db, moderator, proposal);
    expect(forModerator.ok && forModerator.proposal).toMatchObject({
      title: "Parkplatz am Markt abschaffen",
      bodyMd: "Beschreibung des Vorschlags",
      hiddenReason: REASON,
    });
  });

  it("the proposal list also shows the placeholder in place of a hidden proposal", async () => {
    const { moderator, consultation, proposal } = await scene();
    await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason: REASON });
    const c = (await loadConsultation(t.db, consultation))!;
    const { items } = await listProposals(t.db, null, c, 1);
    expect(items.map((p) => ({ id: p.id, title: p.title, hiddenReason: p.hiddenReason }))).toEqual([
      { id: proposal, title: "", hiddenReason: REASON },
    ]);
  });

  it("a moderator hides a comment: it keeps its place, the public sees an empty body with the reason", async () => {
    const { moderator, author, proposal, comment } = await scene();
    expect(await setVisibility(t.db, moderator, { type: "comment", id: comment }, { hide: true, reason: REASON })).toEqual({ ok: true });

    const row = await t.db.selectFrom("comments").selectAll().where("id", "=", comment).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ body_md: "Ein unfreundlicher Kommentar", hidden_by: moderator.id, hidden_reason: REASON });

    for (const reader of [null, author]) {
      const { threads } = await listComments(t.db, reader, proposal, 1);
      expect(threads).toHaveLength(1);
      expect(threads[0]).toMatchObject({ id: comment, bodyMd: "", hiddenReason: REASON });
    }
    const { threads } = await listComments(t.db, moderator, proposal, 1);
    expect(threads[0]).toMatchObject({ bodyMd: "Ein unfreundlicher Kommentar", hiddenReason: REASON });
  });

  it("a hidden reply is shown as a placeholder too", async () => {
    const { moderator, author, proposal, comment } = await scene();
    const reply = await addComment(t.db, author, proposal, { body: "Eine Antwort mit Beleidigung", parentId: comment });
    if (!reply.ok) throw new Error(reply.reason);
    await setVisibility(t.db, moderator, { type: "comment", id: reply.id }, { hide: true, reason: REASON });
    const { threads } = await listComments(t.db, null, proposal, 1);
    expect(threads[0].bodyMd).toBe("Ein unfreundlicher Kommentar");
    expect(threads[0].replies).toEqual([expect.objectContaining({ id: reply.id, bodyMd: "", hiddenReason: REASON })]);
  });

  it("writes who hid what and why into the audit log", async () => {
    const { moderator, proposal, comment } = await scene();
    await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason: REASON });
    await setVisibility(t.db, moderator, { type: "comment", id: comment }, { hide: true, reason: "Persönlicher Angriff" });
    expect(
      (await auditRows()).map((r) => ({ actor: r.actor_id, action: r.action, type: r.target_type, target: r.target_id, reason: r.reason })),
    ).toEqual([
      { actor: moderator.id, action: "hide", type: "proposal", target: proposal, reason: REASON },
      { actor: moderator.id, action: "hide", type: "comment", target: comment, reason: "Persönlicher Angriff" },
    ]);
    // Moderators can read it, newest first, with the actor's name.
    const log = await auditLog(t.db, moderator, 1, 20);
    expect(log.ok && log.rows.map((r) => [r.action, r.targetType, r.actorName])).toEqual([
      ["hide", "comment", "Mia Moderation"],
      ["hide", "proposal", "Mia Moderation"],
    ]);
  });

  it("admins have moderator rights", async () => {
    const { admin, proposal } = await scene();
    expect(await setVisibility(t.db, admin, { type: "proposal", id: proposal }, { hide: true, reason: REASON })).toEqual({ ok: true });
    const row = await t.db.selectFrom("proposals").select("hidden_by").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(row.hidden_by).toBe(admin.id);
  });

  it("residents, council members and guests may not hide anything, and nothing is written", async () => {
    const { author, proposal, comment } = await scene();
    const actors = [null, author, await createUser(t.db), await createUser(t.db, { role: "council" })];
    for (const actor of actors) {
      expect(await setVisibility(t.db, actor, { type: "proposal", id: proposal }, { hide: true, reason: REASON })).toEqual({
        ok: false,
        reason: "forbidden",
      });
      expect(await setVisibility(t.db, actor, { type: "comment", id: comment }, { hide: true, reason: REASON })).toEqual({
        ok: false,
        reason: "forbidden",
      });
    }
    expect(await countRows(t.db, "audit_log")).toBe(0);
    const p = await t.db.selectFrom("proposals").select("hidden_at").where("id", "=", proposal).executeTakeFirstOrThrow();
    const c = await t.db.selectFrom("comments").select("hidden_at").where("id", "=", comment).executeTakeFirstOrThrow();
    expect([p.hidden_at, c.hidden_at]).toEqual([null, null]);
    // Nor may they read the audit log.
    expect(await auditLog(t.db, author, 1, 20)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("requires a reason of at least 5 characters, for hiding and for restoring", async () => {
    const { moderator, proposal } = await scene();
    for (const reason of ["", "kurz", "   abc    "]) {
      expect(await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason })).toEqual({
        ok: false,
        reason: "reason_missing",
      });
    }
    const p = await t.db.selectFrom("proposals").select("hidden_at").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(p.hidden_at).toBeNull();
    await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason: REASON });
    expect(await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: false, reason: "ok" })).toEqual({
      ok: false,
      reason: "reason_missing",
    });
    expect(await countRows(t.db, "audit_log")).toBe(1);
  });

  it("answers not_found for an unknown proposal or comment, writing no audit entry", async () => {
    const { moderator } = await scene();
    expect(await setVisibility(t.db, moderator, { type: "proposal", id: "999999" }, { hide: true, reason: REASON })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await setVisibility(t.db, moderator, { type: "comment", id: "999999" }, { hide: true, reason: REASON })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("restoring makes the content public again and is logged with its reason", async () => {
    const { moderator, proposal, comment } = await scene();
    await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason: REASON });
    await setVisibility(t.db, moderator, { type: "comment", id: comment }, { hide: true, reason: REASON });
    expect(
      await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: false, reason: "Nach Prüfung zulässig" }),
    ).toEqual({ ok: true });
    expect(
      await setVisibility(t.db, moderator, { type: "comment", id: comment }, { hide: false, reason: "Nach Prüfung zulässig" }),
    ).toEqual({ ok: true });

    const shown = await getProposal(t.db, null, proposal);
    expect(shown.ok && shown.proposal).toMatchObject({ title: "Parkplatz am Markt abschaffen", hiddenAt: null, hiddenReason: null });
    const { threads } = await listComments(t.db, null, proposal, 1);
    expect(threads[0]).toMatchObject({ bodyMd: "Ein unfreundlicher Kommentar", hiddenReason: null });
    const row = await t.db.selectFrom("proposals").select(["hidden_by", "hidden_at"]).where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(row).toEqual({ hidden_by: null, hidden_at: null });

    const log = await auditRows();
    expect(log.map((r) => [r.action, r.target_type, r.reason])).toEqual([
      ["hide", "proposal", REASON],
      ["hide", "comment", REASON],
      ["restore", "proposal", "Nach Prüfung zulässig"],
      ["restore", "comment", "Nach Prüfung zulässig"],
    ]);
  });

  it("the audit log is append-only: the database refuses to change or delete an entry", async () => {
    const { moderator, proposal } = await scene();
    await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason: REASON });
    await expect(t.db.updateTable("audit_log").set({ reason: "geschönt" }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set actor_id = ${(await createUser(t.db)).id}`.execute(t.db)).rejects.toThrow(/append-only/);
    expect((await auditRows()).map((r) => [r.actor_id, r.reason])).toEqual([[moderator.id, REASON]]);
  });
});

describe("hidden proposals are closed for contributions", () => {
  it("cannot be voted on or commented, and their author cannot edit them", async () => {
    const { moderator, author, proposal, comment } = await scene();
    const resident = await createUser(t.db);
    await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason: REASON });
    expect(await castVote(t.db, resident, proposal, 1)).toEqual({ ok: false, reason: "hidden" });
    expect(await addComment(t.db, resident, proposal, { body: "Noch ein Kommentar", parentId: null })).toEqual({
      ok: false,
      reason: "hidden",
    });
    expect(await addComment(t.db, resident, proposal, { body: "Eine Antwort", parentId: comment })).toEqual({
      ok: false,
      reason: "hidden",
    });
    const edit = { title: "Neuer Titel für den Vorschlag", body: "Eine neue, längere Beschreibung", lat: 50.55, lng: 9.67 };
    expect(await updateProposal(t.db, author, proposal, edit)).toEqual({ ok: false, reason: "hidden" });
    expect(await countRows(t.db, "votes")).toBe(0);
    expect(await countRows(t.db, "comments")).toBe(1);
    const row = await t.db.selectFrom("proposals").select("title").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(row.title).toBe("Parkplatz am Markt abschaffen");
    // Once restored, they are open again.
    await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: false, reason: "Nach Prüfung zulässig" });
    expect(await castVote(t.db, resident, proposal, 1)).toEqual({ ok: true, myVote: 1 });
    expect(await countRows(t.db, "votes")).toBe(1);
  });

  it("a hidden comment cannot be edited by its author", async () => {
    const { moderator, author, comment } = await scene();
    await setVisibility(t.db, moderator, { type: "comment", id: comment }, { hide: true, reason: REASON });
    expect(await editComment(t.db, author, comment, "Jetzt ganz freundlich")).toEqual({ ok: false, reason: "hidden" });
    const row = await t.db.selectFrom("comments").select(["body_md", "edited_at"]).where("id", "=", comment).executeTakeFirstOrThrow();
    expect(row).toEqual({ body_md: "Ein unfreundlicher Kommentar", edited_at: null });
  });
});
