import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as editComment from "~/routes/kommentare.$id.bearbeiten";

const t = useTestDatabase();
const r = routes(t);

async function signedIn(opts: Parameters<typeof createUser>[1] = {}): Promise<{ user: CurrentUser; cookie: string }> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

/** An open consultation with one proposal and one comment by its author (signed in). */
async function commentedProposal() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, await createUser(t.db));
  const author = await signedIn({ name: "Anna" });
  const comment = await t.db
    .insertInto("comments")
    .values({ proposal_id: proposal, author_id: author.user.id, body_md: "Annas Kommentar" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { consultation, proposal, comment: comment.id, author };
}

function deleteOnPage(proposal: string, commentId: string, cookie?: string) {
  return r.post(proposalPage.action, `/vorschlaege/${proposal}`, {
    params: { id: proposal },
    form: { intent: "delete-comment", target: `delete-${commentId}`, commentId, page: "1" },
    cookie,
  });
}

function commentRow(id: string) {
  return t.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function writtenMinutesAgo(id: string, minutes: number) {
  await sql`update comments set created_at = now() - ${minutes}::int * interval '1 minute' where id = ${id}`.execute(t.db);
}

describe("deleting a comment on the proposal page", () => {
  it("the author's delete redirects back to the comment's place, which then shows no text", async () => {
    const { proposal, comment, author } = await commentedProposal();
    expectRedirect(await deleteOnPage(proposal, comment, author.cookie), `/vorschlaege/${proposal}?seite=1#kommentar-${comment}`);
    expect(await commentRow(comment)).toMatchObject({ body_md: "", deleted_at: expect.any(Date) });

    const moderator = await signedIn({ role: "moderator" });
    for (const cookie of [undefined, moderator.cookie, author.cookie]) {
      const page = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal }, cookie }));
      expect(page.threads).toEqual([
        expect.objectContaining({ id: comment, bodyMd: "", bodyHtml: "", authorName: "", deletedAt: expect.any(String) }),
      ]);
      expect(JSON.stringify(page)).not.toContain("Annas Kommentar");
    }
  });

  it("refuses others with 403, guests with 401, and writes nothing", async () => {
    const { proposal, comment } = await commentedProposal();
    const before = await commentRow(comment);
    await expectRefused(await deleteOnPage(proposal, comment, (await signedIn()).cookie), 403, "not_author");
    await expectRefused(await deleteOnPage(proposal, comment, (await signedIn({ role: "moderator" })).cookie), 403, "not_author");
    await expectRefused(await deleteOnPage(proposal, comment), 401, "login_required");
    expect(await commentRow(comment)).toEqual(before);
    expect(await countRows(t.db, "comments")).toBe(1);
  });

  it("refuses once the consultation is closed (409) and writes nothing", async () => {
    const { consultation, proposal, comment, author } = await commentedProposal();
    await setPhase(t.db, consultation, "closed");
    const before = await commentRow(comment);
    await expectRefused(await deleteOnPage(proposal, comment, author.cookie), 409, "not_open");
    expect(await commentRow(comment)).toEqual(before);
  });

  it("unknown or malformed comment ids are a 404", async () => {
    const { proposal, comment, author } = await commentedProposal();
    for (const bad of ["999999", "abc", ""]) await expectRefused(await deleteOnPage(proposal, bad, author.cookie), 404, "not_found");
    expect((await commentRow(comment)).deleted_at).toBeNull();
  });

  it("the refusal names the delete form, so the page shows it there", async () => {
    const { proposal, comment } = await commentedProposal();
    const res = await deleteOnPage(proposal, comment, (await signedIn()).cookie);
    expect(await res.json()).toMatchObject({ intent: "delete-comment", target: `delete-${comment}` });
  });
});

describe("editing a comment after 15 minutes", () => {
  it("is refused with 409 on the form and its page, and nothing changes", async () => {
    const { comment, author } = await commentedProposal();
    const path = `/kommentare/${comment}/bearbeiten`;
    await writtenMinutesAgo(comment, 16);
    const before = await commentRow(comment);
    await expectHttpError(
      await r.get(editComment.loader, path, { params: { id: comment }, cookie: author.cookie }),
      409,
      "edit_window_closed",
    );
    await expectRefused(
      await r.post(editComment.action, path, { params: { id: comment }, form: { body: "Zu spät geändert" }, cookie: author.cookie }),
      409,
      "edit_window_closed",
    );
    expect(await commentRow(comment)).toEqual(before);
  });

  it("within the window the edit page says until when, and the edit is saved", async () => {
    const { proposal, comment, author } = await commentedProposal();
    const path = `/kommentare/${comment}/bearbeiten`;
    await writtenMinutesAgo(comment, 10);
    const { created_at } = await commentRow(comment);
    const page = await expectOk(await r.get(editComment.loader, path, { params: { id: comment }, cookie: author.cookie }));
    expect(new Date(page.comment.editableUntil).getTime()).toBe(created_at.getTime() + 15 * 60 * 1000);
    expectRedirect(
      await r.post(editComment.action, path, { params: { id: comment }, form: { body: "Rechtzeitig geändert" }, cookie: author.cookie }),
      `/vorschlaege/${proposal}#kommentar-${comment}`,
    );
    expect((await commentRow(comment)).body_md).toBe("Rechtzeitig geändert");
  });

  it("a deleted comment has no edit page any more", async () => {
    const { proposal, comment, author } = await commentedProposal();
    expectRedirect(await deleteOnPage(proposal, comment, author.cookie));
    const path = `/kommentare/${comment}/bearbeiten`;
    await expectHttpError(await r.get(editComment.loader, path, { params: { id: comment }, cookie: author.cookie }), 404, "not_found");
    await expectRefused(
      await r.post(editComment.action, path, { params: { id: comment }, form: { body: "Wieder da" }, cookie: author.cookie }),
      404,
      "not_found",
    );
    expect((await commentRow(comment)).body_md).toBe("");
  });
});
