import { sql, type RawBuilder } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createUser, FIXTURE_PASSWORD } from "../../setup/fixtures";
import {
  cleanUpAccounts,
  createOrUpdateAccount,
  login,
  logout,
  register,
  userForSession,
  verifyEmail,
} from "~/domain/accounts/accounts.server";
import { hashToken } from "~/lib/crypto.server";

const t = useTestDatabase();

const PUBLIC_URL = "http://localhost:3000";
const meta = { clientIp: "192.0.2.10", publicUrl: PUBLIC_URL };
const PASSWORD = "ein-sicheres-passwort";

function registerAnna(email = "anna@example.org") {
  return register(t.db, { email, displayName: "Anna Beispiel", password: PASSWORD }, meta);
}

/** The token from the verification link in the newest mail to this address. */
async function tokenFromMail(email: string) {
  const mail = await t.db
    .selectFrom("mail_outbox")
    .selectAll()
    .where("to_address", "=", email)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const match = /\/bestaetigen\?token=(\S+)/.exec(mail.body_text);
  expect(match, "the mail contains the confirmation link").not.toBeNull();
  return decodeURIComponent(match![1]);
}

/** The cost parameters of a PHC-format hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash), in whatever order they are written. */
function argonParameters(hash: string) {
  const part = hash.split("$")[3] ?? "";
  return Object.fromEntries(
    part
      .split(",")
      .map((kv) => kv.split("="))
      .map(([k, v]) => [k, Number(v)]),
  );
}

async function failLogin(email: string, clientIp = meta.clientIp) {
  return login(t.db, { email, password: "falsches-passwort" }, { clientIp });
}

describe("registration and e-mail verification", () => {
  it("creates an unverified resident and puts the verification mail into the outbox", async () => {
    expect(await registerAnna()).toEqual({ ok: true });
    const user = await t.db.selectFrom("users").selectAll().where("email", "=", "anna@example.org").executeTakeFirstOrThrow();
    expect(user.role).toBe("resident");
    expect(user.email_verified_at).toBeNull();

    const mails = await t.db.selectFrom("mail_outbox").selectAll().execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to_address: "anna@example.org", status: "pending" });
    expect(mails[0].body_text).toContain(`${PUBLIC_URL}/bestaetigen?token=`);
    expect(mails[0].body_text).toContain("Anna Beispiel");
  });

  it("writes user and mail in one transaction: if the mail cannot be queued, no account is left behind", async () => {
    // A trigger makes every outbox insert fail, as a broken database would.
    await sql`create function outbox_refuses() returns trigger language plpgsql as $$
      begin raise exception 'outbox unavailable'; end $$`.execute(t.db);
    await sql`create trigger outbox_refuses before insert on mail_outbox for each row execute function outbox_refuses()`.execute(t.db);
    try {
      await expect(registerAnna()).rejects.toThrow();
      expect(await countRows(t.db, "users")).toBe(0);
    } finally {
      await sql`drop trigger outbox_refuses on mail_outbox`.execute(t.db);
      await sql`drop function outbox_refuses()`.execute(t.db);
    }
  });

  it("answers ok for an address that is taken, but creates no second account and sends no mail", async () => {
    await registerAnna();
    // Same answer as a new registration, so the form does not reveal who is registered.
    expect(await register(t.db, { email: "anna@example.org", displayName: "Jemand Anderes", password: "anderes-passwort" }, meta)).toEqual({
      ok: true,
    });
    expect(await countRows(t.db, "users")).toBe(1);
    expect(await countRows(t.db, "mail_outbox")).toBe(1);
    // The first person's password still works; the second registration changed nothing.
    expect(await login(t.db, { email: "anna@example.org", password: PASSWORD }, meta)).toMatchObject({ ok: true });
  });

  it("stores the password as Argon2id with OWASP's parameters (19 MiB, t=2, p=1), never in clear", async () => {
    await registerAnna();
    const { password_hash } = await t.db.selectFrom("users").select("password_hash").executeTakeFirstOrThrow();
    expect(password_hash.startsWith("$argon2id$")).toBe(true);
    expect(argonParameters(password_hash)).toEqual({ m: 19456, t: 2, p: 1 });
    expect(password_hash).not.toContain(PASSWORD);
  });

  it("confirms the address with the link's token exactly once", async () => {
    await registerAnna();
    const token = await tokenFromMail("anna@example.org");
    expect(await verifyEmail(t.db, token)).toEqual({ ok: true });
    const user = await t.db.selectFrom("users").select("email_verified_at").executeTakeFirstOrThrow();
    expect(user.email_verified_at).not.toBeNull();

    const session = await login(t.db, { email: "anna@example.org", password: PASSWORD }, meta);
    expect(session.ok && session.user.verified).toBe(true);
    // The link is used up.
    expect(await verifyEmail(t.db, token)).toEqual({ ok: false, reason: "token_invalid" });
  });

  it("refuses a wrong or expired token and leaves the address unconfirmed", async () => {
    await registerAnna();
    const token = await tokenFromMail("anna@example.org");
    expect(await verifyEmail(t.db, token.slice(0, -2) + "xx")).toEqual({ ok: false, reason: "token_invalid" });
    expect(await verifyEmail(t.db, "")).toEqual({ ok: false, reason: "token_invalid" });
    // A link older than 48 hours no longer works.
    await t.db
      .updateTable("email_verifications")
      .set({ expires_at: sql`now() - interval '1 minute'` })
      .execute();
    expect(await verifyEmail(t.db, token)).toEqual({ ok: false, reason: "token_invalid" });
    const user = await t.db.selectFrom("users").select("email_verified_at").executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
  });

  it("limits registrations per IP address (10 an hour)", async () => {
    for (let i = 0; i < 10; i++) {
      expect(await registerAnna(`person${i}@example.org`)).toEqual({ ok: true });
    }
    const refused = await registerAnna("person10@example.org");
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(!refused.ok && refused.retryAfter).toBeGreaterThan(0);
    expect(await countRows(t.db, "users")).toBe(10);
    // Another address is not affected.
    expect(
      await register(t.db, { email: "other@example.org", displayName: "Other", password: PASSWORD }, { ...meta, clientIp: "198.51.100.7" }),
    ).toEqual({ ok: true });
  });
  it("parallel registrations from one address cannot pass the limit of 10 an hour", async () => {
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => registerAnna(`parallel${i}@example.org`)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(await countRows(t.db, "users")).toBe(10);
  });
});

describe("login and sessions", () => {
  it("gives a session token that identifies the person", async () => {
    const resident = await createUser(t.db, { email: "bert@example.org" });
    const result = await login(t.db, { email: "bert@example.org", password: FIXTURE_PASSWORD }, meta);
    expect(result).toMatchObject({ ok: true, user: { id: resident.id, email: "bert@example.org", role: "resident", verified: true } });
    if (!result.ok) throw new Error("login failed");
    expect(await userForSession(t.db, result.token)).toMatchObject({ id: resident.id, email: "bert@example.org", role: "resident" });
  });

  it("refuses a wrong password and an unknown address alike, opening no session", async () => {
    await createUser(t.db, { email: "bert@example.org" });
    expect(await failLogin("bert@example.org")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await login(t.db, { email: "niemand@example.org", password: FIXTURE_PASSWORD }, meta)).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
    expect(await countRows(t.db, "sessions")).toBe(0);
  });

  it("gives a new token at every login and stores only its hash", async () => {
    const resident = await createUser(t.db, { email: "bert@example.org" });
    const first = await login(t.db, { email: "bert@example.org", password: FIXTURE_PASSWORD }, meta);
    const second = await login(t.db, { email: "bert@example.org", password: FIXTURE_PASSWORD }, meta);
    if (!first.ok || !second.ok) throw new Error("login failed");
    expect(first.token).not.toBe(second.token);
    // 256 bits of randomness, base64url: 43 characters.
    expect(first.token.length).toBeGreaterThanOrEqual(43);

    const sessions = await t.db.selectFrom("sessions").selectAll().orderBy("id").execute();
    expect(sessions.map((s) => s.token_hash)).toEqual([hashToken(first.token), hashToken(second.token)]);
    expect(sessions.every((s) => s.user_id === resident.id)).toBe(true);
    const stored = JSON.stringify(sessions);
    expect(stored).not.toContain(first.token);
    expect(stored).not.toContain(second.token);
    // Both sessions (e.g. two devices) work.
    expect(await userForSession(t.db, first.token)).not.toBeNull();
    expect(await userForSession(t.db, second.token)).not.toBeNull();
  });

  it("does not accept an unknown token", async () => {
    await createUser(t.db, { email: "bert@example.org" });
    expect(await userForSession(t.db, "ausgedachtes-token")).toBeNull();
  });

  it("ends a session that was idle for more than 7 days", async () => {
    await createUser(t.db, { email: "bert@example.org" });
    const result = await login(t.db, { email: "bert@example.org", password: FIXTURE_PASSWORD }, meta);
    if (!result.ok) throw new Error("login failed");
    await t.db
      .updateTable("sessions")
      .set({ last_seen_at: sql`now() - interval '8 days'` })
      .execute();
    expect(await userForSession(t.db, result.token)).toBeNull();
  });

  it("keeps an active session alive: use within the idle time moves last_seen_at forward", async () => {
    await createUser(t.db, { email: "bert@example.org" });
    const result = await login(t.db, { email: "bert@example.org", password: FIXTURE_PASSWORD }, meta);
    if (!result.ok) throw new Error("login failed");
    await t.db
      .updateTable("sessions")
      .set({ last_seen_at: sql`now() - interval '6 days'` })
      .execute();
    expect(await userForSession(t.db, result.token)).not.toBeNull();
    const { fresh } = await t.db
      .selectFrom("sessions")
      .select(sql<boolean>`last_seen_at > now() - interval '1 hour'`.as("fresh"))
      .executeTakeFirstOrThrow();
    expect(fresh).toBe(true);
  });

  it("ends a session after its absolute lifetime even while in use", async () => {
    await createUser(t.db, { email: "bert@example.org" });
    const result = await login(t.db, { email: "bert@example.org", password: FIXTURE_PASSWORD }, meta);
    if (!result.ok) throw new Error("login failed");
    const { expires_at } = await t.db.selectFrom("sessions").select("expires_at").executeTakeFirstOrThrow();
    // Absolute lifetime of 30 days from login.
    expect(expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    await t.db
      .updateTable("sessions")
      .set({ expires_at: sql`now() - interval '1 second'`, last_seen_at: sql`now()` })
      .execute();
    expect(await userForSession(t.db, result.token)).toBeNull();
  });

  it("logout revokes the session in the database", async () => {
    await createUser(t.db, { email: "bert@example.org" });
    const one = await login(t.db, { email: "bert@example.org", password: FIXTURE_PASSWORD }, meta);
    const other = await login(t.db, { email: "bert@example.org", password: FIXTURE_PASSWORD }, meta);
    if (!one.ok || !other.ok) throw new Error("login failed");
    await logout(t.db, one.token);
    expect(await userForSession(t.db, one.token)).toBeNull();
    expect(await countRows(t.db, "sessions")).toBe(1);
    // Only that session ends; the other device stays signed in.
    expect(await userForSession(t.db, other.token)).not.toBeNull();
  });

  it("cleanUpAccounts removes expired and idle sessions and old rate-limit entries, keeping live ones", async () => {
    const resident = await createUser(t.db);
    const session = (token: string, expires: RawBuilder<Date>, lastSeen: RawBuilder<Date>) =>
      t.db
        .insertInto("sessions")
        .values({ user_id: resident.id, token_hash: hashToken(token), expires_at: expires, last_seen_at: lastSeen })
        .execute();
    await session("live", sql`now() + interval '10 days'`, sql`now()`);
    await session("expired", sql`now() - interval '1 minute'`, sql`now()`);
    await session("idle", sql`now() + interval '10 days'`, sql`now() - interval '8 days'`);
    await t.db
      .insertInto("rate_limit_events")
      .values({ bucket: "registrationIp", key_hash: "old", created_at: sql<Date>`now() - interval '2 hours'` })
      .execute();
    await t.db.insertInto("rate_limit_events").values({ bucket: "registrationIp", key_hash: "recent" }).execute();
    // Each limit keeps its events for its own window: a report (a day's window) two hours old still counts.
    await t.db
      .insertInto("rate_limit_events")
      .values({ bucket: "flagUser", key_hash: "report", created_at: sql<Date>`now() - interval '2 hours'` })
      .execute();

    expect(await cleanUpAccounts(t.db)).toEqual({ sessions: 2 });
    const left = await t.db.selectFrom("sessions").select("token_hash").execute();
    expect(left.map((s) => s.token_hash)).toEqual([hashToken("live")]);
    const events = await t.db.selectFrom("rate_limit_events").select("key_hash").execute();
    expect(events.map((e) => e.key_hash).sort()).toEqual(["recent", "report"]);
  });
});

// Login throttling (per address and client pair, ceilings, the mailed login link): login-throttling.test.ts.

describe("staff accounts", () => {
  it("createOrUpdateAccount creates a verified staff account that can log in", async () => {
    const result = await createOrUpdateAccount(t.db, {
      email: "Moderation@Example.org ",
      displayName: "Mo Deration",
      password: PASSWORD,
      role: "moderator",
    });
    expect(result).toMatchObject({ ok: true, outcome: "created" });
    const user = await t.db.selectFrom("users").selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ id: result.id, email: "moderation@example.org", role: "moderator" });
    expect(user.email_verified_at).not.toBeNull();
    expect(user.password_hash.startsWith("$argon2id$")).toBe(true);
    expect(argonParameters(user.password_hash)).toEqual({ m: 19456, t: 2, p: 1 });
    const session = await login(t.db, { email: "moderation@example.org", password: PASSWORD }, meta);
    expect(session).toMatchObject({ ok: true, user: { role: "moderator", verified: true } });
    expect(await countRows(t.db, "mail_outbox")).toBe(0);
  });

  it("createOrUpdateAccount on an existing address changes its role, creating no second account", async () => {
    const existing = await createUser(t.db, { email: "rat@example.org", role: "resident" });
    const result = await createOrUpdateAccount(t.db, {
      email: "RAT@example.org",
      displayName: "Ratsmitglied",
      password: PASSWORD,
      role: "council",
    });
    expect(result).toEqual({ ok: true, outcome: "updated", id: existing.id });
    expect(await countRows(t.db, "users")).toBe(1);
    const user = await t.db.selectFrom("users").select("role").executeTakeFirstOrThrow();
    expect(user.role).toBe("council");
  });
});
