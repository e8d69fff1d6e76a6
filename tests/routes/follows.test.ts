import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { capturingTransport, headerBlock } from "../setup/capture-mail";
import { createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectOk, expectRedirect, expectRefused, ORIGIN, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { signUnsubscribeToken } from "~/domain/follows/unsubscribe-token.server";
import { deliverDueMail } from "~/domain/mail/mail.server";
import { isCrossOriginWrite } from "~/lib/security.server";
import * as followProposal from "~/routes/vorschlaege.$id.folgen";
import * as followConsultation from "~/routes/beteiligungen.$id.folgen";
import * as unsubscribePage from "~/routes/abbestellen";
import * as accountPage from "~/routes/konto";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as consultationPage from "~/routes/beteiligungen.$id._index";

const t = useTestDatabase();
const r = routes(t);

async function signedIn(opts: Parameters<typeof createUser>[1] = {}): Promise<{ user: CurrentUser; cookie: string }> {
  const user = await createUser(t.db, opts);
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function setting(phase: "open" | "draft" = "open") {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, phase);
  const proposal = await createProposal(t.db, consultation, admin, "Mehr Bänke am Fluss");
  return { admin, consultation, proposal };
}

function follows() {
  return t.db.selectFrom("follows").select(["user_id", "proposal_id", "consultation_id"]).orderBy("id").execute();
}

const postFollow = (proposal: string, form: Record<string, string>, cookie?: string) =>
  r.post(followProposal.action, `/vorschlaege/${proposal}/folgen`, { params: { id: proposal }, form, cookie });

describe("the follow buttons", () => {
  it("follow and unfollow a proposal, back to its page with a notice; a double submit changes nothing", async () => {
    const { proposal } = await setting();
    const anna = await signedIn();
    expectRedirect(await postFollow(proposal, { folgen: "1" }, anna.cookie), `/vorschlaege/${proposal}?hinweis=followed`);
    expectRedirect(await postFollow(proposal, { folgen: "1" }, anna.cookie), `/vorschlaege/${proposal}?hinweis=followed`);
    expect(await follows()).toEqual([{ user_id: anna.user.id, proposal_id: proposal, consultation_id: null }]);
    const page = await expectOk(
      await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal }, cookie: anna.cookie }),
    );
    expect(page.following).toBe(true);

    expectRedirect(await postFollow(proposal, { folgen: "0" }, anna.cookie), `/vorschlaege/${proposal}?hinweis=unfollowed`);
    expectRedirect(await postFollow(proposal, { folgen: "0" }, anna.cookie), `/vorschlaege/${proposal}?hinweis=unfollowed`);
    expect(await follows()).toEqual([]);
    const after = await expectOk(
      await r.get(proposalPage.loader, `/vorschlaege/${proposal}`, { params: { id: proposal }, cookie: anna.cookie }),
    );
    expect(after.following).toBe(false);
  });

  it("follow a consultation; its page says so", async () => {
    const { consultation } = await setting();
    const anna = await signedIn();
    const res = await r.post(followConsultation.action, `/beteiligungen/${consultation}/folgen`, {
      params: { id: consultation },
      form: { folgen: "1" },
      cookie: anna.cookie,
    });
    expectRedirect(res, `/beteiligungen/${consultation}?hinweis=followed`);
    const page = await expectOk(
      await r.get(consultationPage.loader, `/beteiligungen/${consultation}`, { params: { id: consultation }, cookie: anna.cookie }),
    );
    expect(page.following).toBe(true);
    const guestView = await expectOk(
      await r.get(consultationPage.loader, `/beteiligungen/${consultation}`, { params: { id: consultation } }),
    );
    expect(guestView.following).toBe(false);
  });

  it("sends guests to the login, to come back afterwards", async () => {
    const { proposal } = await setting();
    expectRedirect(await postFollow(proposal, { folgen: "1" }), `/anmelden?weiter=${encodeURIComponent(`/vorschlaege/${proposal}`)}`);
    expect(await follows()).toEqual([]);
  });

  it("refuses unconfirmed addresses (403), drafts for residents (404) and odd values (422), writing nothing", async () => {
    const { proposal } = await setting();
    const draft = await setting("draft");
    const unverified = await signedIn({ verified: false });
    const resident = await signedIn();
    await expectRefused(await postFollow(proposal, { folgen: "1" }, unverified.cookie), 403, "not_verified");
    await expectRefused(await postFollow(draft.proposal, { folgen: "1" }, resident.cookie), 404, "not_found");
    await expectRefused(
      await r.post(followConsultation.action, `/beteiligungen/${draft.consultation}/folgen`, {
        params: { id: draft.consultation },
        form: { folgen: "1" },
        cookie: resident.cookie,
      }),
      404,
      "not_found",
    );
    await expectRefused(await postFollow(proposal, { folgen: "ja" }, resident.cookie), 422, "intent_invalid");
    await expectRefused(await postFollow(proposal, {}, resident.cookie), 422, "intent_invalid");
    expect(await follows()).toEqual([]);
    // A bad id in the URL is a 404, not a database error.
    const bad = await r.post(followProposal.action, "/vorschlaege/abc/folgen", {
      params: { id: "abc" },
      form: { folgen: "1" },
      cookie: resident.cookie,
    });
    expect(bad.status).toBe(404);
  });

  it("returns to a given page on this site only (Mein Konto), never to another host", async () => {
    const { proposal } = await setting();
    const anna = await signedIn();
    await postFollow(proposal, { folgen: "1" }, anna.cookie);
    expectRedirect(await postFollow(proposal, { folgen: "0", weiter: "/konto?seite=2" }, anna.cookie), "/konto?seite=2&hinweis=unfollowed");
    expectRedirect(
      await postFollow(proposal, { folgen: "1", weiter: "//evil.example" }, anna.cookie),
      `/vorschlaege/${proposal}?hinweis=followed`,
    );
    expectRedirect(
      await postFollow(proposal, { folgen: "1", weiter: "https://evil.example/" }, anna.cookie),
      `/vorschlaege/${proposal}?hinweis=followed`,
    );
  });

  // The loader must not redirect: after a refused POST without JavaScript Remix runs it to show the refusal.
  it("a GET on the follow route changes nothing and shows a page (where the refusal of a POST appears)", async () => {
    const { proposal } = await setting();
    await expectOk(await r.get(followProposal.loader, `/vorschlaege/${proposal}/folgen`, { params: { id: proposal } }));
    expect(await follows()).toEqual([]);
  });
});

describe("Mein Konto: my notifications", () => {
  it("lists what one follows and switches reply mails off and on", async () => {
    const { proposal, consultation } = await setting();
    const anna = await signedIn();
    await postFollow(proposal, { folgen: "1" }, anna.cookie);
    const page = await expectOk(await r.get(accountPage.loader, "/konto", { cookie: anna.cookie }));
    expect(page.follows).toMatchObject({
      total: 1,
      notifyReplies: true,
      items: [{ type: "proposal", id: proposal, title: "Mehr Bänke am Fluss", consultationId: consultation }],
    });

    expectRedirect(
      await r.post(accountPage.action, "/konto", { form: { intent: "replies", value: "off" }, cookie: anna.cookie }),
      "/konto?hinweis=replies_off",
    );
    expect((await expectOk(await r.get(accountPage.loader, "/konto", { cookie: anna.cookie }))).follows.notifyReplies).toBe(false);
    expectRedirect(
      await r.post(accountPage.action, "/konto", { form: { intent: "replies", value: "on" }, cookie: anna.cookie }),
      "/konto?hinweis=replies_on",
    );
    expect((await expectOk(await r.get(accountPage.loader, "/konto", { cookie: anna.cookie }))).follows.notifyReplies).toBe(true);
    await expectRefused(
      await r.post(accountPage.action, "/konto", { form: { intent: "replies", value: "vielleicht" }, cookie: anna.cookie }),
      422,
      "intent_invalid",
    );
  });
});

describe("/abbestellen", () => {
  async function followed() {
    const s = await setting();
    const anna = await createUser(t.db);
    const bert = await createUser(t.db);
    for (const user of [anna, bert]) {
      await t.db.insertInto("follows").values({ user_id: user.id, proposal_id: s.proposal }).execute();
      await t.db.insertInto("follows").values({ user_id: user.id, consultation_id: s.consultation }).execute();
    }
    const token = signUnsubscribeToken(anna.id, { kind: "proposal", id: s.proposal });
    return { ...s, anna, bert, token };
  }

  it("GET shows what will stop and changes nothing (mail scanners open links)", async () => {
    const { proposal, token } = await followed();
    const before = await follows();
    const res = await r.get(unsubscribePage.loader, `/abbestellen?t=${encodeURIComponent(token)}`);
    const data = await expectOk(res);
    expect(data).toEqual({
      ok: true,
      reason: null,
      token,
      scope: { kind: "proposal", id: proposal },
      hidden: false,
      title: "Mehr Bänke am Fluss",
    });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await follows()).toEqual(before);
  });

  it("the button (POST) stops exactly that, and again is no error", async () => {
    const { anna, proposal, token } = await followed();
    const before = await follows();
    for (let i = 0; i < 2; i++) {
      const res = await r.post(unsubscribePage.action, "/abbestellen", { form: { t: token } });
      expect(await expectOk(res)).toEqual({
        done: true,
        scope: { kind: "proposal", id: proposal },
        hidden: false,
        title: "Mehr Bänke am Fluss",
      });
    }
    expect(await follows()).toEqual(before.filter((f) => !(f.user_id === anna.id && f.proposal_id === proposal)));
  });

  it("one-click: a mail program's POST of List-Unsubscribe=One-Click to the link works without Origin or cookies", async () => {
    const { anna, consultation, token } = await followed();
    const consultationToken = signUnsubscribeToken(anna.id, { kind: "consultation", id: consultation });
    const headers = { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "MailProvider-Unsubscriber/1.0" };
    // The server's same-origin check lets such a request through: it carries neither Origin nor Sec-Fetch-Site.
    expect(isCrossOriginWrite("POST", new Headers(headers), [ORIGIN])).toBe(false);
    const res = await r.post(unsubscribePage.action, `/abbestellen?t=${encodeURIComponent(consultationToken)}`, {
      form: { "List-Unsubscribe": "One-Click" },
      headers,
    });
    expect(await expectOk(res)).toMatchObject({ done: true, scope: { kind: "consultation", id: consultation } });
    expect((await follows()).filter((f) => f.user_id === anna.id)).toEqual([]);
    // A token for something already stopped still answers ok.
    expect(
      (await r.post(unsubscribePage.action, `/abbestellen?t=${encodeURIComponent(token)}`, { form: { "List-Unsubscribe": "One-Click" } }))
        .status,
    ).toBe(200);
  });

  it("a tampered or missing token: 400 with a German message, nothing changes", async () => {
    const { bert, token } = await followed();
    const before = await follows();
    const forged = token.replace(/^\d+\./, `${bert.id}.`);
    for (const bad of [forged, token.slice(0, -2), "", "1.r.nicht-signiert"]) {
      const page = await r.get(unsubscribePage.loader, `/abbestellen?t=${encodeURIComponent(bad)}`);
      expect(page.status).toBe(400);
      expect(await bodyOf(page)).toMatchObject({ ok: false, reason: "unsubscribe_invalid" });
      await expectRefused(await r.post(unsubscribePage.action, "/abbestellen", { form: { t: bad } }), 400, "unsubscribe_invalid");
      await expectRefused(
        await r.post(unsubscribePage.action, `/abbestellen?t=${encodeURIComponent(bad)}`, { form: { "List-Unsubscribe": "One-Click" } }),
        400,
        "unsubscribe_invalid",
      );
    }
    await expectRefused(await r.post(unsubscribePage.action, "/abbestellen"), 400, "unsubscribe_invalid");
    expect(await follows()).toEqual(before);
  });

  it("end to end: a comment's mail carries the List-Unsubscribe headers, and a one-click POST to that link stops the mails", async () => {
    const { proposal } = await setting();
    const anna = await signedIn({ name: "Anna" });
    const bert = await signedIn();
    await postFollow(proposal, { folgen: "1" }, anna.cookie);
    const commented = await r.post(proposalPage.action, `/vorschlaege/${proposal}`, {
      params: { id: proposal },
      form: { intent: "comment", target: "comment", page: "1", body: "Ein neuer Kommentar von Bert" },
      cookie: bert.cookie,
    });
    expectRedirect(commented);

    const raw: string[] = [];
    const transport = capturingTransport(raw);
    expect(await deliverDueMail(t.db, { transport, from: "Ratschlag <noreply@example.org>", log: () => {} })).toBe(1);
    const head = headerBlock(raw[0]);
    expect(head).toContain(`To: ${anna.user.email}`);
    expect(head).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const link = /List-Unsubscribe: <([^>]+)>/.exec(head)?.[1];
    expect(link).toMatch(/^http:\/\/localhost:3000\/abbestellen\?t=/);

    const url = new URL(link!);
    const res = await r.post(unsubscribePage.action, url.pathname + url.search, { form: { "List-Unsubscribe": "One-Click" } });
    expect(await expectOk(res)).toMatchObject({ done: true });
    expect(await follows()).toEqual([]);
  });
});
