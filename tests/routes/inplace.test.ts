import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { bodyOf, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import * as proposalPage from "~/routes/vorschlaege.$id._index";

// Voting and commenting with JavaScript: the form adds `_inplace=1` and the action answers with JSON (the counts
// after the vote, the rendered comment) instead of a redirect; refusals keep their German message and 4xx status.

const t = useTestDatabase();
const r = routes(t);

async function signedIn(opts: Parameters<typeof createUser>[1] = {}): Promise<{ user: CurrentUser; cookie: string }> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function openProposal() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, await createUser(t.db));
  return { consultation, proposal };
}

function onProposal(proposal: string, form: Record<string, string>, cookie?: string) {
  return r.post(proposalPage.action, `/vorschlaege/${proposal}?index`, { params: { id: proposal }, form, cookie });
}

const vote = (proposal: string, value: string, cookie?: string) =>
  onProposal(proposal, { intent: "vote", target: "vote", value, _inplace: "1" }, cookie);

/** The truth: the votes rows of the proposal. */
async function storedVotes(proposal: string) {
  const row = await t.db
    .selectFrom("votes")
    .select([
      sql<number>`count(*) filter (where value = 1)::int`.as("votesFor"),
      sql<number>`count(*) filter (where value = -1)::int`.as("votesAgainst"),
    ])
    .where("proposal_id", "=", proposal)
    .executeTakeFirstOrThrow();
  return { ...row, net: row.votesFor - row.votesAgainst };
}

describe("voting in place", () => {
  it("answers with the person's vote and counts that equal the stored votes, through casting, changing and withdrawing", async () => {
    const { proposal } = await openProposal();
    const others = await Promise.all([signedIn(), signedIn(), signedIn()]);
    for (const [i, other] of others.entries()) expect((await vote(proposal, i === 2 ? "-1" : "1", other.cookie)).status).toBe(200);
    const me = await signedIn();

    for (const [value, myVote] of [
      ["1", 1],
      ["1", 1],
      ["-1", -1],
      ["0", 0],
      ["0", 0],
      ["1", 1],
    ] as const) {
      const res = await vote(proposal, value, me.cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toMatch(/application\/json/);
      const body = await bodyOf(res);
      expect(body).toEqual({ ok: true, myVote, ...(await storedVotes(proposal)) });
    }
    expect(await storedVotes(proposal)).toEqual({ votesFor: 3, votesAgainst: 1, net: 2 });
    // The page's own data agrees after a reload.
    const page = await expectOk(
      await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal }, cookie: me.cookie }),
    );
    expect({
      votesFor: page.proposal.votesFor,
      votesAgainst: page.proposal.votesAgainst,
      net: page.proposal.net,
      myVote: page.myVote,
    }).toEqual({
      votesFor: 3,
      votesAgainst: 1,
      net: 2,
      myVote: 1,
    });
  });

  it("without the in-place field the same vote is a plain form: it redirects back to the votes", async () => {
    const { proposal } = await openProposal();
    const me = await signedIn();
    expectRedirect(await onProposal(proposal, { intent: "vote", value: "1" }, me.cookie), `/vorschlaege/${proposal}#abstimmung`);
    expect(await storedVotes(proposal)).toEqual({ votesFor: 1, votesAgainst: 0, net: 1 });
  });

  it("refusals keep their German message and 4xx status, name the vote form, and write nothing", async () => {
    const { consultation, proposal } = await openProposal();
    const guestAnswer = await expectRefused(await vote(proposal, "1"), 401, "login_required");
    expect(guestAnswer).toMatchObject({ target: "vote", intent: "vote" });
    await expectRefused(await vote(proposal, "1", (await signedIn({ verified: false })).cookie), 403, "not_verified");
    await expectRefused(await vote(proposal, "1", (await signedIn({ role: "council" })).cookie), 403, "role_cannot_contribute");
    await expectRefused(await vote(proposal, "2", (await signedIn()).cookie), 422, "vote_invalid");
    await setPhase(t.db, consultation, "closed");
    await expectRefused(await vote(proposal, "1", (await signedIn()).cookie), 409, "not_open");
    await setPhase(t.db, consultation, "open");
    const moderator = await createUser(t.db, { role: "moderator" });
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: moderator.id, hidden_reason: "Test" })
      .where("id", "=", proposal)
      .execute();
    await expectRefused(await vote(proposal, "1", (await signedIn()).cookie), 409, "hidden");
    expect(await countRows(t.db, "votes")).toBe(0);
  });

  it("a proposal that does not exist is a 404, not a 500", async () => {
    const me = await signedIn();
    await expectRefused(await vote("999999", "1", me.cookie), 404, "not_found");
  });
});

describe("commenting in place", () => {
  const comment = (proposal: string, form: Record<string, string>, cookie?: string) =>
    onProposal(
      proposal,
      { intent: "comment", target: form.parentId ? `reply-${form.parentId}` : "comment", page: "1", _inplace: "1", ...form },
      cookie,
    );

  it("answers with the stored comment, rendered from Markdown (HTML stays text), to show it at the end", async () => {
    const { proposal } = await openProposal();
    const anna = await signedIn({ name: "Anna" });
    const res = await comment(proposal, { body: "Ein **guter** Punkt <script>alert(1)</script>" }, anna.cookie);
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    const row = await t.db.selectFrom("comments").selectAll().executeTakeFirstOrThrow();
    expect(body).toEqual({
      ok: true,
      comment: expect.objectContaining({
        id: row.id,
        parentId: null,
        authorId: anna.user.id,
        authorName: "Anna",
        createdAt: row.created_at.toISOString(),
        editedAt: null,
        hiddenAt: null,
        deletedAt: null,
        // The comments' policy's offers for its author, as the page's loader sends them (commentOffers).
        canEdit: true,
        canDelete: true,
        canReply: true,
      }),
    });
    expect(body.comment.bodyHtml).toContain("<strong>guter</strong>");
    expect(body.comment.bodyHtml).not.toContain("<script>");
    expect(body.comment.bodyHtml).toContain("&lt;script&gt;");
    // The page shows the same comment after a reload.
    const page = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal } }));
    expect(page.threads.map((c: { id: string }) => c.id)).toEqual([row.id]);
    expect(page.total).toBe(1);
  });

  it("a reply answers with its parent, so it is shown under it", async () => {
    const { proposal } = await openProposal();
    const anna = await signedIn({ name: "Anna" });
    const first = await bodyOf(await comment(proposal, { body: "Der erste Kommentar" }, anna.cookie));
    const ben = await signedIn({ name: "Ben" });
    const res = await comment(proposal, { body: "Eine Antwort darauf", parentId: first.comment.id }, ben.cookie);
    expect(res.status).toBe(200);
    const reply = await bodyOf(res);
    expect(reply.comment).toMatchObject({ parentId: first.comment.id, authorName: "Ben", bodyHtml: "<p>Eine Antwort darauf</p>\n" });
    const page = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal } }));
    expect(page.threads[0].replies.map((c: { id: string }) => c.id)).toEqual([reply.comment.id]);
  });

  it("refusals keep the German message and 4xx status, name the form, and write nothing", async () => {
    const { consultation, proposal } = await openProposal();
    const anna = await signedIn();
    const invalid = await expectRefused(await comment(proposal, { body: "x" }, anna.cookie), 422, "form_invalid");
    expect(invalid.fieldErrors.body).toEqual(expect.any(String));
    expect(invalid).toMatchObject({ target: "comment", values: { body: "x" } });
    await expectRefused(await comment(proposal, { body: "Ein Kommentar als Gast" }), 401, "login_required");
    const reply = await expectRefused(
      await comment(proposal, { body: "Antwort ins Leere", parentId: "999999" }, anna.cookie),
      422,
      "parent_invalid",
    );
    expect(reply).toMatchObject({ target: "reply-999999" });
    await setPhase(t.db, consultation, "closed");
    await expectRefused(await comment(proposal, { body: "Zu spät geschrieben" }, anna.cookie), 409, "not_open");
    expect(await countRows(t.db, "comments")).toBe(0);
  });

  it("floods are stopped in place too: the 31st contribution in a few minutes is a 429 with Retry-After", async () => {
    const { proposal } = await openProposal();
    const anna = await signedIn();
    for (let i = 0; i < 30; i++) expect((await comment(proposal, { body: `Kommentar Nummer ${i}` }, anna.cookie)).status).toBe(200);
    const res = await comment(proposal, { body: "Einer zu viel" }, anna.cookie);
    await expectRefused(res, 429, "rate_limited");
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await countRows(t.db, "comments")).toBe(30);
  });

  it("without the in-place field a comment is a plain form: it redirects to the comment", async () => {
    const { proposal } = await openProposal();
    const anna = await signedIn();
    const location = expectRedirect(
      await onProposal(proposal, { intent: "comment", page: "1", body: "Ganz ohne JavaScript" }, anna.cookie),
      /^\/vorschlaege\/\d+\?seite=1#kommentar-\d+$/,
    );
    const row = await t.db.selectFrom("comments").select("id").executeTakeFirstOrThrow();
    expect(location).toContain(`#kommentar-${row.id}`);
  });
});

describe("revalidation after in-place submissions", () => {
  const should = (formData: FormData | undefined) =>
    proposalPage.shouldRevalidate({
      formData,
      defaultShouldRevalidate: true,
      currentUrl: new URL("http://localhost/vorschlaege/1"),
      nextUrl: new URL("http://localhost/vorschlaege/1"),
      currentParams: { id: "1" },
      nextParams: { id: "1" },
      formMethod: formData ? "POST" : undefined,
    } as Parameters<typeof proposalPage.shouldRevalidate>[0]);

  it("skips reloading the page data after an in-place vote or comment, keeps it for everything else", () => {
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.set(k, v);
      return data;
    };
    expect(should(form({ intent: "vote", value: "1", _inplace: "1" }))).toBe(false);
    expect(should(form({ intent: "comment", body: "Hallo", _inplace: "1" }))).toBe(false);
    expect(should(form({ intent: "hide", reason: "Beleidigung" }))).toBe(true);
    expect(should(form({ intent: "vote", value: "1" }))).toBe(true);
    expect(should(undefined)).toBe(true);
  });
});
