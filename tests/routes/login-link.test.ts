import { sql } from "kysely";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createUser, FIXTURE_PASSWORD } from "../setup/fixtures";
import { expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import * as loginPage from "~/routes/anmelden";
import * as linkPage from "~/routes/anmelden_.link";
import * as redeemPage from "~/routes/anmelden_.link_.einloesen";
import * as accountPage from "~/routes/konto";
import * as registerPage from "~/routes/registrieren";
import { loginLinkLimits } from "~/domain/accounts/accounts.policy";

// The mailed one-time login link (issue 8 item 21, decision 0013): /anmelden/link asks for it, the mail's link
// /anmelden/link/einloesen?token=… shows a button, and posting it signs in.

const t = useTestDatabase();
const r = routes(t);
const EMAIL = "anna@example.org";

const requestLink = (email: string, clientIp?: string, extra: Record<string, string> = {}) =>
  r.post(linkPage.action, "/anmelden/link", { form: { email, ...extra }, clientIp });
const redeem = (token: string, clientIp?: string, extra: Record<string, string> = {}) =>
  r.post(redeemPage.action, "/anmelden/link/einloesen", { form: { token, ...extra }, clientIp });

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

/** The mailed link itself (path and query), as the person would open it. */
async function linkFromMail(to: string) {
  const mail = await t.db.selectFrom("mail_outbox").select("body_text").where("to_address", "=", to).executeTakeFirstOrThrow();
  const match = /http:\/\/localhost:3000(\/anmelden\/link\/einloesen\?\S+)/.exec(mail.body_text);
  if (!match) throw new Error(`no link in mail: ${mail.body_text}`);
  return match[1];
}

/** A page as the server renders it after its action answered this POST (the action runs for real, on the test database). */
async function renderAfterPost(
  page: { default: ComponentType; action: (args: any) => unknown },
  path: string,
  form: Record<string, string>,
  clientIp: string,
) {
  const context = { db: t.db, nonce: "test-nonce", clientIp } as AppLoadContext;
  const handler = createStaticHandler([
    {
      id: "root",
      path: path.split("?")[0],
      action: (args) => page.action({ ...args, context }) as Promise<Response>,
      loader: () => ({ sent: false, weiter: "/" }),
      element: createElement(page.default),
    },
  ]);
  const routerContext = await handler.query(
    new Request(new URL(path, "http://localhost:3000"), { method: "POST", body: new URLSearchParams(form) }),
  );
  if (routerContext instanceof Response) throw new Error(`unexpected redirect to ${routerContext.headers.get("Location")}`);
  const router = createStaticRouter(handler.dataRoutes, routerContext);
  const html = renderToString(createElement(StaticRouterProvider, { router, context: routerContext }));
  return { status: routerContext.statusCode, html: html.slice(0, html.indexOf("<script>")) };
}

const occurrences = (text: string, part: RegExp) => text.match(new RegExp(part, "g"))?.length ?? 0;

describe("asking for a login link", () => {
  it("answers a known and an unknown address alike; only the account gets a mail", async () => {
    await createUser(t.db, { email: EMAIL });
    expectRedirect(await requestLink("niemand@example.org"), "/anmelden/link?gesendet=1");
    expect(await countRows(t.db, "mail_outbox")).toBe(0);
    expectRedirect(await requestLink(" Anna@Example.org "), "/anmelden/link?gesendet=1");
    const mails = await t.db.selectFrom("mail_outbox").select(["to_address", "subject"]).execute();
    expect(mails).toEqual([{ to_address: EMAIL, subject: expect.stringContaining("Anmeldelink") }]);
    expect(await expectOk(await r.get(linkPage.loader, "/anmelden/link?gesendet=1"))).toEqual({ sent: true, weiter: "/" });
    expect(await expectOk(await r.get(linkPage.loader, "/anmelden/link"))).toEqual({ sent: false, weiter: "/" });
  });

  it("a malformed address is a 422 on its field and sends nothing", async () => {
    for (const email of ["", "keine-adresse", "a\u0000@example.org", "x".repeat(300) + "@example.org"]) {
      const body = await expectRefused(await requestLink(email), 422, "form_invalid");
      expect(body.fieldErrors, JSON.stringify(email)).toEqual({ email: "email_invalid" });
    }
    expect(await countRows(t.db, "mail_outbox")).toBe(0);
  });

  it("the 4th request for one address from one client within an hour is a 429 with Retry-After, known or not", async () => {
    await createUser(t.db, { email: EMAIL });
    for (const email of [EMAIL, "niemand@example.org"]) {
      for (let i = 0; i < 3; i++) expectRedirect(await requestLink(email, "192.0.2.1"));
      const res = await requestLink(email, "192.0.2.1");
      await expectRefused(res, 429, "rate_limited");
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(await countRows(t.db, "mail_outbox")).toBe(3);
  });

  it("requests for one address from many clients are never refused; beyond 10 mails an hour they send none", async () => {
    await createUser(t.db, { email: EMAIL });
    for (let client = 1; client <= 15; client++) {
      for (let i = 0; i < 2; i++) expectRedirect(await requestLink(EMAIL, `192.0.2.${client}`), "/anmelden/link?gesendet=1");
    }
    // The owner, from their own client, gets the usual answer (an attacker cannot cause a refusal for them).
    expectRedirect(await requestLink(EMAIL, "198.51.100.200"), "/anmelden/link?gesendet=1");
    expect(await countRows(t.db, "mail_outbox")).toBe(loginLinkLimits.accountMails.max);
  });

  it("keeps `weiter` from the request through the mail to the sign-in, only to paths on this site", async () => {
    await createUser(t.db, { email: EMAIL });
    expect(await expectOk(await r.get(linkPage.loader, "/anmelden/link?weiter=%2Fbeteiligungen%2F3%3Fseite%3D2"))).toEqual({
      sent: false,
      weiter: "/beteiligungen/3?seite=2",
    });
    expect(await expectOk(await r.get(linkPage.loader, "/anmelden/link?weiter=%2F%2Fangreifer.example"))).toEqual({
      sent: false,
      weiter: "/",
    });
    await requestLink(EMAIL, undefined, { weiter: "/beteiligungen/3?seite=2" });
    const link = await linkFromMail(EMAIL);
    const page = await expectOk(await r.get(redeemPage.loader, link));
    expect(page).toEqual({ token: await tokenFromMail(EMAIL), weiter: "/beteiligungen/3?seite=2" });
    expectRedirect(await redeem(page.token, undefined, { weiter: page.weiter }), "/beteiligungen/3?seite=2");

    for (const evil of ["//angreifer.example", "/.//angreifer.example", "https://angreifer.example"]) {
      await requestLink(EMAIL, "192.0.2.40", { weiter: evil });
      const token = await tokenFromMail(EMAIL);
      expect(
        (await expectOk(await r.get(redeemPage.loader, `/anmelden/link/einloesen?token=${token}&weiter=${encodeURIComponent(evil)}`)))
          .weiter,
      ).toBe("/");
      expectRedirect(await redeem(token, undefined, { weiter: evil }), "/");
    }
  });
});

describe("every 429 shows its wait, once, in the form's error summary", () => {
  const waitText = /Sie können es in \d+ Sekunden wieder versuchen\./;

  it("the login page", async () => {
    await createUser(t.db, { email: EMAIL });
    const form = { email: EMAIL, password: "falsch-falsch", weiter: "/" };
    for (let i = 0; i < 5; i++) await r.post(loginPage.action, "/anmelden", { form, clientIp: "192.0.2.60" });
    const { status, html } = await renderAfterPost(loginPage, "/anmelden", form, "192.0.2.60");
    expect(status).toBe(429);
    expect(occurrences(html, waitText)).toBe(1);
    expect(html).toMatch(new RegExp(`role="alert"[^>]*>(?:(?!</div>).)*${waitText.source}`));
  });

  it("the login link page", async () => {
    for (let i = 0; i < 3; i++) await requestLink(EMAIL, "192.0.2.61");
    const { status, html } = await renderAfterPost(linkPage, "/anmelden/link", { email: EMAIL }, "192.0.2.61");
    expect(status).toBe(429);
    expect(occurrences(html, /Sie können es in etwa \d+ Minuten wieder versuchen\./)).toBe(1);
  });

  it("any other form with a 429 (registration)", async () => {
    const form = (i: number) => ({ email: `person${i}@example.org`, displayName: "Erika Muster", password: "ein-gutes-passwort" });
    for (let i = 0; i < 10; i++) await r.post(registerPage.action, "/registrieren", { form: form(i), clientIp: "192.0.2.62" });
    const { status, html } = await renderAfterPost(registerPage, "/registrieren", form(10), "192.0.2.62");
    expect(status).toBe(429);
    expect(occurrences(html, /Sie können es in etwa \d+ Minuten wieder versuchen\./)).toBe(1);
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
    // The device is known from now on (its own long-lived cookie, next to the session's).
    expect(res.headers.getSetCookie()[1]).toMatch(
      /^ratschlag_device=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=15552000$/,
    );
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
