import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { addTextDocument } from "~/domain/documents/documents.server";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as editProposal from "~/routes/vorschlaege.$id.bearbeiten";
import * as answerForm from "~/routes/vorschlaege.$id.stellungnahme";
import * as preview from "~/routes/vorschlaege.$id.vorschau";
import * as photo from "~/routes/vorschlaege.$id.foto";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as resultPage from "~/routes/beteiligungen.$id.ergebnis._index";
import * as resultEditor from "~/routes/beteiligungen.$id.ergebnis.bearbeiten";
import * as follow from "~/routes/vorschlaege.$id.folgen";
import * as documentPage from "~/routes/dokumente.$id._index";
import * as sectionPage from "~/routes/abschnitte.$id";
import * as editComment from "~/routes/kommentare.$id.bearbeiten";
import * as accountPage from "~/routes/konto";
import * as consultationEditor from "~/routes/verwaltung.$id";
import * as adminIndex from "~/routes/verwaltung._index";
import * as newConsultation from "~/routes/verwaltung.neu";
import * as adminPreview from "~/routes/verwaltung.vorschau";
import * as documentsAdmin from "~/routes/verwaltung.$id_.dokumente._index";
import * as newTextDocument from "~/routes/verwaltung.$id_.dokumente.text";
import * as documentEditor from "~/routes/verwaltung.dokumente.$id";
import * as moderationPage from "~/routes/moderation._index";
import { consultationAdminRefusal } from "~/domain/consultations/consultations.policy";
import { documentManageRefusal } from "~/domain/documents/documents.policy";
import { moderationRefusal } from "~/domain/moderation/moderation.policy";
import * as unsubscribePage from "~/routes/abbestellen";
import { signUnsubscribeToken } from "~/domain/follows/unsubscribe-token.server";

// Item 10 of issue 8: one function per rule, asked by the server and the page alike. Each test shows the page the
// policy's answer (sent by the loader) and the server enforcing the same rule, so removing a rule fails both halves.

const t = useTestDatabase();
const r = routes(t);

type Person = { user: CurrentUser; cookie: string };
async function person(role: Role = "resident", opts: { verified?: boolean } = {}): Promise<Person> {
  const user = await createUser(t.db, { role, ...opts });
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function setting(phase: "open" | "closed" = "open") {
  const admin = await person("admin");
  const consultation = await createConsultation(t.db, admin.user, phase);
  const author = await person();
  const proposal = await createProposal(t.db, consultation, author.user, "Bänke am Fluss");
  return { admin, consultation, author, proposal };
}

const page = (proposal: string, cookie?: string) =>
  r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal }, cookie }).then(expectOk);
const onPage = (proposal: string, form: Record<string, string>, cookie?: string) =>
  r.post(proposalPage.action, `/vorschlaege/${proposal}`, { params: { id: proposal }, form, cookie });
// A moderator's inline hide names a house rule and the item's version they saw: "0" while no decision was made about
// it (latestDecisionId), as the page's form sends it.
const hideForm = { rule: "regel-2", reason: "Verstößt gegen Regel 2", seen: "0" };
const hide = async (proposal: string) => {
  const moderator = await person("moderator");
  expectRedirect(await onPage(proposal, { ...hideForm, intent: "hide" }, moderator.cookie));
};
const editForm = { title: "Bänke am Fluss, mit Schatten", body: "Am Fluss fehlen Bänke im Schatten.", lat: "50.55", lng: "9.67" };
const titleOf = async (proposal: string) =>
  (await t.db.selectFrom("proposals").select("title").where("id", "=", proposal).executeTakeFirstOrThrow()).title;

describe("editing a proposal: proposalEditRefusal", () => {
  it("the author gets the edit link and the form while open, and the save is accepted", async () => {
    const s = await setting();
    expect((await page(s.proposal, s.author.cookie)).canEdit).toBe(true);
    await expectOk(
      await r.get(editProposal.loader, `/vorschlaege/${s.proposal}/bearbeiten`, { params: { id: s.proposal }, cookie: s.author.cookie }),
    );
    expectRedirect(
      await r.post(editProposal.action, `/vorschlaege/${s.proposal}/bearbeiten`, {
        params: { id: s.proposal },
        form: editForm,
        cookie: s.author.cookie,
      }),
    );
  });

  it("others, guests and moderators get no edit link", async () => {
    const s = await setting();
    for (const reader of [undefined, (await person()).cookie, (await person("moderator")).cookie]) {
      expect((await page(s.proposal, reader)).canEdit).toBe(false);
    }
  });

  it("after the end: no edit link, the form is a 409 not_open, and a save is refused", async () => {
    const s = await setting();
    await setPhase(t.db, s.consultation, "closed");
    expect((await page(s.proposal, s.author.cookie)).canEdit).toBe(false);
    const path = `/vorschlaege/${s.proposal}/bearbeiten`;
    await expectHttpError(await r.get(editProposal.loader, path, { params: { id: s.proposal }, cookie: s.author.cookie }), 409, "not_open");
    await expectRefused(
      await r.post(editProposal.action, path, { params: { id: s.proposal }, form: editForm, cookie: s.author.cookie }),
      409,
      "not_open",
    );
    expect(await titleOf(s.proposal)).toBe("Bänke am Fluss");
  });

  it("a hidden proposal: no edit link for its author, the form is a 409 hidden, and a save is refused", async () => {
    const s = await setting();
    await hide(s.proposal);
    expect((await page(s.proposal, s.author.cookie)).canEdit).toBe(false);
    const path = `/vorschlaege/${s.proposal}/bearbeiten`;
    await expectHttpError(await r.get(editProposal.loader, path, { params: { id: s.proposal }, cookie: s.author.cookie }), 409, "hidden");
    await expectRefused(
      await r.post(editProposal.action, path, { params: { id: s.proposal }, form: editForm, cookie: s.author.cookie }),
      409,
      "hidden",
    );
    expect(await titleOf(s.proposal)).toBe("Bänke am Fluss");
  });
});

describe("voting: voteRefusal", () => {
  it("the page gets the policy's answer: null for a resident while open, the reason otherwise", async () => {
    const s = await setting();
    expect((await page(s.proposal, (await person()).cookie)).voteRefusal).toBeNull();
    expect((await page(s.proposal)).voteRefusal).toBe("login_required");
    expect((await page(s.proposal, (await person("council")).cookie)).voteRefusal).toBe("role_cannot_contribute");
    expect((await page(s.proposal, (await person("resident", { verified: false })).cookie)).voteRefusal).toBe("not_verified");
  });

  it("a hidden proposal: no vote buttons (also for moderators, who see it), and a vote is a 409 hidden", async () => {
    const s = await setting();
    await hide(s.proposal);
    const voter = await person();
    expect((await page(s.proposal, voter.cookie)).voteRefusal).toBe("hidden");
    expect((await page(s.proposal, (await person("moderator")).cookie)).voteRefusal).toBe("hidden");
    await expectRefused(await onPage(s.proposal, { intent: "vote", value: "1" }, voter.cookie), 409, "hidden");
    expect(await countRows(t.db, "votes")).toBe(0);
  });

  it("after the end: not_open on the page and on the vote", async () => {
    const s = await setting("closed");
    const voter = await person();
    expect((await page(s.proposal, voter.cookie)).voteRefusal).toBe("not_open");
    await expectRefused(await onPage(s.proposal, { intent: "vote", value: "1" }, voter.cookie), 409, "not_open");
    expect(await countRows(t.db, "votes")).toBe(0);
  });
});

describe("commenting: commentRefusal and replyRefusal", () => {
  it("a hidden proposal takes no comments: the page says so and the server refuses", async () => {
    const s = await setting();
    await hide(s.proposal);
    const writer = await person();
    expect((await page(s.proposal, writer.cookie)).commentRefusal).toBe("hidden");
    await expectRefused(await onPage(s.proposal, { intent: "comment", body: "Noch ein Gedanke dazu" }, writer.cookie), 409, "hidden");
    expect(await countRows(t.db, "comments")).toBe(0);
  });

  it("the page's comment form follows the same answer as the server", async () => {
    const s = await setting();
    expect((await page(s.proposal, s.author.cookie)).commentRefusal).toBeNull();
    expect((await page(s.proposal)).commentRefusal).toBe("login_required");
    await setPhase(t.db, s.consultation, "closed");
    expect((await page(s.proposal, s.author.cookie)).commentRefusal).toBe("not_open");
  });

  it("a hidden comment offers no reply, and the server refuses one (422 parent_invalid)", async () => {
    const s = await setting();
    const writer = await person();
    const location = expectRedirect(
      await onPage(s.proposal, { intent: "comment", body: "Ein Kommentar, der verschwindet" }, writer.cookie),
    );
    const commentId = location.split("#kommentar-")[1];
    const moderator = await person("moderator");
    expectRedirect(await onPage(s.proposal, { ...hideForm, intent: "hide", targetType: "comment", targetId: commentId }, moderator.cookie));
    const shown = await page(s.proposal, writer.cookie);
    expect(shown.threads[0]).toMatchObject({ id: commentId, hiddenForReader: true, bodyHtml: "" });
    expect((await page(s.proposal, moderator.cookie)).threads[0]).toMatchObject({ id: commentId, hiddenForReader: false });
    await expectRefused(
      await onPage(s.proposal, { intent: "comment", body: "Eine Antwort darauf", parentId: commentId }, (await person()).cookie),
      422,
      "parent_invalid",
    );
    expect(await countRows(t.db, "comments")).toBe(1);
  });

  it("a section of an earlier version takes no comments: the section page says so", async () => {
    const s = await setting();
    const added = await addTextDocument(t.db, s.admin.user, s.consultation, {
      title: "Satzung",
      description: "",
      body: "# Erster Teil\n\nText eins",
    });
    if (!added.ok) throw new Error(added.reason);
    const section = (await t.db.selectFrom("document_sections").select("id").where("document_id", "=", added.id).executeTakeFirstOrThrow())
      .id;
    const load = () =>
      r.get(sectionPage.loader, `/abschnitte/${section}`, { params: { id: section }, cookie: s.author.cookie }).then(expectOk);
    expect((await load()).commentRefusal).toBeNull();
    await t.db.updateTable("document_sections").set({ removed_in_version: 2, number: null }).where("id", "=", section).execute();
    expect((await load()).commentRefusal).toBe("section_removed");
    const res = await r.post(sectionPage.action, `/abschnitte/${section}`, {
      params: { id: section },
      form: { intent: "comment", body: "Noch ein Gedanke" },
      cookie: s.author.cookie,
    });
    await expectRefused(res, 409, "section_removed");
  });
});

describe("editing and deleting comments: commentEditRefusal and commentDeleteRefusal, sent as canEdit and canDelete", () => {
  async function sectionWithComment() {
    const s = await setting();
    const added = await addTextDocument(t.db, s.admin.user, s.consultation, { title: "Satzung", description: "", body: "# Teil\n\nText" });
    if (!added.ok) throw new Error(added.reason);
    const section = (await t.db.selectFrom("document_sections").select("id").where("document_id", "=", added.id).executeTakeFirstOrThrow())
      .id;
    const path = `/abschnitte/${section}`;
    const post = (form: Record<string, string>, cookie: string) =>
      r.post(sectionPage.action, path, { params: { id: section }, form, cookie });
    const load = (cookie?: string) => r.get(sectionPage.loader, path, { params: { id: section }, cookie }).then(expectOk);
    const commentId = expectRedirect(await post({ intent: "comment", body: "Mein Gedanke zum Teil" }, s.author.cookie)).split(
      "#kommentar-",
    )[1];
    return { ...s, section, post, load, commentId };
  }
  const editPath = (id: string) => `/kommentare/${id}/bearbeiten`;

  it("the author gets edit, delete and reply on a current section; others get reply only", async () => {
    const s = await sectionWithComment();
    expect((await s.load(s.author.cookie)).threads[0]).toMatchObject({ id: s.commentId, canEdit: true, canDelete: true, canReply: true });
    expect((await s.load((await person()).cookie)).threads[0]).toMatchObject({ canEdit: false, canDelete: false, canReply: true });
    expect((await s.load()).threads[0]).toMatchObject({ canEdit: false, canDelete: false, canReply: false });
  });

  it("under a section an edit removed: the page offers delete but not edit, and the server agrees", async () => {
    const s = await sectionWithComment();
    await t.db.updateTable("document_sections").set({ removed_in_version: 2, number: null }).where("id", "=", s.section).execute();
    expect((await s.load(s.author.cookie)).threads[0]).toMatchObject({ canEdit: false, canDelete: true, canReply: false });
    const edit = { params: { id: s.commentId }, cookie: s.author.cookie };
    await expectHttpError(await r.get(editComment.loader, editPath(s.commentId), edit), 409, "section_removed");
    await expectRefused(
      await r.post(editComment.action, editPath(s.commentId), { ...edit, form: { body: "Noch geändert" } }),
      409,
      "section_removed",
    );
    expectRedirect(await s.post({ intent: "delete-comment", commentId: s.commentId }, s.author.cookie));
    const deleted = await t.db
      .selectFrom("comments")
      .select(["deleted_at", "body_md"])
      .where("id", "=", s.commentId)
      .executeTakeFirstOrThrow();
    expect(deleted.deleted_at).not.toBeNull();
    expect((await s.load(s.author.cookie)).threads[0]).toMatchObject({ canEdit: false, canDelete: false, canReply: false });
  });

  it("after the end: neither edit nor delete on the page, and the server refuses the delete (409 not_open)", async () => {
    const s = await sectionWithComment();
    await setPhase(t.db, s.consultation, "closed");
    expect((await s.load(s.author.cookie)).threads[0]).toMatchObject({ canEdit: false, canDelete: false });
    await expectRefused(await s.post({ intent: "delete-comment", commentId: s.commentId }, s.author.cookie), 409, "not_open");
  });

  it("a comment written in place comes back with the same offers", async () => {
    const s = await sectionWithComment();
    const res = await s.post({ intent: "comment", body: "Noch ein Gedanke", _inplace: "1" }, s.author.cookie);
    expect(res.status).toBe(200);
    expect((await res.json()).comment).toMatchObject({ canEdit: true, canDelete: true, canReply: true });
  });
});

describe("hidden for the reader: proposalHiddenFor, sent as hiddenForReader", () => {
  it("guests, residents, council members and the author see the placeholder; moderators see the content", async () => {
    const s = await setting();
    await hide(s.proposal);
    for (const cookie of [undefined, s.author.cookie, (await person("council")).cookie]) {
      const shown = await page(s.proposal, cookie);
      expect(shown.proposal).toMatchObject({ hiddenForReader: true, title: "", bodyMd: "", bodyHtml: "" });
      expect(shown.answer).toBeNull();
      expect(shown.canFollow).toBe(false);
    }
    const moderator = await person("moderator");
    expect((await page(s.proposal, moderator.cookie)).proposal).toMatchObject({ hiddenForReader: false, title: "Bänke am Fluss" });
  });

  it("the list, the map popup and the photo follow the same answer", async () => {
    const s = await setting();
    await hide(s.proposal);
    const moderator = await person("moderator");
    const list = (cookie?: string) =>
      r.get(consultationPage.loader, `/beteiligungen/${s.consultation}`, { params: { id: s.consultation }, cookie }).then(expectOk);
    expect((await list()).proposals[0]).toMatchObject({ hiddenForReader: true, title: "" });
    expect((await list(moderator.cookie)).proposals[0]).toMatchObject({ hiddenForReader: false, title: "Bänke am Fluss" });
    const popup = (cookie?: string) =>
      r.get(preview.loader, `/vorschlaege/${s.proposal}/vorschau`, { params: { id: s.proposal }, cookie }).then(expectOk);
    expect(await popup()).toMatchObject({ placeholder: true });
    expect(await popup(moderator.cookie)).toMatchObject({ placeholder: false, hidden: true, title: "Bänke am Fluss" });
    // No photo here, so the photo route's answer is the 404 for everyone; it asks the same flag (no empty-title guess).
    await expectHttpError(await r.get(photo.loader, `/vorschlaege/${s.proposal}/foto`, { params: { id: s.proposal } }), 404);
  });

  it("a hidden proposal takes no new followers: no button, and the server refuses", async () => {
    const s = await setting();
    const reader = await person();
    expect((await page(s.proposal, reader.cookie)).canFollow).toBe(true);
    await hide(s.proposal);
    const res = await r.post(follow.action, `/vorschlaege/${s.proposal}/folgen`, {
      params: { id: s.proposal },
      form: { folgen: "1" },
      cookie: reader.cookie,
    });
    expect(res.status).toBe(409);
    expect(await t.db.selectFrom("follows").select("id").where("user_id", "=", reader.user.id).execute()).toEqual([]);
  });
});

describe("hidden for the reader: what one follows and what an unsubscribe link names", () => {
  const follow = (userId: string, proposal: string) =>
    t.db.insertInto("follows").values({ user_id: userId, proposal_id: proposal }).execute();
  const account = (cookie: string) => r.get(accountPage.loader, "/konto", { cookie }).then(expectOk);
  const unsubscribeLink = (token: string) => r.get(unsubscribePage.loader, `/abbestellen?t=${encodeURIComponent(token)}`).then(expectOk);

  it("Mein Konto sends proposalHiddenFor's answer as `hidden`: the follower sees the placeholder, a moderator the title", async () => {
    const s = await setting();
    const resident = await person();
    const moderator = await person("moderator");
    await follow(resident.user.id, s.proposal);
    await follow(moderator.user.id, s.proposal);
    expect((await account(resident.cookie)).follows.items[0]).toMatchObject({ hidden: false, title: "Bänke am Fluss" });
    await hide(s.proposal);
    expect((await account(resident.cookie)).follows.items[0]).toMatchObject({ hidden: true, title: "" });
    expect((await account(moderator.cookie)).follows.items[0]).toMatchObject({ hidden: false, title: "Bänke am Fluss" });
  });

  it("an unsubscribe link names its proposal only while guests may see it, and its consultation only when guests may see that", async () => {
    const s = await setting();
    const token = signUnsubscribeToken(s.author.user.id, { kind: "proposal", id: s.proposal });
    expect(await unsubscribeLink(token)).toMatchObject({ hidden: false, title: "Bänke am Fluss" });
    await hide(s.proposal);
    expect(await unsubscribeLink(token)).toMatchObject({ hidden: true, title: "" });
    const done = await r.post(unsubscribePage.action, "/abbestellen", { form: { t: token } }).then(expectOk);
    expect(done).toMatchObject({ done: true, hidden: true, title: "" });

    const draft = await createConsultation(t.db, s.admin.user, "draft");
    const draftToken = signUnsubscribeToken(s.author.user.id, { kind: "consultation", id: draft });
    expect(await unsubscribeLink(draftToken)).toMatchObject({ hidden: true, title: "" });
    const shown = signUnsubscribeToken(s.author.user.id, { kind: "consultation", id: s.consultation });
    expect(await unsubscribeLink(shown)).toMatchObject({ hidden: false, title: expect.stringMatching(/^Beteiligung /) });
  });
});

describe("official answers: answerRefusal", () => {
  it("moderators and admins get the link and the form; residents and council members neither (403)", async () => {
    const s = await setting();
    for (const role of ["moderator", "admin"] as const) {
      const { cookie } = await person(role);
      expect((await page(s.proposal, cookie)).canAnswer).toBe(true);
      await expectOk(await r.get(answerForm.loader, `/vorschlaege/${s.proposal}/stellungnahme`, { params: { id: s.proposal }, cookie }));
    }
    for (const role of ["resident", "council"] as const) {
      const { cookie } = await person(role);
      expect((await page(s.proposal, cookie)).canAnswer).toBe(false);
      await expectHttpError(
        await r.get(answerForm.loader, `/vorschlaege/${s.proposal}/stellungnahme`, { params: { id: s.proposal }, cookie }),
        403,
        "forbidden",
      );
    }
  });
});

describe("moderation: moderationRefusal", () => {
  it("the page offers the moderation forms to moderators only, and the server hides only for them", async () => {
    const s = await setting();
    const resident = await person();
    expect((await page(s.proposal, resident.cookie)).moderator).toBe(false);
    expect((await page(s.proposal, (await person("moderator")).cookie)).moderator).toBe(true);
    await expectRefused(await onPage(s.proposal, { ...hideForm, intent: "hide" }, resident.cookie), 403, "forbidden");
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });
});

describe("documents: documentManageRefusal", () => {
  it("the document page shows the edit link to admins only; the server lets only admins add documents", async () => {
    const s = await setting();
    const added = await addTextDocument(t.db, s.admin.user, s.consultation, { title: "Satzung", description: "", body: "# Teil\n\nText" });
    if (!added.ok) throw new Error(added.reason);
    const load = (cookie?: string) =>
      r.get(documentPage.loader, `/dokumente/${added.id}`, { params: { id: added.id }, cookie }).then(expectOk);
    expect((await load(s.admin.cookie)).canManage).toBe(true);
    expect((await load((await person("moderator")).cookie)).canManage).toBe(false);
    expect(
      await addTextDocument(t.db, (await person("moderator")).user, s.consultation, { title: "Zweiter", description: "", body: "Text" }),
    ).toEqual({
      ok: false,
      reason: "forbidden",
    });
  });
});

describe("publishing a consultation: publishRefusal, sent as canPublish", () => {
  it("a draft offers the button and the publish is accepted; then no button, and publishing again is a 409", async () => {
    const admin = await person("admin");
    const draft = await createConsultation(t.db, admin.user, "draft");
    const path = `/verwaltung/${draft}`;
    const load = () => r.get(consultationEditor.loader, path, { params: { id: draft }, cookie: admin.cookie }).then(expectOk);
    const publish = () =>
      r.post(consultationEditor.action, path, { params: { id: draft }, form: { intent: "publish" }, cookie: admin.cookie });
    expect((await load()).canPublish).toBe(true);
    expectRedirect(await publish());
    expect((await load()).canPublish).toBe(false);
    await expectRefused(await publish(), 409, "already_published");
    expect(await countRows(t.db, "audit_log")).toBe(1);
  });
});

describe("staff areas: requirePermission with the area's policy", () => {
  it("each staff page lets in exactly those its policy lets in: 401 for guests, 403 for the others", async () => {
    const s = await setting();
    const added = await addTextDocument(t.db, s.admin.user, s.consultation, { title: "Satzung", description: "", body: "# Teil\n\nText" });
    if (!added.ok) throw new Error(added.reason);
    const c = s.consultation;
    const pages: [string, (user: CurrentUser) => string | null, (cookie?: string) => Promise<Response>][] = [
      ["/verwaltung", consultationAdminRefusal, (cookie) => r.get(adminIndex.loader, "/verwaltung", { cookie })],
      ["/verwaltung/neu", consultationAdminRefusal, (cookie) => r.get(newConsultation.loader, "/verwaltung/neu", { cookie })],
      [
        `/verwaltung/${c}`,
        consultationAdminRefusal,
        (cookie) => r.get(consultationEditor.loader, `/verwaltung/${c}`, { params: { id: c }, cookie }),
      ],
      [
        "/verwaltung/vorschau",
        consultationAdminRefusal,
        (cookie) => r.post(adminPreview.action, "/verwaltung/vorschau", { form: { text: "# Hallo" }, cookie }),
      ],
      [
        `/verwaltung/${c}/dokumente`,
        documentManageRefusal,
        (cookie) => r.get(documentsAdmin.loader, `/verwaltung/${c}/dokumente`, { params: { id: c }, cookie }),
      ],
      [
        `/verwaltung/${c}/dokumente/text`,
        documentManageRefusal,
        (cookie) => r.get(newTextDocument.loader, `/verwaltung/${c}/dokumente/text`, { params: { id: c }, cookie }),
      ],
      [
        `/verwaltung/dokumente/${added.id}`,
        documentManageRefusal,
        (cookie) => r.get(documentEditor.loader, `/verwaltung/dokumente/${added.id}`, { params: { id: added.id }, cookie }),
      ],
      ["/moderation", moderationRefusal, (cookie) => r.get(moderationPage.loader, "/moderation", { cookie })],
    ];
    const people = await Promise.all((["resident", "moderator", "council", "admin"] as const).map((role) => person(role)));
    for (const [path, refusalOf, open] of pages) {
      await expectHttpError(await open(), 401, "login_required");
      for (const { user, cookie } of people) {
        const res = await open(cookie);
        expect({ path, role: user.role, status: res.status }).toEqual({ path, role: user.role, status: refusalOf(user) ? 403 : 200 });
      }
    }
  });
});

describe("result reports: resultsReadRefusal", () => {
  const link = (consultation: string, cookie?: string) =>
    r
      .get(consultationPage.loader, `/beteiligungen/${consultation}`, { params: { id: consultation }, cookie })
      .then((res) => expectOk(res).then((d) => d.resultLink));
  const result = (consultation: string, cookie?: string) =>
    r.get(resultPage.loader, `/beteiligungen/${consultation}/ergebnis`, { params: { id: consultation }, cookie });

  it("after the end, council members get the result link and the page, like moderators; guests and residents neither", async () => {
    const s = await setting("closed");
    for (const role of ["council", "moderator", "admin"] as const) {
      const { cookie } = await person(role);
      expect(await link(s.consultation, cookie)).toBe(true);
      await expectOk(await result(s.consultation, cookie));
    }
    for (const cookie of [undefined, (await person()).cookie]) {
      expect(await link(s.consultation, cookie)).toBe(false);
      await expectHttpError(await result(s.consultation, cookie), 404);
    }
  });

  it("before the end there is no result: no link and a 404, also for council and moderators", async () => {
    const s = await setting("open");
    for (const role of ["council", "moderator"] as const) {
      const { cookie } = await person(role);
      expect(await link(s.consultation, cookie)).toBe(false);
      await expectHttpError(await result(s.consultation, cookie), 404);
    }
  });

  it("a published report: the link and the page for everyone; the editor answers 409 already_published", async () => {
    const s = await setting("closed");
    const moderator = await person("moderator");
    const path = `/beteiligungen/${s.consultation}/ergebnis/bearbeiten`;
    expectRedirect(
      await r.post(resultEditor.action, path, {
        params: { id: s.consultation },
        form: { intent: "publish", summary: "Die Beteiligung hat viele gute Ideen gebracht." },
        cookie: moderator.cookie,
      }),
    );
    expect(await link(s.consultation)).toBe(true);
    await expectOk(await result(s.consultation));
    await expectHttpError(
      await r.get(resultEditor.loader, path, { params: { id: s.consultation }, cookie: moderator.cookie }),
      409,
      "already_published",
    );
  });

  it("the report editor lets in only those who may write, by the same rule as the save", async () => {
    const s = await setting("closed");
    const path = `/beteiligungen/${s.consultation}/ergebnis/bearbeiten`;
    await expectHttpError(
      await r.get(resultEditor.loader, path, { params: { id: s.consultation }, cookie: (await person("council")).cookie }),
      403,
      "forbidden",
    );
    await expectOk(await r.get(resultEditor.loader, path, { params: { id: s.consultation }, cookie: (await person("moderator")).cookie }));
    await setPhase(t.db, s.consultation, "open");
    await expectHttpError(
      await r.get(resultEditor.loader, path, { params: { id: s.consultation }, cookie: (await person("moderator")).cookie }),
      409,
      "not_closed",
    );
  });
});
