import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import * as newProposal from "~/routes/beteiligungen.$id.vorschlag";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as editProposal from "~/routes/vorschlaege.$id.bearbeiten";
import * as editComment from "~/routes/kommentare.$id.bearbeiten";

const t = useTestDatabase();
const r = routes(t);

const validProposal = {
  title: "Fahrradständer am Bahnhof",
  body: "Am Bahnhof fehlen überdachte Fahrradständer.",
  lat: "50.5519",
  lng: "9.6759",
};

async function openConsultation(phase: "open" | "closed" | "draft" = "open") {
  const admin = await createUser(t.db, { role: "admin" });
  return createConsultation(t.db, admin, phase);
}

async function signedIn(opts: Parameters<typeof createUser>[1] = {}): Promise<{ user: CurrentUser; cookie: string }> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

function submitProposal(consultation: string, form: Record<string, string>, cookie?: string) {
  return r.post(newProposal.action, `/beteiligungen/${consultation}/vorschlag`, { params: { id: consultation }, form, cookie });
}

function onProposal(proposal: string, form: Record<string, string>, cookie?: string) {
  return r.post(proposalPage.action, `/vorschlaege/${proposal}`, { params: { id: proposal }, form, cookie });
}

async function proposalRow(id: string) {
  return t.db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function addComment(proposal: string, author: CurrentUser, body: string, parentId: string | null = null) {
  const row = await t.db
    .insertInto("comments")
    .values({ proposal_id: proposal, author_id: author.id, body_md: body, parent_id: parentId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("submitting a proposal", () => {
  it("a verified resident's proposal is stored and the answer redirects to it", async () => {
    const consultation = await openConsultation();
    const { user, cookie } = await signedIn();
    const res = await submitProposal(consultation, validProposal, cookie);
    const location = expectRedirect(res, /^\/vorschlaege\/\d+$/);
    const row = await proposalRow(location.split("/").pop()!);
    expect(row).toMatchObject({ consultation_id: consultation, author_id: user.id, title: validProposal.title, lat: 50.5519, lng: 9.6759 });
  });

  it("accepts decimal commas as people type them", async () => {
    const consultation = await openConsultation();
    const { cookie } = await signedIn();
    const res = await submitProposal(consultation, { ...validProposal, lat: "50,55", lng: "9,67" }, cookie);
    const location = expectRedirect(res, /^\/vorschlaege\/\d+$/);
    expect(await proposalRow(location.split("/").pop()!)).toMatchObject({ lat: 50.55, lng: 9.67 });
  });

  it("refuses a guest with 401 and writes nothing", async () => {
    const consultation = await openConsultation();
    await expectRefused(await submitProposal(consultation, validProposal), 401, "login_required");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("refuses an unverified resident with 403 and writes nothing", async () => {
    const consultation = await openConsultation();
    const { cookie } = await signedIn({ verified: false });
    await expectRefused(await submitProposal(consultation, validProposal, cookie), 403, "not_verified");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("refuses a council member (read only) with 403 and writes nothing", async () => {
    const consultation = await openConsultation();
    const { cookie } = await signedIn({ role: "council" });
    await expectRefused(await submitProposal(consultation, validProposal, cookie), 403, "role_cannot_contribute");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("refuses proposals to a closed consultation with 409 and writes nothing", async () => {
    const consultation = await openConsultation("closed");
    const { cookie } = await signedIn();
    await expectRefused(await submitProposal(consultation, validProposal, cookie), 409, "not_open");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("a draft or unknown consultation is not found, and nothing is written", async () => {
    const draft = await openConsultation("draft");
    const { cookie } = await signedIn();
    await expectRefused(await submitProposal(draft, validProposal, cookie), 404, "not_found");
    await expectRefused(await submitProposal("999999", validProposal, cookie), 404, "not_found");
    await expectHttpError(await submitProposal("abc", validProposal, cookie), 404, "not_found");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("invalid input answers 422 with an error per field and writes nothing", async () => {
    const consultation = await openConsultation();
    const { cookie } = await signedIn();
    const body = await expectRefused(
      await submitProposal(consultation, { title: "ab", body: "kurz", lat: "", lng: "9.6" }, cookie),
      422,
      "form_invalid",
    );
    expect(body.fieldErrors).toMatchObject({ title: "title_short", body: "text_short", lat: "required" });
    expect(body.fieldErrors).not.toHaveProperty("lng");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("a latitude that is no number or off the globe is a 422, not a database error", async () => {
    const consultation = await openConsultation();
    const { cookie } = await signedIn();
    for (const [lat, code] of [
      ["abc", "number_invalid"],
      ["91", "lat_invalid"],
      ["-90,5", "lat_invalid"],
      ["NaN", "number_invalid"],
      ["Infinity", "number_invalid"],
    ]) {
      const body = await expectRefused(await submitProposal(consultation, { ...validProposal, lat }, cookie), 422, "form_invalid");
      expect(body.fieldErrors.lat, `lat=${lat}`).toBe(code);
    }
    const missing = await expectRefused(
      await submitProposal(consultation, { title: validProposal.title, body: validProposal.body }, cookie),
      422,
      "form_invalid",
    );
    // Neither a point nor a described place: one message at the location.
    expect(missing.fieldErrors).toMatchObject({ lat: "location_missing" });
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("floods are stopped: after 30 contributions in a few minutes the next one is a 429", async () => {
    const consultation = await openConsultation();
    const { cookie } = await signedIn();
    for (let i = 0; i < 30; i++)
      expectRedirect(await submitProposal(consultation, { ...validProposal, title: `Vorschlag Nummer ${i}` }, cookie));
    await expectRefused(await submitProposal(consultation, validProposal, cookie), 429, "rate_limited");
    expect(await countRows(t.db, "proposals")).toBe(30);
  });
});

describe("the proposal page", () => {
  it("shows a proposal to a guest; unknown and malformed ids are a 404", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db), "Ein Brunnen");
    const data = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal } }));
    expect(data.proposal).toMatchObject({ id: proposal, title: "Ein Brunnen", votesFor: 0, votesAgainst: 0 });
    for (const bad of ["999999", "abc", "99999999999999999999", "0", "-3", "1e2"]) {
      await expectHttpError(await r.get(proposalPage.loader, `/vorschlaege/x`, { params: { id: bad } }), 404, "not_found");
      await expectHttpError(
        await r.get(editProposal.loader, `/vorschlaege/x/bearbeiten`, { params: { id: bad }, cookie: (await signedIn()).cookie }),
        404,
        "not_found",
      );
    }
  });

  it("renders the author's markdown without their raw HTML", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    await t.db
      .updateTable("proposals")
      .set({ body_md: "Hallo <script>alert(1)</script> [Link](javascript:alert(2))" })
      .where("id", "=", proposal)
      .execute();
    const data = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal } }));
    expect(data.proposal.bodyHtml).not.toContain("<script");
    expect(data.proposal.bodyHtml).not.toContain('href="javascript:');
  });
});

describe("voting on the proposal page", () => {
  it("a resident's vote is counted and the answer redirects back to the votes", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { user, cookie } = await signedIn();
    expectRedirect(await onProposal(proposal, { intent: "vote", value: "1" }, cookie), `/vorschlaege/${proposal}#abstimmung`);
    expect(await t.db.selectFrom("votes").select(["user_id", "value"]).execute()).toEqual([{ user_id: user.id, value: 1 }]);
    const data = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal }, cookie }));
    expect(data.proposal).toMatchObject({ votesFor: 1, votesAgainst: 0 });
    expect(data.myVote).toBe(1);
  });

  it("refuses a guest's vote with 401 and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const body = await expectRefused(await onProposal(proposal, { intent: "vote", value: "1" }), 401, "login_required");
    expect(body).toMatchObject({ intent: "vote" });
    expect(await countRows(t.db, "votes")).toBe(0);
  });

  it("a vote value other than 1, -1 or 0 is a 422 vote_invalid and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { cookie } = await signedIn();
    for (const value of ["5", "2", "abc", "", "1.0"]) {
      await expectRefused(await onProposal(proposal, { intent: "vote", value }, cookie), 422, "vote_invalid");
    }
    await expectRefused(await onProposal(proposal, { intent: "vote" }, cookie), 422, "vote_invalid");
    expect(await countRows(t.db, "votes")).toBe(0);
  });

  it("refuses votes in a closed consultation with 409", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    await setPhase(t.db, consultation, "closed");
    const { cookie } = await signedIn();
    await expectRefused(await onProposal(proposal, { intent: "vote", value: "-1" }, cookie), 409, "not_open");
    expect(await countRows(t.db, "votes")).toBe(0);
  });

  it("an unknown proposal is not found, and nothing is written", async () => {
    const { cookie } = await signedIn();
    await expectRefused(await onProposal("999999", { intent: "vote", value: "1" }, cookie), 404, "not_found");
    await expectHttpError(await onProposal("abc", { intent: "vote", value: "1" }, cookie), 404, "not_found");
    expect(await countRows(t.db, "votes")).toBe(0);
  });
});

describe("comments on the proposal page", () => {
  it("a resident's comment is saved and the answer redirects to it", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { user, cookie } = await signedIn();
    const location = expectRedirect(
      await onProposal(proposal, { intent: "comment", body: "Gute Idee, unbedingt!" }, cookie),
      new RegExp(`^/vorschlaege/${proposal}\\?seite=1#kommentar-\\d+$`),
    );
    const rows = await t.db.selectFrom("comments").select(["id", "author_id", "body_md", "parent_id"]).execute();
    expect(rows).toEqual([{ id: location.split("-").pop(), author_id: user.id, body_md: "Gute Idee, unbedingt!", parent_id: null }]);
  });

  it("the page number sent back with a comment form only ever becomes a number in the redirect", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { cookie } = await signedIn();
    for (const page of ["2", "abc", "//evil.example", "2\r\nSet-Cookie: x=y"]) {
      const res = await onProposal(proposal, { intent: "comment", body: "Noch ein Kommentar", page }, cookie);
      expectRedirect(res, new RegExp(`^/vorschlaege/${proposal}\\?seite=\\d+#kommentar-\\d+$`));
    }
  });

  it("a reply to a top-level comment is saved", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const top = await addComment(proposal, await createUser(t.db), "Oberer Kommentar");
    const { cookie } = await signedIn();
    expectRedirect(await onProposal(proposal, { intent: "comment", body: "Eine Antwort", parentId: top }, cookie));
    expect(await t.db.selectFrom("comments").select("parent_id").where("body_md", "=", "Eine Antwort").executeTakeFirst()).toEqual({
      parent_id: top,
    });
  });

  it("refuses a guest with 401 and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    await expectRefused(await onProposal(proposal, { intent: "comment", body: "Anonym geht nicht" }), 401, "login_required");
    expect(await countRows(t.db, "comments")).toBe(0);
  });

  it("refuses comments on a closed consultation with 409 and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    await setPhase(t.db, consultation, "closed");
    const { cookie } = await signedIn();
    await expectRefused(await onProposal(proposal, { intent: "comment", body: "Zu spät, leider" }, cookie), 409, "not_open");
    expect(await countRows(t.db, "comments")).toBe(0);
  });

  it("a reply to a reply is a 422 parent_invalid (one level only) and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const author = await createUser(t.db);
    const top = await addComment(proposal, author, "Oben");
    const reply = await addComment(proposal, author, "Antwort", top);
    const { cookie } = await signedIn();
    await expectRefused(
      await onProposal(proposal, { intent: "comment", body: "Antwort auf die Antwort", parentId: reply }, cookie),
      422,
      "parent_invalid",
    );
    expect(await countRows(t.db, "comments")).toBe(2);
  });

  it("a parent from another proposal or a malformed parent id is refused and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const other = await createProposal(t.db, consultation, await createUser(t.db));
    const elsewhere = await addComment(other, await createUser(t.db), "Anderswo");
    const { cookie } = await signedIn();
    await expectRefused(
      await onProposal(proposal, { intent: "comment", body: "Antwort", parentId: elsewhere }, cookie),
      422,
      "parent_invalid",
    );
    const malformed = await expectRefused(
      await onProposal(proposal, { intent: "comment", body: "Antwort", parentId: "abc" }, cookie),
      422,
      "form_invalid",
    );
    expect(malformed.fieldErrors).toEqual({ parentId: "parent_invalid" });
    expect(await countRows(t.db, "comments")).toBe(1);
  });

  it("an empty comment is a 422 with the field's error and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { cookie } = await signedIn();
    const body = await expectRefused(await onProposal(proposal, { intent: "comment", body: "  " }, cookie), 422, "form_invalid");
    expect(body.fieldErrors).toEqual({ body: "text_short" });
    expect(await countRows(t.db, "comments")).toBe(0);
  });
});

describe("moderation on the proposal page", () => {
  it("a resident cannot hide a proposal: 403, nothing hidden, the audit log stays empty", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { cookie } = await signedIn();
    // A complete form (house rule, reason, the version seen): only the role decides.
    const form = { intent: "hide", rule: "regel-1", reason: "Gefällt mir nicht", seen: "0" };
    await expectRefused(await onProposal(proposal, form, cookie), 403, "forbidden");
    await expectRefused(await onProposal(proposal, form), 403, "forbidden");
    expect((await proposalRow(proposal)).hidden_at).toBeNull();
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("a moderator hides with a reason: the content stays stored, the public sees the reason, the audit log records it", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db), "Beleidigender Titel");
    const { user: moderator, cookie } = await signedIn({ role: "moderator" });
    expectRedirect(
      await onProposal(
        proposal,
        { intent: "hide", targetType: "proposal", targetId: proposal, rule: "regel-1", reason: "Verstößt gegen die Regeln", seen: "0" },
        cookie,
      ),
      `/vorschlaege/${proposal}?hinweis=hidden`,
    );
    expect(await proposalRow(proposal)).toMatchObject({
      title: "Beleidigender Titel",
      hidden_by: moderator.id,
      hidden_reason: "Verstößt gegen die Regeln",
    });
    expect(await t.db.selectFrom("audit_log").select(["actor_id", "action", "target_type", "target_id", "reason"]).execute()).toEqual([
      { actor_id: moderator.id, action: "hide", target_type: "proposal", target_id: proposal, reason: "Verstößt gegen die Regeln" },
    ]);
    const guestView = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal } }));
    expect(guestView.proposal).toMatchObject({ title: "", bodyMd: "", hiddenReason: "Verstößt gegen die Regeln" });
  });

  it("a moderator hides a comment; it keeps its place with an empty text for the public", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const comment = await addComment(proposal, await createUser(t.db), "Etwas Unschönes");
    const { cookie } = await signedIn({ role: "moderator" });
    expectRedirect(
      await onProposal(
        proposal,
        { intent: "hide", targetType: "comment", targetId: comment, rule: "regel-1", reason: "Persönlicher Angriff", seen: "0" },
        cookie,
      ),
    );
    expect(await t.db.selectFrom("audit_log").select(["action", "target_type", "target_id"]).execute()).toEqual([
      { action: "hide", target_type: "comment", target_id: comment },
    ]);
    const guestView = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal } }));
    expect(guestView.threads).toHaveLength(1);
    expect(guestView.threads[0]).toMatchObject({ id: comment, bodyMd: "", bodyHtml: "" });
  });

  // A missing reason is a field the moderator forgot: 400 with the field's error (comment-action.server.ts
  // decisionStatus), like the moderation queue, no longer the general 422.
  it("hiding without a reason is a 400 and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { cookie } = await signedIn({ role: "moderator" });
    const form = { intent: "hide", rule: "regel-1", reason: "  ", seen: "0" };
    const body = await expectRefused(await onProposal(proposal, form, cookie), 400, "reason_missing");
    expect(body.fieldErrors).toEqual({ reason: "reason_missing" });
    expect((await proposalRow(proposal)).hidden_at).toBeNull();
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("an unknown intent is a 422 and writes nothing", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { cookie } = await signedIn({ role: "admin" });
    for (const intent of ["delete", "", "VOTE"]) {
      await expectRefused(
        await onProposal(proposal, { intent, value: "1", body: "Text genug", reason: "Ein Grund hier" }, cookie),
        422,
        "intent_invalid",
      );
    }
    expect(await countRows(t.db, "proposals")).toBe(1);
    expect([await countRows(t.db, "votes"), await countRows(t.db, "comments"), await countRows(t.db, "audit_log")]).toEqual([0, 0, 0]);
    expect((await proposalRow(proposal)).hidden_at).toBeNull();
  });
});

describe("editing one's own contributions", () => {
  it("the author edits their proposal while the consultation is open", async () => {
    const consultation = await openConsultation();
    const { user, cookie } = await signedIn();
    const proposal = await createProposal(t.db, consultation, user);
    const form = { ...validProposal, title: "Neuer Titel, besser" };
    expectRedirect(
      await r.post(editProposal.action, `/vorschlaege/${proposal}/bearbeiten`, { params: { id: proposal }, form, cookie }),
      `/vorschlaege/${proposal}?hinweis=saved`,
    );
    expect((await proposalRow(proposal)).title).toBe("Neuer Titel, besser");
  });

  it("someone else's proposal cannot be edited: 403 not_author, nothing changes", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db), "Der Originaltitel");
    const { cookie } = await signedIn();
    const form = { ...validProposal, title: "Übernommen!" };
    await expectRefused(
      await r.post(editProposal.action, `/vorschlaege/${proposal}/bearbeiten`, { params: { id: proposal }, form, cookie }),
      403,
      "not_author",
    );
    await expectHttpError(
      await r.get(editProposal.loader, `/vorschlaege/${proposal}/bearbeiten`, { params: { id: proposal }, cookie }),
      403,
      "not_author",
    );
    expect((await proposalRow(proposal)).title).toBe("Der Originaltitel");
  });

  it("a guest is asked to log in (401) and nothing changes", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db), "Der Originaltitel");
    await expectHttpError(
      await r.post(editProposal.action, `/vorschlaege/${proposal}/bearbeiten`, { params: { id: proposal }, form: validProposal }),
      401,
      "login_required",
    );
    await expectHttpError(
      await r.get(editProposal.loader, `/vorschlaege/${proposal}/bearbeiten`, { params: { id: proposal } }),
      401,
      "login_required",
    );
    expect((await proposalRow(proposal)).title).toBe("Der Originaltitel");
  });

  it("the author cannot edit after the consultation closed, nor a hidden proposal", async () => {
    const consultation = await openConsultation();
    const { user, cookie } = await signedIn();
    const proposal = await createProposal(t.db, consultation, user, "Der Originaltitel");
    const call = () =>
      r.post(editProposal.action, `/vorschlaege/${proposal}/bearbeiten`, {
        params: { id: proposal },
        form: { ...validProposal, title: "Geändert nach Schluss" },
        cookie,
      });
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: user.id, hidden_reason: "Test" })
      .where("id", "=", proposal)
      .execute();
    await expectRefused(await call(), 409, "hidden");
    await setPhase(t.db, consultation, "closed");
    await expectRefused(await call(), 409, "not_open");
    expect((await proposalRow(proposal)).title).toBe("Der Originaltitel");
  });

  it("the author edits their comment; someone else gets 403 and nothing changes", async () => {
    const consultation = await openConsultation();
    const proposal = await createProposal(t.db, consultation, await createUser(t.db));
    const { user: author, cookie: authorCookie } = await signedIn();
    const comment = await addComment(proposal, author, "Ursprünglicher Text");
    const { cookie: otherCookie } = await signedIn();
    const path = `/kommentare/${comment}/bearbeiten`;

    await expectRefused(
      await r.post(editComment.action, path, { params: { id: comment }, form: { body: "Fremd geändert" }, cookie: otherCookie }),
      403,
      "not_author",
    );
    await expectHttpError(await r.get(editComment.loader, path, { params: { id: comment }, cookie: otherCookie }), 403, "not_author");
    await expectHttpError(
      await r.post(editComment.action, path, { params: { id: comment }, form: { body: "Anonym geändert" } }),
      401,
      "login_required",
    );
    expect(await t.db.selectFrom("comments").select(["body_md", "edited_at"]).where("id", "=", comment).executeTakeFirst()).toEqual({
      body_md: "Ursprünglicher Text",
      edited_at: null,
    });

    expectRedirect(
      await r.post(editComment.action, path, { params: { id: comment }, form: { body: "Verbesserter Text" }, cookie: authorCookie }),
      `/vorschlaege/${proposal}#kommentar-${comment}`,
    );
    const row = await t.db.selectFrom("comments").select(["body_md", "edited_at"]).where("id", "=", comment).executeTakeFirstOrThrow();
    expect(row.body_md).toBe("Verbesserter Text");
    expect(row.edited_at).not.toBeNull();
  });

  it("unknown and malformed comment ids are a 404", async () => {
    const { cookie } = await signedIn();
    for (const bad of ["999999", "abc", "99999999999999999999"]) {
      const res = await r.post(editComment.action, "/kommentare/x/bearbeiten", {
        params: { id: bad },
        form: { body: "Irgendein Text" },
        cookie,
      });
      expect(res.status, bad).toBe(404);
      expect((await bodyOf(res)).formError ?? (await bodyOf(res)).reason).toBe("not_found");
      await expectHttpError(await r.get(editComment.loader, "/kommentare/x/bearbeiten", { params: { id: bad }, cookie }), 404, "not_found");
    }
  });
});
