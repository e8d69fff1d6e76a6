import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectOk, expectRedirect, routes } from "../setup/routes";
import { photoBytes } from "../setup/photos";
import { setVisibility } from "../setup/moderation";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment, addSectionComment } from "~/domain/comments/comments.server";
import { addTextDocument } from "~/domain/documents/documents.server";
import { storeFile } from "~/domain/files/files.server";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { latestDecisionId } from "~/domain/moderation/decisions.server";
import { reportContribution } from "~/domain/moderation/flags.server";
import { de } from "~/i18n/de";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as photoRoute from "~/routes/vorschlaege.$id.foto";
import * as sectionPage from "~/routes/abschnitte.$id";
import * as consultationPage from "~/routes/beteiligungen.$id._index";

// How hidden, automatically hidden and waiting contributions show on their pages (issue 9): per kind of hiding and
// per reader (guest, another resident, the author, a moderator) for a proposal, a comment and a photo; the statement
// of reasons for the author and the moderators only; the moderators' inline forms (a house rule, a reason, the version
// they saw) and their refusals, which write nothing.

const t = useTestDatabase();
const r = routes(t);

const REASON = "Persönliche Beleidigung eines Nachbarn";
const MODERATOR_NAME = "Mona Moderatorin";

type Person = { user: CurrentUser; cookie: string };
async function person(opts: Parameters<typeof createUser>[1] = {}): Promise<Person> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function setting(opts: { autoHide?: number } = {}) {
  const admin = await createUser(t.db, { role: "admin" });
  const moderator = await person({ role: "moderator", name: MODERATOR_NAME });
  const author = await person({ name: "Anton Autor" });
  const other = await person();
  const consultation = await createConsultation(t.db, admin);
  if (opts.autoHide) {
    await t.db.updateTable("consultations").set({ auto_hide_threshold: opts.autoHide }).where("id", "=", consultation).execute();
  }
  const proposal = await createProposal(t.db, consultation, author.user, "Mehr Bänke im Stadtpark");
  return { admin, moderator, author, other, consultation, proposal };
}
type Setting = Awaited<ReturnType<typeof setting>>;

/** The four readers of every case: a guest (no cookie), another resident, the author, a moderator. */
const readers = (s: Setting) => ({ guest: undefined, other: s.other.cookie, author: s.author.cookie, moderator: s.moderator.cookie });

const page = (proposal: string, cookie?: string) =>
  r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal }, cookie });
const pageData = async (proposal: string, cookie?: string) => expectOk(await page(proposal, cookie));
const photo = (proposal: string, cookie?: string) =>
  r.get(photoRoute.loader, `/vorschlaege/${proposal}/foto`, { params: { id: proposal }, cookie });
const post = (proposal: string, form: Record<string, string>, cookie: string) =>
  r.post(proposalPage.action, `/vorschlaege/${proposal}`, { params: { id: proposal }, form, cookie });

/** A comment by `author` on the proposal. */
async function comment(proposal: string, author: CurrentUser, body = "Die Bänke sollten aus Holz sein.") {
  const c = await addComment(t.db, author, proposal, { body, parentId: null });
  if (!c.ok) throw new Error(c.reason);
  return c.id;
}

/** Puts an item into the state of pre-moderation: waiting for approval (as the create path stores it then). */
async function waiting(ref: ContributionRef) {
  const table = ref.type === "comment" ? "comments" : "proposals";
  await t.db
    .updateTable(table)
    .set({ hidden_at: sql`now()`, hidden_kind: "review" })
    .where("id", "=", ref.id)
    .execute();
}

/** Residents whose accounts are older than a day: their reports count for auto-hide. */
async function oldResident() {
  const user = await createUser(t.db);
  await t.db
    .updateTable("users")
    .set({ created_at: sql`now() - interval '2 days'` })
    .where("id", "=", user.id)
    .execute();
  return user;
}

/** Hidden automatically: the consultation hides after one report (setting({ autoHide: 1 })), and someone reports it. */
async function autoHidden(ref: ContributionRef) {
  const result = await reportContribution(t.db, await oldResident(), ref, { reason: "insult", note: "" });
  if (!result.ok) throw new Error(result.reason);
}

/** Hidden by a moderator, naming rule 2 of the house rules. */
async function hiddenByDecision(s: Setting, ref: ContributionRef) {
  const result = await setVisibility(t.db, s.moderator.user, ref, { hide: true, reason: REASON, rule: "regel-2" });
  if (!result.ok) throw new Error(result.reason);
}

/** Gives the proposal a stored photo. */
async function withPhoto(s: Setting) {
  const fileId = await storeFile(t.db, s.author.user.id, {
    bytes: await photoBytes("png"),
    mediaType: "image/png",
    originalName: "bank.png",
  });
  await t.db.updateTable("proposals").set({ photo_file_id: fileId, photo_alt: "Eine alte Bank" }).where("id", "=", s.proposal).execute();
}

const decisionId = async (ref: ContributionRef) => latestDecisionId(t.db, ref);
const proposalRow = (id: string) => t.db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const commentRow = (id: string) => t.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const writes = async () => ({ audit: await countRows(t.db, "audit_log"), mails: await countRows(t.db, "mail_outbox") });

/** All comments of the page's threads, replies included (as the loader sends them). */
type CommentData = { id: string } & Record<string, any>;
const commentsOf = (data: { threads: (CommentData & { replies: CommentData[] })[] }): CommentData[] =>
  data.threads.flatMap((th) => [th, ...th.replies]);

describe("a proposal, by kind of hiding and reader", () => {
  it("waiting for approval: only its author (with the note) and the moderators see it; for others the page is not found", async () => {
    const s = await setting();
    await waiting({ type: "proposal", id: s.proposal });
    const { guest, other, author, moderator } = readers(s);
    for (const cookie of [guest, other]) expect((await page(s.proposal, cookie)).status).toBe(404);
    const own = await pageData(s.proposal, author);
    expect(own.proposal).toMatchObject({ title: "Mehr Bänke im Stadtpark", hiddenForReader: false, visibility: "author" });
    expect(own.proposal.hiddenNote).toEqual({ kind: "review", reason: null, rule: null });
    expect(own.statements.proposal).toBeNull();
    const staff = await pageData(s.proposal, moderator);
    expect(staff.proposal).toMatchObject({ title: "Mehr Bänke im Stadtpark", visibility: "staff" });
    // Moderators may approve it or refuse it (hide naming a rule), from the page.
    expect(staff.moderation.proposal).toEqual({ decisions: ["hide", "approve"], seen: "0" });
    // Nor is it in the list for others.
    const list = async (cookie?: string) =>
      (await expectOk(await r.get(consultationPage.loader, `/beteiligungen/${s.consultation}`, { params: { id: s.consultation }, cookie })))
        .proposals;
    expect(await list(guest)).toEqual([]);
    expect(await list(other)).toEqual([]);
    expect(de.hiddenContribution.review).toBe("Wird geprüft – nur Sie und die Moderation sehen diesen Beitrag.");
  });

  it("hidden automatically: others see the placeholder, the author also the statement, moderators the content", async () => {
    const s = await setting({ autoHide: 1 });
    const ref = { type: "proposal" as const, id: s.proposal };
    await autoHidden(ref);
    const { guest, other, author, moderator } = readers(s);
    for (const cookie of [guest, other]) {
      const data = await pageData(s.proposal, cookie);
      expect(data.proposal).toMatchObject({ hiddenForReader: true, title: "", bodyHtml: "", visibility: "placeholder" });
      expect(data.proposal.hiddenNote).toEqual({ kind: "automatic", reason: null, rule: null });
      expect(data.statements.proposal).toBeNull();
    }
    const own = await pageData(s.proposal, author);
    expect(own.proposal).toMatchObject({ hiddenForReader: true, title: "" });
    expect(own.statements.proposal).toMatchObject({
      automatic: true,
      rule: null,
      reason: null,
      objectionOpen: true,
      objectionUrl: `/widerspruch/${await decisionId(ref)}`,
    });
    const staff = await pageData(s.proposal, moderator);
    expect(staff.proposal).toMatchObject({ title: "Mehr Bänke im Stadtpark", visibility: "staff" });
    expect(staff.statements.proposal).toMatchObject({ automatic: true, objectionUrl: null });
    // Confirm (hide naming a rule) or restore.
    expect(staff.moderation.proposal.decisions).toEqual(["hide", "restore"]);
    expect(de.hiddenContribution.automatic).toBe("Vorläufig ausgeblendet, wird geprüft.");
  });

  it("hidden by a moderator: the placeholder names the reason and the rule; author and moderators read the statement", async () => {
    const s = await setting();
    const ref = { type: "proposal" as const, id: s.proposal };
    await hiddenByDecision(s, ref);
    const { guest, other, author, moderator } = readers(s);
    for (const cookie of [guest, other]) {
      const data = await pageData(s.proposal, cookie);
      expect(data.proposal).toMatchObject({ hiddenForReader: true, title: "", bodyHtml: "" });
      expect(data.proposal.hiddenNote).toEqual({
        kind: "decision",
        reason: REASON,
        rule: { key: "regel-2", label: "2", url: "/netiquette#regel-2" },
      });
      expect(data.statements.proposal).toBeNull();
    }
    const own = await pageData(s.proposal, author);
    const statement = own.statements.proposal;
    expect(statement).toMatchObject({
      automatic: false,
      reason: REASON,
      rule: { key: "regel-2", label: "2", url: "/netiquette#regel-2" },
      objectionOpen: true,
      objectionUrl: `/widerspruch/${await decisionId(ref)}`,
    });
    expect(statement.rule.text).toContain("Keine Beleidigungen");
    const days = (new Date(statement.objectionDeadline).getTime() - new Date(statement.hiddenAt).getTime()) / 86_400_000;
    expect(days).toBe(14);
    // Never the moderator's name, nor who decided.
    expect(JSON.stringify(own)).not.toContain(MODERATOR_NAME);
    expect(Object.keys(statement).sort()).toEqual(
      ["automatic", "hiddenAt", "objectionDeadline", "objectionOpen", "objectionUrl", "reason", "rule"].sort(),
    );
    const staff = await pageData(s.proposal, moderator);
    expect(staff.statements.proposal).toMatchObject({ reason: REASON, objectionOpen: true, objectionUrl: null });
    expect(staff.moderation.proposal).toEqual({ decisions: ["restore"], seen: await decisionId(ref) });
  });

  it("after the 14 days the statement says that the period for an objection has ended, with no link", async () => {
    const s = await setting();
    const hiddenAt = new Date(Date.now() - 20 * 86_400_000);
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: hiddenAt, hidden_kind: "decision", hidden_by: s.moderator.user.id, hidden_reason: REASON, hidden_rule: "regel-2" })
      .where("id", "=", s.proposal)
      .execute();
    await t.db
      .insertInto("audit_log")
      .values({
        actor_id: s.moderator.user.id,
        action: "hide",
        target_type: "proposal",
        target_id: s.proposal,
        reason: REASON,
        consultation_id: s.consultation,
        subject_id: s.author.user.id,
        rule: "regel-2",
        rule_text: "Keine Beleidigungen oder Diskriminierung.",
        created_at: hiddenAt,
      })
      .execute();
    const own = await pageData(s.proposal, s.author.cookie);
    expect(own.statements.proposal).toMatchObject({ objectionOpen: false, objectionUrl: null, reason: REASON });
    expect(de.hiddenContribution.statement.objectionClosed("1. Dezember 2026")).toContain("abgelaufen");
  });
});

describe("a comment, by kind of hiding and reader", () => {
  it("waiting for approval: left out of the thread for others; its author sees it with the note, moderators too", async () => {
    const s = await setting();
    const id = await comment(s.proposal, s.author.user);
    await waiting({ type: "comment", id });
    const { guest, other, author, moderator } = readers(s);
    for (const cookie of [guest, other]) expect(commentsOf(await pageData(s.proposal, cookie))).toEqual([]);
    const own = commentsOf(await pageData(s.proposal, author));
    expect(own).toMatchObject([{ id, visibility: "author", hiddenForReader: false, hiddenNote: { kind: "review" }, statement: null }]);
    expect(own[0].bodyHtml).toContain("aus Holz");
    const staff = commentsOf(await pageData(s.proposal, moderator));
    expect(staff).toMatchObject([{ id, visibility: "staff", moderation: { decisions: ["hide", "approve"], seen: "0" } }]);
  });

  it("hidden automatically: a placeholder for others, the statement for its author, content and statement for moderators", async () => {
    const s = await setting({ autoHide: 1 });
    const id = await comment(s.proposal, s.author.user);
    const ref = { type: "comment" as const, id };
    await autoHidden(ref);
    const { guest, other, author, moderator } = readers(s);
    for (const cookie of [guest, other]) {
      expect(commentsOf(await pageData(s.proposal, cookie))).toMatchObject([
        { id, hiddenForReader: true, bodyHtml: "", hiddenNote: { kind: "automatic", reason: null, rule: null }, statement: null },
      ]);
    }
    const [own] = commentsOf(await pageData(s.proposal, author));
    expect(own).toMatchObject({ hiddenForReader: true, bodyHtml: "" });
    expect(own.statement).toMatchObject({ automatic: true, objectionUrl: `/widerspruch/${await decisionId(ref)}` });
    const [staff] = commentsOf(await pageData(s.proposal, moderator));
    expect(staff).toMatchObject({ visibility: "staff", statement: { automatic: true, objectionUrl: null } });
    expect(staff.bodyHtml).toContain("aus Holz");
  });

  it("hidden by a moderator: the placeholder with reason and rule; only author and moderators get the statement", async () => {
    const s = await setting();
    const id = await comment(s.proposal, s.author.user);
    const ref = { type: "comment" as const, id };
    await hiddenByDecision(s, ref);
    const { guest, other, author, moderator } = readers(s);
    for (const cookie of [guest, other]) {
      expect(commentsOf(await pageData(s.proposal, cookie))).toMatchObject([
        {
          id,
          hiddenForReader: true,
          bodyHtml: "",
          hiddenNote: { kind: "decision", reason: REASON, rule: { label: "2", url: "/netiquette#regel-2" } },
          statement: null,
        },
      ]);
    }
    const ownData = await pageData(s.proposal, author);
    expect(commentsOf(ownData)[0].statement).toMatchObject({
      automatic: false,
      reason: REASON,
      rule: { label: "2" },
      objectionUrl: `/widerspruch/${await decisionId(ref)}`,
    });
    expect(JSON.stringify(ownData)).not.toContain(MODERATOR_NAME);
    const [staff] = commentsOf(await pageData(s.proposal, moderator));
    expect(staff).toMatchObject({ visibility: "staff", statement: { reason: REASON, objectionUrl: null } });
  });

  it("on a document section too: the placeholder, the statement for its author, the forms for moderators", async () => {
    const s = await setting();
    const doc = await addTextDocument(t.db, s.admin, s.consultation, { title: "Rahmenplan", description: "", body: "# Ziele\nMehr Grün." });
    if (!doc.ok) throw new Error(doc.reason);
    const section = await t.db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    const c = await addSectionComment(t.db, s.author.user, section.id, { body: "Zum Abschnitt etwas Gemeines", parentId: null });
    if (!c.ok) throw new Error(c.reason);
    const ref = { type: "comment" as const, id: c.id };
    await hiddenByDecision(s, ref);
    const sectionData = async (cookie?: string) =>
      expectOk(await r.get(sectionPage.loader, `/abschnitte/${section.id}`, { params: { id: section.id }, cookie }));
    expect(commentsOf(await sectionData())).toMatchObject([{ id: c.id, hiddenForReader: true, bodyHtml: "", statement: null }]);
    expect(commentsOf(await sectionData(s.author.cookie))[0].statement).toMatchObject({ reason: REASON });
    const staff = await sectionData(s.moderator.cookie);
    expect(commentsOf(staff)[0].moderation).toEqual({ decisions: ["restore"], seen: await decisionId(ref) });
    expect(staff.rules.map((rule: { key: string }) => rule.key)).toContain("regel-2");
    // Restoring from the section page.
    const form = {
      intent: "restore",
      targetType: "comment",
      targetId: c.id,
      reason: "Nach Prüfung in Ordnung",
      seen: await decisionId(ref),
    };
    expectRedirect(
      await r.post(sectionPage.action, `/abschnitte/${section.id}`, { params: { id: section.id }, form, cookie: s.moderator.cookie }),
      `/abschnitte/${section.id}?hinweis=restored#kommentar-${c.id}`,
    );
    expect((await commentRow(c.id)).hidden_at).toBeNull();
  });
});

describe("a proposal's photo, hidden on its own", () => {
  it("by a moderator: the proposal shows, the photo is a placeholder and its address is not found except for moderators", async () => {
    const s = await setting();
    await withPhoto(s);
    const ref = { type: "photo" as const, id: s.proposal };
    expect((await photo(s.proposal)).status).toBe(200);
    await hiddenByDecision(s, ref);
    const { guest, other, author, moderator } = readers(s);
    for (const cookie of [guest, other, author]) {
      const data = await pageData(s.proposal, cookie);
      expect(data.proposal).toMatchObject({ title: "Mehr Bänke im Stadtpark", hiddenForReader: false, photoVisibility: "placeholder" });
      expect(data.proposal.photoHiddenNote).toMatchObject({ kind: "decision", reason: REASON, rule: { label: "2" } });
      expect(data.photoUrl).toBeNull();
      // Its description stays with its author only (their edit form keeps it).
      if (cookie === author) expect(data.proposal.photoAlt).toBe("Eine alte Bank");
      else expect(JSON.stringify(data)).not.toContain("Eine alte Bank");
      expect((await photo(s.proposal, cookie)).status).toBe(404);
    }
    expect((await pageData(s.proposal, guest)).statements.photo).toBeNull();
    expect((await pageData(s.proposal, other)).statements.photo).toBeNull();
    expect((await pageData(s.proposal, author)).statements.photo).toMatchObject({
      reason: REASON,
      objectionUrl: `/widerspruch/${await decisionId(ref)}`,
    });
    const staff = await pageData(s.proposal, moderator);
    expect(staff.proposal).toMatchObject({ photoVisibility: "staff", photoAlt: "Eine alte Bank" });
    expect(staff.photoUrl).toMatch(new RegExp(`^/vorschlaege/${s.proposal}/foto`));
    expect(staff.statements.photo).toMatchObject({ reason: REASON, objectionUrl: null });
    expect(staff.moderation).toEqual({
      proposal: { decisions: ["hide"], seen: "0" },
      photo: { decisions: ["restore"], seen: await decisionId(ref) },
    });
    expect((await photo(s.proposal, moderator)).status).toBe(200);
  });

  it("automatically after reports: the placeholder says it is under review; the address is not found", async () => {
    const s = await setting({ autoHide: 1 });
    await withPhoto(s);
    await autoHidden({ type: "photo", id: s.proposal });
    const data = await pageData(s.proposal);
    expect(data.proposal).toMatchObject({ title: "Mehr Bänke im Stadtpark", photoVisibility: "placeholder", photoFileId: null });
    expect(data.proposal.photoHiddenNote).toEqual({ kind: "automatic", reason: null, rule: null });
    expect((await photo(s.proposal)).status).toBe(404);
    expect((await photo(s.proposal, s.moderator.cookie)).status).toBe(200);
  });

  it("moderators hide and restore the photo from the page, naming a rule", async () => {
    const s = await setting();
    await withPhoto(s);
    const form = {
      intent: "hide",
      targetType: "photo",
      targetId: s.proposal,
      rule: "regel-4",
      reason: "Zeigt eine erkennbare Person",
      seen: "0",
    };
    expectRedirect(await post(s.proposal, form, s.moderator.cookie), `/vorschlaege/${s.proposal}?hinweis=hidden#foto`);
    expect(await proposalRow(s.proposal)).toMatchObject({ hidden_at: null, photo_hidden_kind: "decision", photo_hidden_rule: "regel-4" });
    expect((await photo(s.proposal)).status).toBe(404);
    const seen = await decisionId({ type: "photo", id: s.proposal });
    expectRedirect(
      await post(
        s.proposal,
        { intent: "restore", targetType: "photo", targetId: s.proposal, reason: "Person ist nicht erkennbar", seen },
        s.moderator.cookie,
      ),
      `/vorschlaege/${s.proposal}?hinweis=restored#foto`,
    );
    expect((await proposalRow(s.proposal)).photo_hidden_at).toBeNull();
    expect((await photo(s.proposal)).status).toBe(200);
  });
});

describe("the moderators' inline forms", () => {
  it("are offered to moderators only, with the house rules and each item's version; never about their own content", async () => {
    const s = await setting();
    const others = await comment(s.proposal, s.author.user);
    const own = await comment(s.proposal, s.moderator.user, "Ein Hinweis der Moderation");
    const staff = await pageData(s.proposal, s.moderator.cookie);
    expect(staff.moderation.proposal).toEqual({ decisions: ["hide"], seen: "0" });
    expect(staff.rules.map((rule: { key: string }) => rule.key)).toEqual(expect.arrayContaining(["regel-1", "regel-2"]));
    const byId = new Map(commentsOf(staff).map((c) => [c.id, c.moderation]));
    expect(byId.get(others)).toEqual({ decisions: ["hide"], seen: "0" });
    expect(byId.get(own)).toBeNull();
    for (const cookie of [undefined, s.other.cookie, s.author.cookie]) {
      const data = await pageData(s.proposal, cookie);
      expect(data.rules).toEqual([]);
      expect(data.moderation).toEqual({ proposal: null, photo: null });
      expect(commentsOf(data).every((c) => c.moderation === null)).toBe(true);
    }
  });

  it("hiding names the rule and the reason; the placeholder shows them", async () => {
    const s = await setting();
    const id = await comment(s.proposal, s.author.user);
    const form = {
      intent: "hide",
      targetType: "comment",
      targetId: id,
      rule: "regel-3",
      reason: "Werbung für ein Geschäft",
      seen: "0",
      page: "1",
    };
    expectRedirect(await post(s.proposal, form, s.moderator.cookie), `/vorschlaege/${s.proposal}?seite=1&hinweis=hidden#kommentar-${id}`);
    expect(await commentRow(id)).toMatchObject({
      hidden_kind: "decision",
      hidden_rule: "regel-3",
      hidden_reason: "Werbung für ein Geschäft",
    });
    expect(commentsOf(await pageData(s.proposal))[0].hiddenNote).toMatchObject({
      reason: "Werbung für ein Geschäft",
      rule: { label: "3" },
    });
  });

  it("hiding without a rule is a 400 with the field's error, and writes nothing", async () => {
    const s = await setting();
    const id = await comment(s.proposal, s.author.user);
    const before = await writes();
    for (const [form, field] of [
      [{ intent: "hide", targetType: "comment", targetId: id, reason: REASON, seen: "0" }, "rule"],
      [{ intent: "hide", targetType: "comment", targetId: id, rule: "regel-999", reason: REASON, seen: "0" }, "rule"],
      [{ intent: "hide", rule: "regel-2", reason: "  ", seen: "0" }, "reason"],
    ] as const) {
      const res = await post(s.proposal, form, s.moderator.cookie);
      const body = await bodyOf(res);
      const code = field === "rule" ? "rule_missing" : "reason_missing";
      expect({ status: res.status, formError: body.formError, fieldErrors: body.fieldErrors }).toEqual({
        status: 400,
        formError: code,
        fieldErrors: { [field]: code },
      });
      expect(de.hiddenContribution.errors[code]).toEqual(expect.any(String));
    }
    expect(await writes()).toEqual(before);
    expect((await commentRow(id)).hidden_at).toBeNull();
    expect((await proposalRow(s.proposal)).hidden_at).toBeNull();
  });

  it("a decision made on a stale page (someone decided since) is a 409 and writes nothing", async () => {
    const s = await setting();
    const id = await comment(s.proposal, s.author.user);
    const seenThen = await decisionId({ type: "comment", id });
    // Another moderator hides and restores it in the meantime: it is visible again, but not the version seen.
    const second = await person({ role: "moderator" });
    await setVisibility(t.db, second.user, { type: "comment", id }, { hide: true, reason: REASON });
    await setVisibility(t.db, second.user, { type: "comment", id }, { hide: false, reason: "Doch in Ordnung so" });
    const before = await writes();
    const res = await post(
      s.proposal,
      { intent: "hide", targetType: "comment", targetId: id, rule: "regel-2", reason: REASON, seen: seenThen },
      s.moderator.cookie,
    );
    expect(res.status).toBe(409);
    expect((await bodyOf(res)).formError).toBe("already_decided");
    expect(de.hiddenContribution.errors.already_decided).toMatch(/^Inzwischen hat jemand anderes entschieden/);
    expect(await writes()).toEqual(before);
    expect((await commentRow(id)).hidden_at).toBeNull();
  });

  it("a moderator cannot hide their own comment: 403, nothing written", async () => {
    const s = await setting();
    const own = await comment(s.proposal, s.moderator.user, "Ein Hinweis der Moderation");
    const before = await writes();
    const res = await post(
      s.proposal,
      { intent: "hide", targetType: "comment", targetId: own, rule: "regel-2", reason: REASON, seen: "0" },
      s.moderator.cookie,
    );
    expect(res.status).toBe(403);
    expect((await bodyOf(res)).formError).toBe("own_contribution");
    expect(await writes()).toEqual(before);
    expect((await commentRow(own)).hidden_at).toBeNull();
  });

  it("residents cannot decide: 403, nothing written", async () => {
    const s = await setting();
    const before = await writes();
    const res = await post(s.proposal, { intent: "hide", rule: "regel-2", reason: REASON, seen: "0" }, s.other.cookie);
    expect(res.status).toBe(403);
    expect(await writes()).toEqual(before);
  });

  it("a waiting proposal is approved from its page and then everybody sees it", async () => {
    const s = await setting();
    await waiting({ type: "proposal", id: s.proposal });
    expectRedirect(
      await post(s.proposal, { intent: "approve", seen: "0" }, s.moderator.cookie),
      `/vorschlaege/${s.proposal}?hinweis=approved`,
    );
    expect((await pageData(s.proposal)).proposal).toMatchObject({
      title: "Mehr Bänke im Stadtpark",
      visibility: "visible",
      hiddenNote: null,
    });
  });
});
