import argon2 from "argon2";
import { PostgresQueryCompiler, sql, type KyselyPlugin } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createUser, FIXTURE_PASSWORD } from "../../setup/fixtures";
import { cleanUpAccounts, login, loginWithLink, requestLoginLink, userForSession } from "~/domain/accounts/accounts.server";
import { loginLinkLimits, loginThrottle } from "~/domain/accounts/accounts.policy";
import { clientKey } from "~/domain/accounts/client-key.server";
import { hashToken } from "~/lib/crypto.server";
import { hashPassword, UNKNOWN_ACCOUNT_HASH } from "~/lib/password.server";

// Login throttling that hurts the attacker, not the owner (issue 8 item 21, decision 0013), the mailed one-time login
// link, and the same work for known and unknown addresses (item 15).

const t = useTestDatabase();
const knownDeviceCount = async () => (await t.db.selectFrom("known_devices").select("id").execute()).length;

const PUBLIC_URL = "http://localhost:3000";
const OWNER_IP = "192.0.2.10";
const ATTACKER_IP = "198.51.100.66";
const EMAIL = "owner@example.org";

afterEach(() => {
  vi.restoreAllMocks();
});

const tryLogin = (password: string, clientIp: string, email = EMAIL, deviceToken?: string) =>
  login(t.db, { email, password }, { clientIp, deviceToken });
const failLogin = (clientIp: string, email = EMAIL) => tryLogin("falsches-passwort", clientIp, email);

async function failureCount() {
  const row = await t.db
    .selectFrom("login_failures")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Moves every recorded failure into the past, as if the attacker had waited. */
async function waitSeconds(seconds: number) {
  await t.db
    .updateTable("login_failures")
    .set({ created_at: sql`created_at - make_interval(secs => ${seconds})` })
    .execute();
}

/** Fails from this client until the pair is blocked, waiting whenever asked to; returns the number of password checks. */
async function blockPair(clientIp: string, email = EMAIL) {
  let checks = 0;
  for (;;) {
    const result = await failLogin(clientIp, email);
    if (result.ok) throw new Error("unexpected login");
    if (result.reason === "invalid_credentials") checks += 1;
    else if (result.reason === "login_wait") await waitSeconds(result.retryAfter);
    else return { checks, result };
  }
}

/** The one-time link in the newest mail to this address. */
async function linkTokenFromMail(email: string) {
  const mail = await t.db
    .selectFrom("mail_outbox")
    .selectAll()
    .where("to_address", "=", email)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const match = /\/anmelden\/link\/einloesen\?token=(\S+)/.exec(mail.body_text);
  expect(match, "the mail contains the login link").not.toBeNull();
  return decodeURIComponent(match![1]);
}

describe("login throttling per (address, client) pair", () => {
  it("an attacker from another address cannot lock the owner out", async () => {
    const owner = await createUser(t.db, { email: EMAIL });
    // The attacker keeps trying, waiting as told, until the pair is blocked, and then goes on trying.
    const { result } = await blockPair(ATTACKER_IP);
    expect(result).toMatchObject({ ok: false, reason: "login_locked" });
    for (let i = 0; i < 5; i++) expect(await failLogin(ATTACKER_IP)).toMatchObject({ reason: "login_locked" });
    // Even the right password does not help the blocked pair …
    expect(await tryLogin(FIXTURE_PASSWORD, ATTACKER_IP)).toMatchObject({ ok: false, reason: "login_locked" });
    // … while the owner, from their own address, signs in at once.
    const mine = await tryLogin(FIXTURE_PASSWORD, OWNER_IP);
    expect(mine).toMatchObject({ ok: true, user: { id: owner.id } });
  });

  it("the pair gets 5 free failures, then waits 15 s, 30 s, 1, 2 and 4 minutes, then is blocked for the rest of the hour", async () => {
    await createUser(t.db, { email: EMAIL });
    const verify = vi.spyOn(argon2, "verify");
    for (let i = 0; i < 5; i++) expect(await failLogin(ATTACKER_IP)).toEqual({ ok: false, reason: "invalid_credentials" });

    for (const delay of [15, 30, 60, 120, 240]) {
      const checks = verify.mock.calls.length;
      const failures = await failureCount();
      const refused = await failLogin(ATTACKER_IP);
      expect(refused).toMatchObject({ ok: false, reason: "login_wait" });
      const retryAfter = refused.ok || refused.reason === "invalid_credentials" ? 0 : refused.retryAfter;
      expect(retryAfter).toBeGreaterThan(delay - 5);
      expect(retryAfter).toBeLessThanOrEqual(delay);
      // A refused attempt checks no password and records nothing.
      expect(verify.mock.calls.length).toBe(checks);
      expect(await failureCount()).toBe(failures);
      // Not long enough: still waiting.
      await waitSeconds(delay - 5);
      expect(await failLogin(ATTACKER_IP)).toMatchObject({ reason: "login_wait" });
      await waitSeconds(5);
      expect(await failLogin(ATTACKER_IP)).toEqual({ ok: false, reason: "invalid_credentials" });
    }

    // Ten failures: blocked until the oldest of them is an hour old (it is now 15+30+60+120+240 s old).
    const blocked = await failLogin(ATTACKER_IP);
    expect(blocked).toMatchObject({ ok: false, reason: "login_locked" });
    const retryAfter = blocked.ok || blocked.reason === "invalid_credentials" ? 0 : blocked.retryAfter;
    expect(retryAfter).toBeGreaterThan(3600 - 465 - 10);
    expect(retryAfter).toBeLessThanOrEqual(3600 - 465);
    await waitSeconds(retryAfter - 60);
    expect(await tryLogin(FIXTURE_PASSWORD, ATTACKER_IP)).toMatchObject({ reason: "login_locked" });
    // When the oldest failure has left the hour, the right password gets in again.
    await waitSeconds(60);
    expect(await tryLogin(FIXTURE_PASSWORD, ATTACKER_IP)).toMatchObject({ ok: true });
  });

  it("answers an unknown address exactly as a known one: the same free failures, waits and block", async () => {
    await createUser(t.db, { email: EMAIL });
    const known = await blockPair(ATTACKER_IP);
    const unknown = await blockPair(ATTACKER_IP, "niemand@example.org");
    expect(unknown.checks).toBe(known.checks);
    expect(unknown.checks).toBe(loginThrottle.pair.max);
  });

  it("a successful login forgets the pair's failures", async () => {
    await createUser(t.db, { email: EMAIL });
    for (let i = 0; i < 4; i++) await failLogin(OWNER_IP);
    expect(await tryLogin(FIXTURE_PASSWORD, OWNER_IP)).toMatchObject({ ok: true });
    // Five more mistakes are free again (without the reset the 6th would already have to wait) …
    for (let i = 0; i < 5; i++) expect(await failLogin(OWNER_IP)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await failLogin(OWNER_IP)).toMatchObject({ reason: "login_wait" });
  });

  it("parallel attempts cannot pass the pair's free failures", async () => {
    await createUser(t.db, { email: EMAIL });
    const results = await Promise.all(Array.from({ length: 16 }, () => failLogin(ATTACKER_IP)));
    const checked = results.filter((r) => !r.ok && r.reason === "invalid_credentials").length;
    expect(checked).toBe(loginThrottle.pair.free);
    expect(results.filter((r) => !r.ok && r.reason === "login_wait")).toHaveLength(16 - loginThrottle.pair.free);
    expect(await failureCount()).toBe(loginThrottle.pair.free);
  });
});

describe("ceilings beyond the pair", () => {
  it("100 failures an hour for one address from anywhere lock its password login; the owner still gets in by link", async () => {
    const owner = await createUser(t.db, { email: EMAIL });
    // 99 failures from 99 other addresses (written directly: each would be one attempt from a botnet) and one real one.
    await failLogin("203.0.113.1");
    const { account_hash } = await t.db.selectFrom("login_failures").select("account_hash").executeTakeFirstOrThrow();
    await t.db
      .insertInto("login_failures")
      .values(Array.from({ length: loginThrottle.account.max - 2 }, (_, i) => ({ account_hash, ip_hash: `botnet-${i}` })))
      .execute();
    expect(await failLogin("203.0.113.2")).toEqual({ ok: false, reason: "invalid_credentials" });
    const locked = await tryLogin(FIXTURE_PASSWORD, OWNER_IP);
    expect(locked).toMatchObject({ ok: false, reason: "login_locked" });
    expect(!locked.ok && locked.reason === "login_locked" && locked.retryAfter).toBeGreaterThan(3500);

    expect(await requestLoginLink(t.db, { email: EMAIL }, { clientIp: OWNER_IP, publicUrl: PUBLIC_URL })).toEqual({ ok: true });
    const session = await loginWithLink(t.db, await linkTokenFromMail(EMAIL), { clientIp: OWNER_IP });
    expect(session).toMatchObject({ ok: true, user: { id: owner.id } });
  });

  it("50 failures from one client address across addresses block that client (password spraying), not others", async () => {
    await createUser(t.db, { email: EMAIL });
    // One failure per address: no pair comes near its own limit.
    for (let i = 0; i < loginThrottle.ip.max; i++) {
      expect(await failLogin(ATTACKER_IP, `konto${i}@example.org`)).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    expect(await tryLogin(FIXTURE_PASSWORD, ATTACKER_IP)).toMatchObject({ ok: false, reason: "login_locked" });
    expect(await tryLogin(FIXTURE_PASSWORD, OWNER_IP)).toMatchObject({ ok: true });
  });

  it("stores addresses and client addresses only as keyed hashes, and cleans old failures up", async () => {
    await failLogin(ATTACKER_IP);
    const stored = JSON.stringify(await t.db.selectFrom("login_failures").selectAll().execute());
    expect(stored).not.toContain(EMAIL);
    expect(stored).not.toContain(ATTACKER_IP);
    await failLogin(OWNER_IP);
    await t.db
      .updateTable("login_failures")
      .set({ created_at: sql`now() - interval '2 hours'` })
      .where("id", "=", "1")
      .execute();
    await cleanUpAccounts(t.db);
    expect(await failureCount()).toBe(1);
  });
});

describe("the mailed one-time login link", () => {
  const request = (email: string, clientIp = OWNER_IP) => requestLoginLink(t.db, { email }, { clientIp, publicUrl: PUBLIC_URL });

  it("signs in once, not twice; stored only hashed; marks the address confirmed", async () => {
    const owner = await createUser(t.db, { email: EMAIL, verified: false });
    expect(await request(EMAIL)).toEqual({ ok: true });
    const mails = await t.db.selectFrom("mail_outbox").selectAll().execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to_address: EMAIL, status: "pending" });
    const token = await linkTokenFromMail(EMAIL);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await t.db.selectFrom("login_links").selectAll().execute())).not.toContain(token);
    expect((await t.db.selectFrom("login_links").select("token_hash").executeTakeFirstOrThrow()).token_hash).toBe(hashToken(token));

    const first = await loginWithLink(t.db, token, { clientIp: OWNER_IP });
    expect(first).toMatchObject({ ok: true, user: { id: owner.id, verified: true } });
    if (!first.ok) throw new Error("link login failed");
    expect(await userForSession(t.db, first.token)).toMatchObject({ id: owner.id, verified: true });
    expect(first.token).not.toBe(token);

    expect(await loginWithLink(t.db, token, { clientIp: OWNER_IP })).toEqual({ ok: false, reason: "login_link_invalid" });
    expect(await countRows(t.db, "sessions")).toBe(1);
  });

  it("does not sign in after 15 minutes, nor with a wrong token", async () => {
    await createUser(t.db, { email: EMAIL });
    await request(EMAIL);
    const token = await linkTokenFromMail(EMAIL);
    const { expires_at, created_at } = await t.db.selectFrom("login_links").selectAll().executeTakeFirstOrThrow();
    expect(expires_at.getTime() - created_at.getTime()).toBe(15 * 60 * 1000);
    expect(await loginWithLink(t.db, token.slice(0, -2) + "xx", { clientIp: OWNER_IP })).toEqual({
      ok: false,
      reason: "login_link_invalid",
    });
    expect(await loginWithLink(t.db, "", { clientIp: OWNER_IP })).toEqual({ ok: false, reason: "login_link_invalid" });
    await t.db
      .updateTable("login_links")
      .set({ expires_at: sql`now() - interval '1 second'` })
      .execute();
    expect(await loginWithLink(t.db, token, { clientIp: OWNER_IP })).toEqual({ ok: false, reason: "login_link_invalid" });
    expect(await countRows(t.db, "sessions")).toBe(0);
  });

  it("an unknown address gets the same answer and no mail", async () => {
    await createUser(t.db, { email: EMAIL });
    expect(await request("niemand@example.org")).toEqual(await request(EMAIL));
    const mails = await t.db.selectFrom("mail_outbox").select("to_address").execute();
    expect(mails).toEqual([{ to_address: EMAIL }]);
    // No token exists for the unknown address.
    expect(await t.db.selectFrom("login_links").select("token_hash").where("user_id", "is", null).execute()).toEqual([
      { token_hash: null },
    ]);
  });

  it("is limited to 3 requests an hour per (address, client) pair and 10 per client, known address or not", async () => {
    await createUser(t.db, { email: EMAIL });
    for (const email of [EMAIL, "niemand@example.org"]) {
      for (let i = 0; i < loginLinkLimits.pair.max; i++) expect(await request(email, ATTACKER_IP)).toEqual({ ok: true });
      const refused = await request(email, ATTACKER_IP);
      expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
      expect(!refused.ok && refused.retryAfter).toBeGreaterThan(3500);
      // The same address from another client is not refused.
      expect(await request(email, OWNER_IP)).toEqual({ ok: true });
    }
    expect(await countRows(t.db, "mail_outbox")).toBe(4);
    for (let i = 0; i < 4; i++) expect(await request(`person${i}@example.org`, ATTACKER_IP)).toEqual({ ok: true });
    expect(await request("person4@example.org", ATTACKER_IP)).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await request("person4@example.org", OWNER_IP)).toEqual({ ok: true });
  });

  it("an attacker from many clients cannot get the owner refused: beyond 10 mails an hour the answer is the same, without a mail", async () => {
    await createUser(t.db, { email: EMAIL });
    // 20 clients ask 3 times each: never refused (no pair and no client is over its limit) …
    for (let client = 0; client < 20; client++) {
      for (let i = 0; i < 3; i++) expect(await request(EMAIL, `203.0.113.${client}`)).toEqual({ ok: true });
    }
    // … but only 10 mails went out (against mail-bombing), and the owner's own request is answered as always.
    expect(await countRows(t.db, "mail_outbox")).toBe(loginLinkLimits.accountMails.max);
    expect(await request(EMAIL, OWNER_IP)).toEqual({ ok: true });
    expect(await countRows(t.db, "mail_outbox")).toBe(loginLinkLimits.accountMails.max);
    // The mails that went out are the owner's: the newest of them still signs in.
    expect(await loginWithLink(t.db, await linkTokenFromMail(EMAIL), { clientIp: OWNER_IP })).toMatchObject({ ok: true });
  });

  it("a known device of the account still gets a mail beyond the cap; another account's device does not", async () => {
    await createUser(t.db, { email: EMAIL });
    await createUser(t.db, { email: "fremd@example.org" });
    const mine = await tryLogin(FIXTURE_PASSWORD, OWNER_IP);
    const theirs = await tryLogin(FIXTURE_PASSWORD, ATTACKER_IP, "fremd@example.org");
    if (!mine.ok || !theirs.ok) throw new Error("login failed");
    for (let client = 0; client < loginLinkLimits.accountMails.max; client++) await request(EMAIL, `203.0.113.${client}`);
    const ask = (deviceToken: string) =>
      requestLoginLink(t.db, { email: EMAIL }, { clientIp: OWNER_IP, deviceToken, publicUrl: PUBLIC_URL });
    expect(await ask(theirs.deviceToken)).toEqual({ ok: true });
    expect(await countRows(t.db, "mail_outbox")).toBe(loginLinkLimits.accountMails.max);
    expect(await ask(mine.deviceToken)).toEqual({ ok: true });
    expect(await countRows(t.db, "mail_outbox")).toBe(loginLinkLimits.accountMails.max + 1);
  });

  it("carries the page to return to into the mailed link", async () => {
    await createUser(t.db, { email: EMAIL });
    await requestLoginLink(t.db, { email: EMAIL }, { clientIp: OWNER_IP, publicUrl: PUBLIC_URL, next: "/beteiligungen/3?seite=2" });
    const mail = await t.db.selectFrom("mail_outbox").select("body_text").executeTakeFirstOrThrow();
    expect(mail.body_text).toMatch(/\/anmelden\/link\/einloesen\?token=[A-Za-z0-9_-]{43}&weiter=%2Fbeteiligungen%2F3%3Fseite%3D2\b/);
  });

  it("lifts the block of the client that uses it; using one link ends the others", async () => {
    await createUser(t.db, { email: EMAIL });
    await blockPair(OWNER_IP); // the owner forgot the password and tried too often
    expect(await tryLogin(FIXTURE_PASSWORD, OWNER_IP)).toMatchObject({ reason: "login_locked" });
    await request(EMAIL);
    const older = await linkTokenFromMail(EMAIL);
    await request(EMAIL);
    const newer = await linkTokenFromMail(EMAIL);
    expect(await loginWithLink(t.db, newer, { clientIp: OWNER_IP })).toMatchObject({ ok: true });
    expect(await loginWithLink(t.db, older, { clientIp: OWNER_IP })).toEqual({ ok: false, reason: "login_link_invalid" });
    expect(await tryLogin(FIXTURE_PASSWORD, OWNER_IP)).toMatchObject({ ok: true });
  });
});

describe("client addresses: an IPv6 client counts by its /64 (a host can rotate through it at will)", () => {
  it("keys IPv4 as it is, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64 prefix in every notation", () => {
    expect(clientKey("198.51.100.66")).toBe("198.51.100.66");
    expect(clientKey("::ffff:198.51.100.66")).toBe("198.51.100.66");
    expect(clientKey("::FFFF:C633:6442")).toBe("198.51.100.66");
    expect(clientKey("0:0:0:0:0:ffff:198.51.100.66")).toBe("198.51.100.66");
    const prefix = "2001:db8:1:2::/64";
    for (const ip of [
      "2001:db8:1:2::1",
      "2001:DB8:1:2:ffff:ffff:ffff:ffff",
      "2001:0db8:0001:0002:0:0:0:0",
      "2001:db8:1:2:a:b:1.2.3.4",
      "2001:db8:1:2::5%eth0",
    ]) {
      expect(clientKey(ip), ip).toBe(prefix);
    }
    expect(clientKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("unknown")).toBe("unknown");
  });

  it("a host rotating through its /64 is one client: its pair gets 5 free failures in all, not 5 per address", async () => {
    await createUser(t.db, { email: EMAIL });
    const verify = vi.spyOn(argon2, "verify");
    const results = [];
    for (let i = 1; i <= 40; i++) results.push(await failLogin(`2001:db8:1:2::${i.toString(16)}`));
    expect(verify.mock.calls.length).toBe(loginThrottle.pair.free);
    expect(results.filter((r) => !r.ok && r.reason === "login_wait")).toHaveLength(40 - loginThrottle.pair.free);
    // Another /64 is another client, and the owner from there signs in.
    expect(await tryLogin(FIXTURE_PASSWORD, "2001:db8:1:3::1")).toMatchObject({ ok: true });
  });

  it("an IPv4 client seen as IPv4-mapped IPv6 is the same client", async () => {
    await createUser(t.db, { email: EMAIL });
    for (let i = 0; i < loginThrottle.pair.free; i++) await failLogin(ATTACKER_IP);
    expect(await failLogin(`::ffff:${ATTACKER_IP}`)).toMatchObject({ reason: "login_wait" });
  });

  it("the per-client ceiling (password spraying) counts the whole /64", async () => {
    for (let i = 0; i < loginThrottle.ip.max; i++) {
      expect(await failLogin(`2001:db8:1:2::${(i + 1).toString(16)}`, `konto${i}@example.org`)).toEqual({
        ok: false,
        reason: "invalid_credentials",
      });
    }
    expect(await failLogin("2001:db8:1:2:ffff::1", "noch-eins@example.org")).toMatchObject({ reason: "login_locked" });
  });

  it("login link requests count by the /64 too (3 per pair, 10 per client)", async () => {
    await createUser(t.db, { email: EMAIL });
    const request = (ip: string, email = EMAIL) => requestLoginLink(t.db, { email }, { clientIp: ip, publicUrl: PUBLIC_URL });
    for (let i = 1; i <= loginLinkLimits.pair.max; i++) expect(await request(`2001:db8:1:2::${i}`)).toEqual({ ok: true });
    expect(await request("2001:db8:1:2::99")).toMatchObject({ ok: false, reason: "rate_limited" });
    for (let i = 0; i < loginLinkLimits.ip.max - loginLinkLimits.pair.max; i++) {
      expect(await request(`2001:db8:1:2::a${i}`, `person${i}@example.org`)).toEqual({ ok: true });
    }
    expect(await request("2001:db8:1:2::b1", "noch-eine@example.org")).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});

describe("known devices (OWASP device cookies): a distributed attack does not lock the owner out", () => {
  /** Fills the per-address ceiling as a botnet would: 100 failures for the address from 100 clients. */
  async function reachCeiling() {
    await failLogin("203.0.113.1");
    const { account_hash } = await t.db.selectFrom("login_failures").select("account_hash").executeTakeFirstOrThrow();
    await t.db
      .insertInto("login_failures")
      .values(Array.from({ length: loginThrottle.account.max - 1 }, (_, i) => ({ account_hash, ip_hash: `botnet-${i}` })))
      .execute();
  }

  it("the owner from a known device still signs in with the right password; a stranger's device and no device do not", async () => {
    const owner = await createUser(t.db, { email: EMAIL });
    await createUser(t.db, { email: "fremd@example.org" });
    const earlier = await tryLogin(FIXTURE_PASSWORD, OWNER_IP);
    const stranger = await tryLogin(FIXTURE_PASSWORD, ATTACKER_IP, "fremd@example.org");
    if (!earlier.ok || !stranger.ok) throw new Error("login failed");
    expect(earlier.deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await reachCeiling();
    expect(await tryLogin(FIXTURE_PASSWORD, OWNER_IP)).toMatchObject({ ok: false, reason: "login_locked" });
    expect(await tryLogin(FIXTURE_PASSWORD, ATTACKER_IP, EMAIL, stranger.deviceToken)).toMatchObject({ reason: "login_locked" });
    expect(await tryLogin(FIXTURE_PASSWORD, "192.0.2.77", EMAIL, "x".repeat(43))).toMatchObject({ reason: "login_locked" });
    const mine = await tryLogin(FIXTURE_PASSWORD, OWNER_IP, EMAIL, earlier.deviceToken);
    expect(mine).toMatchObject({ ok: true, user: { id: owner.id }, deviceToken: earlier.deviceToken });
    // A wrong password from the known device is still a failure (and the device still gets no exemption from its pair).
    expect(await tryLogin("falsches-passwort", OWNER_IP, EMAIL, earlier.deviceToken)).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  it("a known device is still throttled by its own pair", async () => {
    await createUser(t.db, { email: EMAIL });
    const earlier = await tryLogin(FIXTURE_PASSWORD, OWNER_IP);
    if (!earlier.ok) throw new Error("login failed");
    for (let i = 0; i < loginThrottle.pair.free; i++) await tryLogin("falsches-passwort", OWNER_IP, EMAIL, earlier.deviceToken);
    expect(await tryLogin(FIXTURE_PASSWORD, OWNER_IP, EMAIL, earlier.deviceToken)).toMatchObject({ reason: "login_wait" });
  });

  it("a link login makes the device known as well; tokens are stored hashed and go with the account", async () => {
    const owner = await createUser(t.db, { email: EMAIL });
    await requestLoginLink(t.db, { email: EMAIL }, { clientIp: OWNER_IP, publicUrl: PUBLIC_URL });
    const viaLink = await loginWithLink(t.db, await linkTokenFromMail(EMAIL), { clientIp: OWNER_IP });
    if (!viaLink.ok) throw new Error("link login failed");
    await reachCeiling();
    expect(await tryLogin(FIXTURE_PASSWORD, OWNER_IP, EMAIL, viaLink.deviceToken)).toMatchObject({ ok: true });
    const rows = await t.db.selectFrom("known_devices").selectAll().execute();
    expect(rows).toEqual([expect.objectContaining({ user_id: owner.id, token_hash: hashToken(viaLink.deviceToken) })]);
    await t.db.deleteFrom("users").where("id", "=", owner.id).execute();
    expect(await knownDeviceCount()).toBe(0);
  });

  it("a device unused for 180 days is no longer known, and is cleaned up", async () => {
    await createUser(t.db, { email: EMAIL });
    const earlier = await tryLogin(FIXTURE_PASSWORD, OWNER_IP);
    if (!earlier.ok) throw new Error("login failed");
    await t.db
      .updateTable("known_devices")
      .set({ last_used_at: sql`now() - interval '181 days'` })
      .execute();
    await reachCeiling();
    expect(await tryLogin(FIXTURE_PASSWORD, OWNER_IP, EMAIL, earlier.deviceToken)).toMatchObject({ reason: "login_locked" });
    await cleanUpAccounts(t.db);
    expect(await knownDeviceCount()).toBe(0);
  });
});

/** Records the SQL text (with placeholders, not values) of every statement run through the returned database. */
function recordingStatements() {
  const compiler = new PostgresQueryCompiler();
  const statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      statements.push(compiler.compileQuery(args.node, args.queryId).sql.replace(/\s+/g, " "));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: t.db.withPlugin(plugin), statements };
}

describe("the same work for a known address with a wrong password and an unknown address (item 15)", () => {
  it("both check one Argon2 hash of the same cost, hash nothing, and run the same statements", async () => {
    await createUser(t.db, { email: EMAIL });
    const verify = vi.spyOn(argon2, "verify");
    const hash = vi.spyOn(argon2, "hash");

    async function work(email: string, clientIp: string) {
      verify.mockClear();
      hash.mockClear();
      const recorder = recordingStatements();
      const result = await login(recorder.db, { email, password: "falsches-passwort" }, { clientIp });
      expect(result).toEqual({ ok: false, reason: "invalid_credentials" });
      return { verifications: verify.mock.calls.length, hashes: hash.mock.calls.length, statements: recorder.statements };
    }

    // Each from a fresh client, and again with earlier failures of the pair, so every branch of the throttle is compared.
    for (const [knownIp, unknownIp] of [
      ["192.0.2.1", "192.0.2.2"],
      ["192.0.2.1", "192.0.2.2"],
    ]) {
      const known = await work(EMAIL, knownIp);
      const unknown = await work("niemand@example.org", unknownIp);
      expect(known.verifications).toBe(1);
      expect(unknown).toEqual(known);
      expect(known.hashes).toBe(0);
      expect(known.statements.length).toBeGreaterThan(2);
    }
  });

  it("the stand-in hash for unknown addresses has the cost parameters of real password hashes", async () => {
    const params = (h: string) => h.split("$")[3].split(",").sort();
    expect(params(UNKNOWN_ACCOUNT_HASH)).toEqual(params(await hashPassword("irgendein-passwort")));
    expect(UNKNOWN_ACCOUNT_HASH.split("$")[1]).toBe("argon2id");
  });
});
