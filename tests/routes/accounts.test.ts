import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createUser, FIXTURE_PASSWORD, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectOk, expectRedirect, expectRefused, routes } from "../setup/routes";
import * as registerPage from "~/routes/registrieren";
import * as loginPage from "~/routes/anmelden";
import * as logoutPage from "~/routes/abmelden";
import * as confirmPage from "~/routes/bestaetigen";
import * as accountPage from "~/routes/konto";
import { env, setEnvForTests } from "~/lib/env.server";

const t = useTestDatabase();
const knownDeviceCount = async () => (await t.db.selectFrom("known_devices").select("id").execute()).length;
const r = routes(t);

const registration = { email: "Erika.Muster@Example.org", displayName: "Erika Muster", password: "ein-gutes-passwort" };

function register(form: Record<string, string>, clientIp?: string) {
  return r.post(registerPage.action, "/registrieren", { form, clientIp });
}

function login(form: Record<string, string>, clientIp?: string) {
  return r.post(loginPage.action, "/anmelden", { form, clientIp });
}

/** The session token from a Set-Cookie header, as the browser would send it back. */
function cookieFrom(response: Response): string {
  const header = response.headers.get("Set-Cookie") ?? "";
  return header.split(";")[0];
}

async function userRow(email: string) {
  return t.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
}

async function verificationToken(to: string): Promise<string> {
  const mail = await t.db.selectFrom("mail_outbox").select("body_text").where("to_address", "=", to).executeTakeFirstOrThrow();
  const match = /\/bestaetigen\?token=([A-Za-z0-9_%-]+)/.exec(mail.body_text);
  if (!match) throw new Error(`no link in mail: ${mail.body_text}`);
  return decodeURIComponent(match[1]);
}

describe("registration", () => {
  it("a bad e-mail address or a short password is a 422 per field and writes nothing", async () => {
    for (const email of ["keine-adresse", "a@", "@example.org", "", "zwei@@example.org"]) {
      const body = await expectRefused(await register({ ...registration, email }), 422, "form_invalid");
      expect(body.fieldErrors.email, email).toBe("email_invalid");
    }
    const body = await expectRefused(await register({ email: "ok@example.org", displayName: "E", password: "kurz" }), 422, "form_invalid");
    expect(body.fieldErrors).toEqual({ displayName: "display_name_short", password: "password_short" });
    const long = await expectRefused(await register({ ...registration, password: "x".repeat(129) }), 422, "form_invalid");
    expect(long.fieldErrors).toEqual({ password: "password_long" });
    expect([await countRows(t.db, "users"), await countRows(t.db, "mail_outbox")]).toEqual([0, 0]);
  });

  it("creates an unverified resident, redirects to the login and puts the verification mail into the outbox", async () => {
    expectRedirect(await register(registration), "/anmelden?hinweis=registered");
    const user = await userRow("erika.muster@example.org");
    expect(user).toMatchObject({ role: "resident", email_verified_at: null, display_name: "Erika Muster" });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.password_hash).not.toContain(registration.password);
    const mails = await t.db.selectFrom("mail_outbox").select(["to_address", "subject", "body_text"]).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0].to_address).toBe("erika.muster@example.org");
    expect(mails[0].body_text).toContain("http://localhost:3000/bestaetigen?token=");
  });

  it("registering a taken address answers the same and sends nothing (no one learns who is registered)", async () => {
    await createUser(t.db, { email: "vergeben@example.org" });
    expectRedirect(await register({ ...registration, email: "vergeben@example.org" }), "/anmelden?hinweis=registered");
    expect([await countRows(t.db, "users"), await countRows(t.db, "mail_outbox")]).toEqual([1, 0]);
  });

  it("the 11th registration from one address within an hour is a 429 with Retry-After", async () => {
    for (let i = 0; i < 10; i++) expectRedirect(await register({ ...registration, email: `person${i}@example.org` }, "198.51.100.9"));
    const res = await register({ ...registration, email: "person10@example.org" }, "198.51.100.9");
    await expectRefused(res, 429, "rate_limited");
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await countRows(t.db, "users")).toBe(10);
    // Another address is not affected.
    expectRedirect(await register({ ...registration, email: "person11@example.org" }, "198.51.100.10"));
  });
});

describe("login", () => {
  it("a wrong password or unknown address is a 401 invalid_credentials, without a session", async () => {
    await createUser(t.db, { email: "anna@example.org" });
    for (const form of [
      { email: "anna@example.org", password: "falsches-passwort" },
      { email: "niemand@example.org", password: FIXTURE_PASSWORD },
    ]) {
      const res = await login(form);
      await expectRefused(res, 401, "invalid_credentials");
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
    expect(await countRows(t.db, "sessions")).toBe(0);
  });

  it("an empty form is a 422 per field", async () => {
    const body = await expectRefused(await login({ email: "", password: "" }), 422, "form_invalid");
    expect(body.fieldErrors).toEqual({ email: "email_invalid", password: "password_missing" });
  });

  it("success sets an HttpOnly, SameSite=Lax session cookie, stores only its hash, and redirects", async () => {
    const user = await createUser(t.db, { email: "anna@example.org" });
    const res = await login({ email: " Anna@Example.org ", password: FIXTURE_PASSWORD });
    expectRedirect(res, "/");
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^ratschlag_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//);
    const token = cookieFrom(res).split("=")[1];
    const sessions = await t.db.selectFrom("sessions").select(["user_id", "token_hash"]).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0].user_id).toBe(user.id);
    expect(sessions[0].token_hash).not.toContain(token);
    // The cookie signs the person in.
    const account = await expectOk(await r.get(accountPage.loader, "/konto", { cookie: cookieFrom(res) }));
    expect(account.user).toMatchObject({ id: user.id, email: "anna@example.org" });
  });

  it("every login gets a new session id", async () => {
    await createUser(t.db, { email: "anna@example.org" });
    const first = cookieFrom(await login({ email: "anna@example.org", password: FIXTURE_PASSWORD }));
    const second = cookieFrom(await login({ email: "anna@example.org", password: FIXTURE_PASSWORD }));
    expect(first).not.toBe(second);
    expect(await countRows(t.db, "sessions")).toBe(2);
  });

  it("follows `weiter` only to paths on this site", async () => {
    await createUser(t.db, { email: "anna@example.org" });
    const go = (weiter: string) => login({ email: "anna@example.org", password: FIXTURE_PASSWORD, weiter });
    expectRedirect(await go("/beteiligungen/3?seite=2"), "/beteiligungen/3?seite=2");
    for (const evil of [
      "//evil.example",
      "//evil.example/pfad",
      "https://evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "evil.example",
    ]) {
      expectRedirect(await go(evil), "/");
    }
  });

  it("does not follow `weiter` paths that browsers turn into another host (tab or newline after the slash)", async () => {
    // Browsers drop tabs and newlines from URLs: "/\t/evil.example" becomes "//evil.example", another site.
    await createUser(t.db, { email: "anna@example.org" });
    for (const evil of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example"]) {
      const res = await login({ email: "anna@example.org", password: FIXTURE_PASSWORD, weiter: evil });
      expectRedirect(res, "/");
    }
  });

  it("failures from one client are slowed down (429 with Retry-After and the wait in the answer), then blocked; the owner elsewhere still signs in", async () => {
    await createUser(t.db, { email: "anna@example.org" });
    const attacker = "198.51.100.66";
    for (let i = 0; i < 5; i++) {
      await expectRefused(
        await login({ email: "anna@example.org", password: `falsch-${i}-passwort` }, attacker),
        401,
        "invalid_credentials",
      );
    }
    const slowed = await login({ email: "anna@example.org", password: "noch-einmal-falsch" }, attacker);
    const body = await expectRefused(slowed, 429, "login_wait");
    const wait = Number(slowed.headers.get("Retry-After"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15);
    expect((body as { retryAfter?: number }).retryAfter).toBe(wait);
    expect(slowed.headers.get("Set-Cookie")).toBeNull();
    // The attacker keeps going, waiting as told, until the pair is blocked.
    for (let failures = 5; failures < 10; failures++) {
      await t.db
        .updateTable("login_failures")
        .set({ created_at: sql`created_at - interval '5 minutes'` })
        .execute();
      await expectRefused(await login({ email: "anna@example.org", password: "wieder-falsch" }, attacker), 401, "invalid_credentials");
    }
    const blocked = await login({ email: "anna@example.org", password: FIXTURE_PASSWORD }, attacker);
    await expectRefused(blocked, 429, "login_locked");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(15);
    expect(blocked.headers.get("Set-Cookie")).toBeNull();
    // The owner, from their own address, is not locked out.
    expectRedirect(await login({ email: "anna@example.org", password: FIXTURE_PASSWORD }, "192.0.2.20"), "/");
    expect(await countRows(t.db, "sessions")).toBe(1);
  });

  it("success also sets a long-lived known-device cookie (HttpOnly, SameSite=Lax), stored only as a hash", async () => {
    const user = await createUser(t.db, { email: "anna@example.org" });
    const res = await login({ email: "anna@example.org", password: FIXTURE_PASSWORD });
    const [session, device] = res.headers.getSetCookie();
    expect(session).toMatch(/^ratschlag_session=/);
    expect(device).toMatch(/^ratschlag_device=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=15552000$/);
    const token = device.split(";")[0].split("=")[1];
    const rows = await t.db.selectFrom("known_devices").select(["user_id", "token_hash"]).execute();
    expect(rows).toEqual([{ user_id: user.id, token_hash: expect.not.stringContaining(token) }]);
    // The device cookie alone signs nobody in.
    await expectHttpError(await r.get(accountPage.loader, "/konto", { cookie: device.split(";")[0] }), 401, "login_required");
    // Signing in again from the same device keeps its token.
    const again = await r.post(loginPage.action, "/anmelden", {
      form: { email: "anna@example.org", password: FIXTURE_PASSWORD },
      cookie: device.split(";")[0],
    });
    expect(again.headers.getSetCookie()[1]).toBe(device);
    expect(await knownDeviceCount()).toBe(1);
  });

  it("when a distributed attack reaches the address's ceiling, the owner signs in from a known device; a stranger's device does not", async () => {
    await createUser(t.db, { email: "anna@example.org" });
    await createUser(t.db, { email: "bert@example.org" });
    const deviceOf = async (email: string) =>
      (await login({ email, password: FIXTURE_PASSWORD }, "192.0.2.5")).headers.getSetCookie()[1].split(";")[0];
    const annasDevice = await deviceOf("anna@example.org");
    const bertsDevice = await deviceOf("bert@example.org");
    // 100 failures for Anna's address from 100 clients (as a botnet would; 10 from each /64 would be blocked before).
    for (let i = 0; i < 100; i++) {
      await expectRefused(
        await login({ email: "anna@example.org", password: "geraten-geraten" }, `203.0.113.${i}`),
        401,
        "invalid_credentials",
      );
    }
    const owner = (cookie?: string) =>
      r.post(loginPage.action, "/anmelden", {
        form: { email: "anna@example.org", password: FIXTURE_PASSWORD },
        cookie,
        clientIp: "192.0.2.5",
      });
    await expectRefused(await owner(), 429, "login_locked");
    await expectRefused(await owner(bertsDevice), 429, "login_locked");
    expectRedirect(await owner(annasDevice), "/");
  });

  it("failed logins on one account do not lock out another account", async () => {
    await createUser(t.db, { email: "anna@example.org" });
    await createUser(t.db, { email: "bert@example.org" });
    for (let i = 0; i < 10; i++) await login({ email: "anna@example.org", password: "falsch-falsch" }, `192.0.2.${i + 1}`);
    expectRedirect(await login({ email: "bert@example.org", password: FIXTURE_PASSWORD }, "192.0.2.50"), "/");
  });
});

describe("e-mail verification", () => {
  it("opening the link (GET) changes nothing; posting the token verifies the address once", async () => {
    expectRedirect(await register(registration));
    const email = "erika.muster@example.org";
    const token = await verificationToken(email);
    const page = await expectOk(await r.get(confirmPage.loader, `/bestaetigen?token=${encodeURIComponent(token)}`));
    expect(page.token).toBe(token);
    expect((await userRow(email)).email_verified_at).toBeNull();

    expectRedirect(await r.post(confirmPage.action, "/bestaetigen", { form: { token } }), "/anmelden?hinweis=verified");
    expect((await userRow(email)).email_verified_at).not.toBeNull();

    await expectRefused(await r.post(confirmPage.action, "/bestaetigen", { form: { token } }), 400, "token_invalid");
  });

  it("a wrong or missing token is a 400 and verifies nobody", async () => {
    expectRedirect(await register(registration));
    for (const token of ["falsch", "", "x".repeat(43)]) {
      await expectRefused(await r.post(confirmPage.action, "/bestaetigen", { form: { token } }), 400, "token_invalid");
    }
    expect((await userRow("erika.muster@example.org")).email_verified_at).toBeNull();
  });

  it("a signed-in person is sent to their account after confirming", async () => {
    expectRedirect(await register(registration));
    const email = "erika.muster@example.org";
    const token = await verificationToken(email);
    const row = await userRow(email);
    const cookie = await sessionCookieFor(t.db, {
      id: row.id,
      email,
      displayName: row.display_name,
      role: "resident",
      verified: false,
      suspendedUntil: null,
      suspensionReason: null,
    });
    expectRedirect(await r.post(confirmPage.action, "/bestaetigen", { form: { token }, cookie }), "/konto?hinweis=verified");
  });
});

describe("logout and the account page", () => {
  it("POST /abmelden deletes the session row and clears the cookie; the old cookie no longer signs in", async () => {
    const user = await createUser(t.db);
    const cookie = await sessionCookieFor(t.db, user);
    await createUser(t.db).then((other) => sessionCookieFor(t.db, other));
    const res = await r.post(logoutPage.action, "/abmelden", { cookie });
    expectRedirect(res, "/");
    expect(res.headers.get("Set-Cookie")).toMatch(/^ratschlag_session=;.*Max-Age=0/);
    expect(await t.db.selectFrom("sessions").select("user_id").where("user_id", "=", user.id).execute()).toEqual([]);
    expect(await countRows(t.db, "sessions")).toBe(1);
    await expectHttpError(await r.get(accountPage.loader, "/konto", { cookie }), 401, "login_required");
  });

  it("GET /abmelden changes nothing", async () => {
    const cookie = await sessionCookieFor(t.db, await createUser(t.db));
    expectRedirect(await r.get(logoutPage.loader, "/abmelden", { cookie }), "/");
    expect(await countRows(t.db, "sessions")).toBe(1);
    await expectOk(await r.get(accountPage.loader, "/konto", { cookie }));
  });

  it("the account page needs a valid session; forged and expired cookies are guests", async () => {
    await expectHttpError(await r.get(accountPage.loader, "/konto"), 401, "login_required");
    await expectHttpError(
      await r.get(accountPage.loader, "/konto", { cookie: "ratschlag_session=" + "A".repeat(43) }),
      401,
      "login_required",
    );
    await expectHttpError(await r.get(accountPage.loader, "/konto", { cookie: "ratschlag_session=' or 1=1 --" }), 401, "login_required");
    const user = await createUser(t.db);
    const cookie = await sessionCookieFor(t.db, user);
    await t.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    await expectHttpError(await r.get(accountPage.loader, "/konto", { cookie }), 401, "login_required");
  });

  it("a session cookie with malformed percent-encoding is a guest, not a 500 on every page", async () => {
    await expectHttpError(await r.get(accountPage.loader, "/konto", { cookie: "ratschlag_session=%E0%A4%A" }), 401, "login_required");
    await expectHttpError(await r.get(accountPage.loader, "/konto", { cookie: "andere=1; ratschlag_session=%" }), 401, "login_required");
  });

  it("over https the cookie is Secure with the __Host- prefix, and only that name signs in", async () => {
    const original = env();
    setEnvForTests({ ...original, PUBLIC_URL: "https://beteiligung.example.de", secure: true });
    try {
      await createUser(t.db, { email: "anna@example.org" });
      const res = await login({ email: "anna@example.org", password: FIXTURE_PASSWORD });
      expectRedirect(res, "/");
      const setCookie = res.headers.get("Set-Cookie") ?? "";
      expect(setCookie).toMatch(/^__Host-ratschlag_session=[A-Za-z0-9_-]{43};/);
      expect(setCookie).toMatch(/;\s*Secure/i);
      expect(setCookie).toMatch(/;\s*Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
      await expectOk(await r.get(accountPage.loader, "/konto", { cookie: cookieFrom(res) }));
      // The known-device cookie gets the same protection.
      expect(res.headers.getSetCookie()[1]).toMatch(
        /^__Host-ratschlag_device=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/,
      );
      const token = cookieFrom(res).split("=")[1];
      await expectHttpError(await r.get(accountPage.loader, "/konto", { cookie: `ratschlag_session=${token}` }), 401, "login_required");
    } finally {
      setEnvForTests(original);
    }
  });

  it("an unverified resident can ask for a new link; a verified one gets 409", async () => {
    const unverified = await createUser(t.db, { verified: false });
    expectRedirect(
      await r.post(accountPage.action, "/konto", { cookie: await sessionCookieFor(t.db, unverified) }),
      "/konto?hinweis=resent",
    );
    expect(await countRows(t.db, "mail_outbox")).toBe(1);
    const verified = await createUser(t.db);
    await expectRefused(
      await r.post(accountPage.action, "/konto", { cookie: await sessionCookieFor(t.db, verified) }),
      409,
      "already_verified",
    );
    expect(await countRows(t.db, "mail_outbox")).toBe(1);
    const guest = await r.post(accountPage.action, "/konto");
    expect((await bodyOf(guest)).reason).toBe("login_required");
    expect(guest.status).toBe(401);
  });
});
