import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser, setPhase } from "../../setup/fixtures";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment, addSectionComment, deleteCommentOf } from "~/domain/comments/comments.server";
import { addTextDocument } from "~/domain/documents/documents.server";
import { setVisibility } from "../../setup/moderation";
import { reportContribution } from "~/domain/moderation/flags.server";
import { loadContribution } from "~/domain/moderation/contributions.server";
import { flagRefusal } from "~/domain/moderation/moderation.policy";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { limits } from "~/domain/ratelimits/ratelimits.server";

// Reports (Meldungen, issue 9): every rule refused with nothing written, one report per person and item, the receipt
// in the outbox, the limits, concurrency, and every contribution type through the one generic reference.

const t = useTestDatabase();
const insult = { reason: "insult" as const, note: "" };

async function setup() {
  const admin = await createUser(t.db, { role: "admin" });
  const author = await createUser(t.db);
  const reporter = await createUser(t.db);
  const consultation = await createConsultation(t.db, admin);
  const proposal = await createProposal(t.db, consultation, author, "Mehr Bänke im Stadtpark");
  return { admin, author, reporter, consultation, proposal };
}

const flagCount = async () =>
  (
    await t.db
      .selectFrom("flags")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
  ).n;

/** Everything a report writes: flags, receipts, audit entries, rate-limit events. */
async function written() {
  const events = await t.db
    .selectFrom("rate_limit_events")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return {
    flags: await flagCount(),
    mails: await countRows(t.db, "mail_outbox"),
    audit: await countRows(t.db, "audit_log"),
    events: events.n,
  };
}

async function withPhoto(proposal: string, uploader: CurrentUser) {
  const file = await t.db
    .insertInto("stored_files")
    .values({ sha256: "a".repeat(64), media_type: "image/png", byte_size: 10, original_name: "bank.png", uploaded_by: uploader.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.updateTable("proposals").set({ photo_file_id: file.id, photo_alt: "Eine alte Bank" }).where("id", "=", proposal).execute();
}

describe("reportContribution", () => {
  it("stores one report with reason and note, mails a receipt that names the item but not its author, and logs it", async () => {
    const { author, reporter, proposal } = await setup();
    const result = await reportContribution(
      t.db,
      reporter,
      { type: "proposal", id: proposal },
      { reason: "spam", note: "Werbung für einen Laden" },
    );
    expect(result).toEqual({ ok: true, id: expect.any(String), created: true, url: `/vorschlaege/${proposal}` });
    const row = await t.db.selectFrom("flags").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ contribution_type: "proposal", contribution_id: proposal, reporter_id: reporter.id, reason: "spam" });
    expect(row.note).toBe("Werbung für einen Laden");
    const mail = await t.db.selectFrom("mail_outbox").selectAll().executeTakeFirstOrThrow();
    expect(mail.to_address).toBe(reporter.email);
    expect(mail.body_text).toContain("Mehr Bänke im Stadtpark");
    expect(mail.body_text).toContain(`/vorschlaege/${proposal}`);
    expect(mail.body_text).not.toContain(author.displayName);
    expect(mail.unsubscribe_url).toBeNull();
    const audit = await t.db.selectFrom("audit_log").selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: reporter.id, action: "flag", target_type: "proposal", target_id: proposal, reason: "spam" });
  });

  it("reporting the same item again updates reason and note: one row per person and item", async () => {
    const { reporter, proposal } = await setup();
    const ref: ContributionRef = { type: "proposal", id: proposal };
    await reportContribution(t.db, reporter, ref, { reason: "spam", note: "erst" });
    const again = await reportContribution(t.db, reporter, ref, { reason: "off_topic", note: "" });
    expect(again).toMatchObject({ ok: true, created: false });
    const rows = await t.db.selectFrom("flags").select(["reason", "note"]).execute();
    expect(rows).toEqual([{ reason: "off_topic", note: null }]);
  });

  it("refuses each rule with its reason and writes nothing", async () => {
    const { admin, author, reporter, consultation, proposal } = await setup();
    const ref: ContributionRef = { type: "proposal", id: proposal };
    const unverified = await createUser(t.db, { verified: false });
    const council = await createUser(t.db, { role: "council" });
    const before = await written();
    expect(await reportContribution(t.db, null, ref, insult)).toEqual({ ok: false, reason: "login_required" });
    expect(await reportContribution(t.db, unverified, ref, insult)).toEqual({ ok: false, reason: "not_verified" });
    expect(await reportContribution(t.db, council, ref, insult)).toEqual({ ok: false, reason: "role_cannot_contribute" });
    expect(await reportContribution(t.db, author, ref, insult)).toEqual({ ok: false, reason: "own_contribution" });
    expect(await reportContribution(t.db, reporter, { type: "proposal", id: "999999" }, insult)).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await reportContribution(t.db, reporter, { type: "photo", id: proposal }, insult)).toEqual({ ok: false, reason: "not_found" });

    const moderator = await createUser(t.db, { role: "moderator" });
    await setVisibility(
      t.db,
      moderator,
      { type: "comment", id: (await comment(author, proposal)).id },
      { hide: true, reason: "Regel 1: Beleidigung" },
    );
    const hiddenComment = await t.db.selectFrom("comments").select("id").executeTakeFirstOrThrow();
    const afterHide = await written();
    expect(await reportContribution(t.db, reporter, { type: "comment", id: hiddenComment.id }, insult)).toEqual({
      ok: false,
      reason: "hidden",
    });

    const deleted = await comment(author, proposal);
    await deleteCommentOf(t.db, author, { kind: "proposal", id: proposal }, deleted.id);
    const afterDelete = await written();
    expect(await reportContribution(t.db, reporter, { type: "comment", id: deleted.id }, insult)).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await written()).toEqual(afterDelete);

    await setPhase(t.db, consultation, "closed");
    expect(await reportContribution(t.db, reporter, ref, insult)).toEqual({ ok: false, reason: "not_open" });
    const draft = await createConsultation(t.db, admin, "draft");
    const inDraft = await createProposal(t.db, draft, author);
    expect(await reportContribution(t.db, reporter, { type: "proposal", id: inDraft }, insult)).toEqual({ ok: false, reason: "not_found" });
    expect(before.flags).toBe(0);
    expect(afterHide.flags).toBe(0);
    expect(await flagCount()).toBe(0);
    expect((await written()).mails).toBe(afterDelete.mails);
  });

  it("a hidden proposal, its photo and the comments under it cannot be reported", async () => {
    const { author, reporter, proposal } = await setup();
    await withPhoto(proposal, author);
    const c = await comment(author, proposal);
    const moderator = await createUser(t.db, { role: "moderator" });
    await setVisibility(t.db, moderator, { type: "proposal", id: proposal }, { hide: true, reason: "Regel 2: Werbung" });
    for (const ref of [
      { type: "proposal", id: proposal },
      { type: "photo", id: proposal },
      { type: "comment", id: c.id },
    ] as ContributionRef[]) {
      expect(await reportContribution(t.db, reporter, ref, insult)).toEqual({ ok: false, reason: "hidden" });
    }
    expect(await flagCount()).toBe(0);
  });

  it("works for comments, section comments and photos through the same reference", async () => {
    const { admin, author, reporter, consultation, proposal } = await setup();
    await withPhoto(proposal, author);
    const c = await comment(author, proposal);
    const doc = await addTextDocument(t.db, admin, consultation, { title: "Rahmenplan", description: "", body: "# Ziele\nMehr Grün." });
    if (!doc.ok) throw new Error(doc.reason);
    const section = await t.db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    const sc = await addSectionComment(t.db, author, section.id, { body: "Zum Abschnitt: mehr Bäume", parentId: null });
    if (!sc.ok) throw new Error(sc.reason);

    expect(await reportContribution(t.db, reporter, { type: "comment", id: c.id }, insult)).toMatchObject({
      ok: true,
      url: `/vorschlaege/${proposal}#kommentar-${c.id}`,
    });
    expect(await reportContribution(t.db, reporter, { type: "comment", id: sc.id }, insult)).toMatchObject({
      ok: true,
      url: `/abschnitte/${section.id}#kommentar-${sc.id}`,
    });
    expect(await reportContribution(t.db, reporter, { type: "photo", id: proposal }, { reason: "personal_data", note: "" })).toMatchObject({
      ok: true,
      url: `/vorschlaege/${proposal}#foto`,
    });
    const rows = await t.db
      .selectFrom("flags")
      .select(["contribution_type as type", "contribution_id as id"])
      .orderBy("flags.id")
      .execute();
    expect(rows).toEqual([
      { type: "comment", id: c.id },
      { type: "comment", id: sc.id },
      { type: "photo", id: proposal },
    ]);
    const photo = await loadContribution(t.db, { type: "photo", id: proposal });
    expect(photo?.excerpt).toBe("Eine alte Bank");
    const mails = await t.db.selectFrom("mail_outbox").select("body_text").orderBy("id").execute();
    expect(mails[1].body_text).toContain("Zum Abschnitt: mehr Bäume");
    expect(mails[2].body_text).toContain("Foto zum Vorschlag");
  });

  it("is limited per person and day, refuses then with the wait and writes nothing", async () => {
    const { admin, author, reporter, consultation } = await setup();
    const proposals = await Promise.all(
      Array.from({ length: limits.flagUser.max + 1 }, (_, i) => createProposal(t.db, consultation, author, `P${i}`)),
    );
    void admin;
    for (const id of proposals.slice(0, limits.flagUser.max)) {
      // The contribution limit (30 in 5 minutes) is higher than the daily report limit (20).
      expect(await reportContribution(t.db, reporter, { type: "proposal", id }, insult)).toMatchObject({ ok: true });
    }
    const before = await written();
    const refused = await reportContribution(t.db, reporter, { type: "proposal", id: proposals.at(-1)! }, insult);
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited", retryAfter: expect.any(Number) });
    expect(await written()).toEqual(before);
  });

  it("counts against the contribution limit: after 30 contributions a report is refused", async () => {
    const { author, reporter, proposal } = await setup();
    for (let i = 0; i < limits.contributionUser.max; i++) {
      const r = await addComment(t.db, reporter, proposal, { body: `Kommentar ${i}`, parentId: null });
      expect(r.ok).toBe(true);
    }
    void author;
    const before = await written();
    expect(await reportContribution(t.db, reporter, { type: "proposal", id: proposal }, insult)).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    expect(await written()).toEqual(before);
  });

  it("50 residents report one item at the same time: 50 rows, no error", async () => {
    const { proposal } = await setup();
    const people = await Promise.all(Array.from({ length: 50 }, () => createUser(t.db)));
    const results = await Promise.all(people.map((u) => reportContribution(t.db, u, { type: "proposal", id: proposal }, insult)));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await flagCount()).toBe(50);
    // The same person twice at once still makes one row.
    const twice = await Promise.all(
      [0, 1].map(() => reportContribution(t.db, people[0], { type: "proposal", id: proposal }, { reason: "spam", note: "" })),
    );
    expect(twice.every((r) => r.ok)).toBe(true);
    expect(await flagCount()).toBe(50);
  });
});

async function comment(author: CurrentUser, proposal: string) {
  const r = await addComment(t.db, author, proposal, { body: "Das ist ein Kommentar mit genug Text.", parentId: null });
  if (!r.ok) throw new Error(r.reason);
  return { id: r.id };
}

describe("flagRefusal", () => {
  const open = { publishedAt: new Date(0), opensAt: new Date(0), closesAt: new Date(Date.now() + 86_400_000), resultPublishedAt: null };
  const person = (id: string, role: CurrentUser["role"] = "resident", verified = true): CurrentUser => ({
    id,
    email: "",
    displayName: "",
    role,
    verified,
    suspendedUntil: null,
    suspensionReason: null,
  });
  const item = { consultation: open, authorId: "1", hiddenAt: null, deletedAt: null };
  it("each rule, by itself", () => {
    expect(flagRefusal(person("2"), item)).toBeNull();
    expect(flagRefusal(person("2", "moderator"), item)).toBeNull();
    expect(flagRefusal(null, item)).toBe("login_required");
    expect(flagRefusal(person("2", "resident", false), item)).toBe("not_verified");
    expect(flagRefusal(person("2", "council"), item)).toBe("role_cannot_contribute");
    expect(flagRefusal(person("1"), item)).toBe("own_contribution");
    expect(flagRefusal(person("2"), { ...item, hiddenAt: new Date() })).toBe("hidden");
    expect(flagRefusal(person("2"), { ...item, deletedAt: new Date() })).toBe("not_found");
    expect(flagRefusal(person("2"), { ...item, consultation: { ...open, closesAt: new Date(1) } })).toBe("not_open");
    expect(flagRefusal(person("2"), { ...item, consultation: { ...open, publishedAt: null } })).toBe("not_found");
  });
});
