import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser, sessionCookieFor } from "../../setup/fixtures";
import { setVisibility } from "../../setup/moderation";
import { activeSuspension, contributorRefusal, type CurrentUser, type Role, suspensionRefusal } from "~/domain/accounts/accounts.policy";
import { userForSession } from "~/domain/accounts/accounts.server";
import { liftSuspension, listAccounts, accountDetails, suspendAccount } from "~/domain/accounts/suspension.server";
import { parseSuspension, suspensionEnd } from "~/domain/accounts/suspension.schema";
import { addComment } from "~/domain/comments/comments.server";
import { castVote } from "~/domain/votes/votes.server";
import { withSuspension } from "~/i18n";
import { de } from "~/i18n/de";
import { en } from "~/i18n/en";

// Suspension of accounts by admins (issue 9): who may suspend whom, what a suspension refuses and until when, the
// period in town time, and what suspending and lifting write (account, audit entry, mail) — or, refused, do not write.

const t = useTestDatabase();

const person = (id: string, role: Role = "resident", suspendedUntil: string | null = null): CurrentUser => ({
  id,
  email: `${id}@example.org`,
  displayName: id,
  role,
  verified: true,
  suspendedUntil,
  suspensionReason: suspendedUntil ? "Beleidigungen in mehreren Kommentaren" : null,
});
const HOUR = 3600 * 1000;
const reason = "Beleidigungen in mehreren Kommentaren";

describe("the policy", () => {
  const now = new Date("2026-12-12T10:00:00Z");
  it("a suspension refuses contributing while its end is ahead, and no longer once it has passed", () => {
    const until = new Date(now.getTime() + HOUR).toISOString();
    expect(contributorRefusal(person("1", "resident", until), now)).toBe("suspended");
    expect(contributorRefusal(person("1", "moderator", until), now)).toBe("suspended");
    expect(contributorRefusal(person("1", "resident", until), new Date(now.getTime() + HOUR))).toBeNull();
    expect(contributorRefusal(person("1", "resident", null), now)).toBeNull();
    expect(activeSuspension(person("1", "resident", until), now)).toEqual({ until, reason });
    expect(activeSuspension(person("1", "resident", until), new Date(now.getTime() + 2 * HOUR))).toBeNull();
  });

  it("only admins suspend, never themselves, never another admin", () => {
    const admin = person("a", "admin");
    expect(suspensionRefusal(admin, { id: "r", role: "resident" })).toBeNull();
    expect(suspensionRefusal(admin, { id: "m", role: "moderator" })).toBeNull();
    expect(suspensionRefusal(admin, { id: "c", role: "council" })).toBeNull();
    expect(suspensionRefusal(admin, { id: "a", role: "admin" })).toBe("suspend_self");
    expect(suspensionRefusal(admin, { id: "b", role: "admin" })).toBe("suspend_admin");
    expect(suspensionRefusal(person("m", "moderator"), { id: "r", role: "resident" })).toBe("forbidden");
    expect(suspensionRefusal(person("r"), { id: "x", role: "resident" })).toBe("forbidden");
    expect(suspensionRefusal(null, { id: "x", role: "resident" })).toBe("forbidden");
  });

  it("the refusal's German text says until when and why", () => {
    const until = suspensionEnd("2026-12-12").toISOString();
    expect(withSuspension(de, person("1", "resident", until)).errors.suspended).toBe(
      "Ihr Konto ist bis 12.12.2026 gesperrt. Grund: Beleidigungen in mehreren Kommentaren",
    );
    expect(withSuspension(de, person("1", "resident", until)).consultation.contribute.suspended).toBe(
      "Ihr Konto ist bis 12.12.2026 gesperrt. Grund: Beleidigungen in mehreren Kommentaren",
    );
    expect(withSuspension(en, person("1", "resident", until)).errors.suspended).toBe(
      "Your account is suspended until 12 December 2026. Reason: Beleidigungen in mehreren Kommentaren",
    );
    expect(withSuspension(de, person("1")).errors.suspended).toBe(de.errors.suspended);
  });
});

describe("the suspend form", () => {
  // 11:00 in the town (winter time).
  const now = new Date("2026-12-12T10:00:00Z");
  const form = (fields: Record<string, string>) => parseSuspension({ reason, ...fields }, now);

  it("a period lasts whole days in town time: through the last day, to the midnight after it", () => {
    expect(form({ duration: "1" })).toEqual({ ok: true, data: { until: new Date("2026-12-13T23:00:00Z"), reason } });
    expect(form({ duration: "7" })).toEqual({ ok: true, data: { until: new Date("2026-12-19T23:00:00Z"), reason } });
    expect(form({ duration: "30" })).toEqual({ ok: true, data: { until: new Date("2027-01-11T23:00:00Z"), reason } });
    expect(form({ duration: "date", until: "2026-12-24" })).toEqual({
      ok: true,
      data: { until: new Date("2026-12-24T23:00:00Z"), reason },
    });
    expect(form({ duration: "date", until: "24.12.2026" })).toEqual({
      ok: true,
      data: { until: new Date("2026-12-24T23:00:00Z"), reason },
    });
    // Today is the earliest last day; in summer the town's midnight is 22:00 UTC.
    expect(form({ duration: "date", until: "2026-12-12" })).toMatchObject({ ok: true, data: { until: new Date("2026-12-12T23:00:00Z") } });
    expect(parseSuspension({ reason, duration: "7" }, new Date("2026-03-25T12:00:00Z"))).toMatchObject({
      ok: true,
      data: { until: new Date("2026-04-01T22:00:00Z") },
    });
  });

  it("refuses a past day (in town time), odd dates, odd periods and a missing or overlong reason", () => {
    expect(form({ duration: "date", until: "2026-12-11" })).toEqual({ ok: false, fieldErrors: { until: "until_past" } });
    // 00:30 on the 13th in the town, still the 12th in UTC: the 12th is past.
    expect(parseSuspension({ reason, duration: "date", until: "2026-12-12" }, new Date("2026-12-12T23:30:00Z"))).toEqual({
      ok: false,
      fieldErrors: { until: "until_past" },
    });
    expect(form({ duration: "date", until: "" })).toEqual({ ok: false, fieldErrors: { until: "until_missing" } });
    expect(form({ duration: "date", until: "2026-02-30" })).toEqual({ ok: false, fieldErrors: { until: "until_invalid" } });
    expect(form({ duration: "date", until: "morgen" })).toEqual({ ok: false, fieldErrors: { until: "until_invalid" } });
    expect(form({ duration: "date", until: "2040-01-01" })).toEqual({ ok: false, fieldErrors: { until: "until_far" } });
    expect(form({ duration: "14" })).toEqual({ ok: false, fieldErrors: { duration: "duration_invalid" } });
    expect(form({})).toEqual({ ok: false, fieldErrors: { duration: "duration_invalid" } });
    expect(form({ duration: "7", reason: "zu kurz" })).toEqual({ ok: false, fieldErrors: { reason: "suspension_reason_length" } });
    expect(form({ duration: "7", reason: "x".repeat(501) })).toEqual({ ok: false, fieldErrors: { reason: "suspension_reason_length" } });
    expect(parseSuspension({ duration: "date", until: "gestern" }, now)).toEqual({
      ok: false,
      fieldErrors: { reason: "suspension_reason_length", until: "until_invalid" },
    });
  });
});

describe("suspending and lifting", () => {
  async function setting() {
    const admin = await createUser(t.db, { role: "admin" });
    const resident = await createUser(t.db, { name: "Rita Rüpel" });
    return { admin, resident };
  }
  const inAWeek = () => new Date(Date.now() + 7 * 24 * HOUR);
  const userRow = (id: string) =>
    t.db.selectFrom("users").select(["suspended_until", "suspension_reason"]).where("id", "=", id).executeTakeFirstOrThrow();
  const audit = () =>
    t.db.selectFrom("audit_log").select(["actor_id", "action", "target_type", "target_id", "subject_id", "reason"]).orderBy("id").execute();
  const mails = () => t.db.selectFrom("mail_outbox").select(["to_address", "subject", "body_text"]).orderBy("id").execute();

  it("suspending writes the account, an audit entry and a mail to the person; the session then carries it", async () => {
    const { admin, resident } = await setting();
    const until = suspensionEnd("2099-12-24");
    expect(await suspendAccount(t.db, admin, resident.id, { until, reason })).toEqual({ ok: true, until });
    expect(await userRow(resident.id)).toEqual({ suspended_until: until, suspension_reason: reason });
    expect(await audit()).toEqual([
      { actor_id: admin.id, action: "suspend", target_type: "user", target_id: resident.id, subject_id: resident.id, reason },
    ]);
    const [mail] = await mails();
    expect(mail.to_address).toBe(resident.email);
    expect(mail.subject).toMatch(/^Ihr Konto ist gesperrt/);
    expect(mail.body_text).toContain(`Grund: ${reason}`);
    expect(mail.body_text).toContain("Die Sperre gilt bis einschließlich 24.12.2099.");
    expect(mail.body_text).toContain("Nach dem 24.12.2099 können Sie wieder mitmachen.");
    expect(mail.body_text).toContain("Sie können sich weiter anmelden und alles lesen.");
    expect(mail.body_text).toContain("/konto");

    const token = (await sessionCookieFor(t.db, resident)).split("=")[1];
    const signedIn = await userForSession(t.db, token);
    expect(signedIn).toMatchObject({ id: resident.id, suspendedUntil: until.toISOString(), suspensionReason: reason });
    expect(contributorRefusal(signedIn)).toBe("suspended");
  });

  it("a suspended account's contributions are refused and nothing is written; after the end it contributes again", async () => {
    const { admin, resident } = await setting();
    const consultation = await createConsultation(t.db, admin);
    const proposal = await createProposal(t.db, consultation, admin);
    const until = inAWeek();
    await suspendAccount(t.db, admin, resident.id, { until, reason });
    const suspended = { ...resident, suspendedUntil: until.toISOString(), suspensionReason: reason };
    expect(await addComment(t.db, suspended, proposal, { body: "Ein Kommentar", parentId: null })).toEqual({
      ok: false,
      reason: "suspended",
    });
    expect(await castVote(t.db, suspended, proposal, 1)).toEqual({ ok: false, reason: "suspended" });
    expect(await countRows(t.db, "comments")).toBe(0);
    expect(await countRows(t.db, "votes")).toBe(0);
    // Time passes: the end lies behind; nobody lifted anything.
    await t.db
      .updateTable("users")
      .set({ suspended_until: new Date(Date.now() - 1000) })
      .where("id", "=", resident.id)
      .execute();
    const token = (await sessionCookieFor(t.db, resident)).split("=")[1];
    const later = (await userForSession(t.db, token))!;
    expect(contributorRefusal(later)).toBeNull();
    expect(await castVote(t.db, later, proposal, 1)).toMatchObject({ ok: true });
  });

  it("suspending again replaces the period; lifting clears it, logs and mails; lifting again is refused", async () => {
    const { admin, resident } = await setting();
    await suspendAccount(t.db, admin, resident.id, { until: inAWeek(), reason });
    const longer = new Date(Date.now() + 30 * 24 * HOUR);
    await suspendAccount(t.db, admin, resident.id, { until: longer, reason: "Wiederholt Werbung gepostet" });
    expect(await userRow(resident.id)).toEqual({ suspended_until: longer, suspension_reason: "Wiederholt Werbung gepostet" });
    expect(await liftSuspension(t.db, admin, resident.id, { reason: "Nach Gespräch mit der Person" })).toEqual({ ok: true });
    expect(await userRow(resident.id)).toEqual({ suspended_until: null, suspension_reason: null });
    expect((await audit()).map((a) => [a.action, a.reason])).toEqual([
      ["suspend", reason],
      ["suspend", "Wiederholt Werbung gepostet"],
      ["unsuspend", "Nach Gespräch mit der Person"],
    ]);
    const sent = await mails();
    expect(sent.map((m) => m.subject)).toEqual([
      "Ihr Konto ist gesperrt / Your account is suspended",
      "Ihr Konto ist gesperrt / Your account is suspended",
      "Ihre Sperre ist aufgehoben / Your suspension is lifted",
    ]);
    expect(sent[2].body_text).toContain("Begründung: Nach Gespräch mit der Person");
    expect(await liftSuspension(t.db, admin, resident.id, { reason: "Noch einmal aufheben" })).toEqual({
      ok: false,
      reason: "not_suspended",
    });
    expect(await countRows(t.db, "audit_log")).toBe(3);
  });

  it("an expired suspension cannot be lifted (it is over); the account list no longer shows it", async () => {
    const { admin, resident } = await setting();
    await suspendAccount(t.db, admin, resident.id, { until: inAWeek(), reason });
    await t.db
      .updateTable("users")
      .set({ suspended_until: new Date(Date.now() - 1000) })
      .where("id", "=", resident.id)
      .execute();
    expect(await liftSuspension(t.db, admin, resident.id, { reason: "Sperre aufheben bitte" })).toEqual({
      ok: false,
      reason: "not_suspended",
    });
    const list = await listAccounts(t.db, admin, { search: "Rüpel", role: null, state: null }, 1);
    expect(list.ok && list.items.map((i) => i.suspendedUntil)).toEqual([null]);
    const suspendedOnly = await listAccounts(t.db, admin, { search: "", role: null, state: "suspended" }, 1);
    expect(suspendedOnly.ok && suspendedOnly.total).toBe(0);
  });

  it("refusals write nothing: moderators, oneself, another admin, an unknown account, a past end", async () => {
    const { admin, resident } = await setting();
    const moderator = await createUser(t.db, { role: "moderator" });
    const otherAdmin = await createUser(t.db, { role: "admin" });
    const input = { until: inAWeek(), reason };
    expect(await suspendAccount(t.db, moderator, resident.id, input)).toEqual({ ok: false, reason: "forbidden" });
    expect(await suspendAccount(t.db, resident, moderator.id, input)).toEqual({ ok: false, reason: "forbidden" });
    expect(await suspendAccount(t.db, null, resident.id, input)).toEqual({ ok: false, reason: "forbidden" });
    expect(await suspendAccount(t.db, admin, admin.id, input)).toEqual({ ok: false, reason: "suspend_self" });
    expect(await suspendAccount(t.db, admin, otherAdmin.id, input)).toEqual({ ok: false, reason: "suspend_admin" });
    expect(await suspendAccount(t.db, admin, "999999", input)).toEqual({ ok: false, reason: "not_found" });
    expect(await suspendAccount(t.db, admin, resident.id, { until: new Date(Date.now() - 1000), reason })).toEqual({
      ok: false,
      reason: "until_past",
    });
    expect(await liftSuspension(t.db, moderator, resident.id, { reason })).toEqual({ ok: false, reason: "forbidden" });
    expect(await liftSuspension(t.db, admin, otherAdmin.id, { reason })).toEqual({ ok: false, reason: "suspend_admin" });
    expect(await countRows(t.db, "audit_log")).toBe(0);
    expect(await countRows(t.db, "mail_outbox")).toBe(0);
    const rows = await t.db.selectFrom("users").select("suspended_until").where("suspended_until", "is not", null).execute();
    expect(rows).toEqual([]);
  });

  it("a moderator can be suspended: then they cannot contribute either", async () => {
    const { admin } = await setting();
    const moderator = await createUser(t.db, { role: "moderator" });
    expect(await suspendAccount(t.db, admin, moderator.id, { until: inAWeek(), reason })).toMatchObject({ ok: true });
    const token = (await sessionCookieFor(t.db, moderator)).split("=")[1];
    expect(contributorRefusal(await userForSession(t.db, token))).toBe("suspended");
  });
});

describe("the accounts' administration", () => {
  it("lists accounts for admins only, by name or address, role and state, 20 to a page", async () => {
    const admin = await createUser(t.db, { role: "admin", name: "Ada Admin" });
    const moderator = await createUser(t.db, { role: "moderator", name: "Mo Moderation" });
    const rita = await createUser(t.db, { name: "Rita Rüpel", email: "rita@example.org" });
    await createUser(t.db, { name: "Uwe Unbestätigt", verified: false });
    await createUser(t.db, { name: "Prozent 100%_" });
    await suspendAccount(t.db, admin, rita.id, { until: new Date(Date.now() + 24 * HOUR), reason });
    const names = async (filter: Partial<Parameters<typeof listAccounts>[2]>, page = 1) => {
      const result = await listAccounts(t.db, admin, { search: "", role: null, state: null, ...filter }, page);
      if (!result.ok) throw new Error(result.reason);
      return result.items.map((i) => i.displayName);
    };
    expect(await names({ search: "rüpel" })).toEqual(["Rita Rüpel"]);
    expect(await names({ search: "RITA@EXAMPLE" })).toEqual(["Rita Rüpel"]);
    expect(await names({ search: "%" })).toEqual(["Prozent 100%_"]);
    expect(await names({ search: "_" })).toEqual(["Prozent 100%_"]);
    expect(await names({ role: "moderator" })).toEqual(["Mo Moderation"]);
    expect(await names({ state: "suspended" })).toEqual(["Rita Rüpel"]);
    expect(await names({ state: "unverified" })).toEqual(["Uwe Unbestätigt"]);
    expect(await names({ state: "active" })).toEqual(["Prozent 100%_", "Mo Moderation", "Ada Admin"]);
    for (let i = 0; i < 20; i++) await createUser(t.db, { name: `Person ${i}` });
    expect(await names({})).toHaveLength(20);
    expect(await names({}, 2)).toEqual(["Prozent 100%_", "Uwe Unbestätigt", "Rita Rüpel", "Mo Moderation", "Ada Admin"]);
    const total = await listAccounts(t.db, admin, { search: "", role: null, state: null }, 2);
    expect(total.ok && total.total).toBe(25);
    expect(await listAccounts(t.db, moderator, { search: "", role: null, state: null }, 1)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("one account shows its suspension and its record, with the contributions the decisions were about", async () => {
    const admin = await createUser(t.db, { role: "admin", name: "Ada Admin" });
    const rita = await createUser(t.db, { name: "Rita Rüpel" });
    const consultation = await createConsultation(t.db, admin);
    const proposal = await createProposal(t.db, consultation, rita, "Alle anderen sind doof");
    await setVisibility(t.db, admin, { type: "proposal", id: proposal }, { hide: true, reason: "Beleidigung anderer" });
    const until = new Date(Date.now() + 24 * HOUR);
    await suspendAccount(t.db, admin, rita.id, { until, reason });
    const details = await accountDetails(t.db, admin, rita.id, 1);
    if (!details.ok) throw new Error(details.reason);
    expect(details.account).toMatchObject({
      displayName: "Rita Rüpel",
      role: "resident",
      verified: true,
      suspension: { until: until.toISOString(), reason },
    });
    expect(details.suspensionRefusal).toBeNull();
    expect(details.history.map((h) => [h.action, h.actorName, h.reason, h.item?.excerpt ?? null])).toEqual([
      ["suspend", "Ada Admin", reason, null],
      ["hide", "Ada Admin", "Beleidigung anderer", "Alle anderen sind doof"],
    ]);
    expect(details.history[1].item).toMatchObject({ type: "proposal", url: `/vorschlaege/${proposal}` });
    const own = await accountDetails(t.db, admin, admin.id, 1);
    expect(own.ok && own.suspensionRefusal).toBe("suspend_self");
    expect(await accountDetails(t.db, admin, "999999", 1)).toEqual({ ok: false, reason: "not_found" });
    expect(await accountDetails(t.db, rita, rita.id, 1)).toEqual({ ok: false, reason: "forbidden" });
  });
});

describe("the suspend form with repeated fields", () => {
  it("reads the same period zod reads (the last value), so a repeated period never becomes a 500", () => {
    const now = new Date("2026-12-12T10:00:00Z");
    const form = new FormData();
    form.append("duration", "7");
    form.append("duration", "date");
    form.append("until", "24.12.2026");
    form.append("reason", "Wiederholte Beleidigungen anderer Personen");
    const parsed = parseSuspension(form, now);
    expect(parsed.ok && parsed.data.until.toISOString()).toBe(suspensionEnd("2026-12-24").toISOString());
    const other = new FormData();
    other.append("duration", "date");
    other.append("duration", "7");
    other.append("reason", "Wiederholte Beleidigungen anderer Personen");
    expect(parseSuspension(other, now).ok).toBe(true);
  });
});
