import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createUser, FIXTURE_PASSWORD } from "../setup/fixtures";
import { expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import * as loginPage from "~/routes/anmelden";
import * as linkPage from "~/routes/anmelden_.link";
import * as redeemPage from "~/routes/anmelden_.link_.einloesen";
import * as accountPage from "~/routes/konto";

// The mailed one-time login link (issue 8 item 21, decision 0013): /anmelden/link asks for it, the mail's link
// /anmelden/link/einloesen?token=… shows a button, and posting it signs in.

const t = useTestDatabase();
const r = routes(t);
const EMAIL = "anna@example.org";

const requestLink = (email: string, clientIp?: string) => r.post(linkPage.action, "/anmelden/link", { form: { email }, clientIp });
const redeem = (token: string, clientIp?: string) => r.post(redeemPage.action, "/anmelden/link/einloesen", { form: { token }, clientIp });

async function tokenFromMail(to: string) {
  const mail = await t.db
    .selectFrom("mail_outbox")
    .select("body_text")
    .where("to_address", "=", to)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const match = /http:\/\/localhost:3000\/anmelden\/link\/einloesen\?token=([A-Za-z0-9_%-]+)/.exec(mail.body_text);
  if (!match) throw new Error(`no link in mail: ${mail.body_text}`);
  return decodeURIComponent(match[1]);
}

describe("asking for a login link", () => {
  it("answers a known and an unknown address alike; only the account gets a mail", async () => {
    await createUser(t.db, { email: EMAIL });
    expectRedirect(await requestLink("niemand@example.org"), "/anmelden/link?gesendet=1");
    expect(await countRows(t.db, "mail_outbox")).toBe(0);
    expectRedirect(await requestLink(" Anna@Example.org "), "/anmelden/link?gesendet=1");
    const mails = await t.db.selectFrom("mail_outbox").select(["to_address", "subject"]).execute();
    expect(mails).toEqual([{ to_address: EMAIL, subject: expect.stringContaining("Anmeldelink") }]);
    expect(await expectOk(await r.get(linkPage.loader, "/anmelden/link?gesendet=1"))).toEqual({ sent: true });
    expect(await expectOk(await r.get(linkPage.loader, "/anmelden/link"))).toEqual({ sent: false });
  });

  it("a malformed address is a 422 on its field and sends nothing", async () => {
    for (const email of ["", "keine-adresse", "a\u0000@example.org", "x".repeat(300) + "@example.org"]) {
      const body = await expectRefused(await requestLink(email), 422, "form_invalid");
      expect(body.fieldErrors, JSON.stringify(email)).toEqual({ email: "email_invalid" });
    }
    expect(await countRows(t.db, "mail_outbox")).toBe(0);
  });

  it("the 4th request for one address within an hour is a 429 with Retry-After, known or not", async () => {
    await createUser(t.db, { email: EMAIL });
    for (const email of [EMAIL, "niemand@example.org"]) {
      for (let i = 0; i < 3; i++) expectRedirect(await requestLink(email, `192.0.2.${i + 1}`));
      const res = await requestLink(email, "192.0.2.99");
      await expectRefused(res, 429, "rate_limited");
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(await countRows(t.db, "mail_outbox")).toBe(3);
  });
});

describe("signing in with the link", () => {
  it("opening the link (GET) changes nothing; posting its token signs in once, with a new session cookie", async () => {
    const user = await createUser(t.db, { email: EMAIL });
    await requestLink(EMAIL);
    const token = await tokenFromMail(EMAIL);
    const page = await expectOk(await r.get(redeemPage.loader, `/anmelden/link/einloesen?token=${encodeURIComponent(token)}`));
    expect(page.token).toBe(token);
    expect(await countRows(t.db, "sessions")).toBe(0);

    const res = await redeem(token);
    expectRedirect(res, "/");
    const cookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0];
    expect(cookie).toMatch(/^ratschlag_session=[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toContain(token);
    const account = await expectOk(await r.get(accountPage.loader, "/konto", { cookie }));
    expect(account.user).toMatchObject({ id: user.id });

    const again = await redeem(token);
    await expectRefused(again, 400, "login_link_invalid");
    expect(again.headers.get("Set-Cookie")).toBeNull();
    expect(await countRows(t.db, "sessions")).toBe(1);
  });

  it("an expired, wrong or missing token is a 400 and opens no session", async () => {
    await createUser(t.db, { email: EMAIL });
    await requestLink(EMAIL);
    const token = await tokenFromMail(EMAIL);
    for (const wrong of ["", "falsch", "x".repeat(43), "a\u0000b"]) await expectRefused(await redeem(wrong), 400, "login_link_invalid");
    await t.db
      .updateTable("login_links")
      .set({ expires_at: sql`now() - interval '1 second'` })
      .execute();
    await expectRefused(await redeem(token), 400, "login_link_invalid");
    expect(await countRows(t.db, "sessions")).toBe(0);
  });

  it("gets a locked-out owner in, and lifts the block for the client that used it", async () => {
    await createUser(t.db, { email: EMAIL });
    const ip = "192.0.2.30";
    const tryPassword = (password: string) => r.post(loginPage.action, "/anmelden", { form: { email: EMAIL, password }, clientIp: ip });
    for (let failures = 0; failures < 10; failures++) {
      await expectRefused(await tryPassword("vergessen-vergessen"), 401, "invalid_credentials");
      await t.db
        .updateTable("login_failures")
        .set({ created_at: sql`created_at - interval '5 minutes'` })
        .execute();
    }
    await expectRefused(await tryPassword(FIXTURE_PASSWORD), 429, "login_locked");
    await requestLink(EMAIL, ip);
    expectRedirect(await redeem(await tokenFromMail(EMAIL), ip), "/");
    expectRedirect(await tryPassword(FIXTURE_PASSWORD), "/");
  });
});
