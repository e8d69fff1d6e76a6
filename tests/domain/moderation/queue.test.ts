import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal, createUser } from "../../setup/fixtures";
import { setVisibility } from "../../setup/moderation";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import type { ContributionRef, FlagReason } from "~/domain/moderation/contributions";
import { decide, latestDecisionId } from "~/domain/moderation/decisions.server";
import { auditLogPage, decideQueueItems, moderationQueue, unansweredProposals } from "~/domain/moderation/queue.server";
import { parseDecisionForm, parseQueueQuery, type QueueQuery } from "~/domain/moderation/queue.schema";

// The moderation queue (issue 9): reported items grouped per item and sorted by the number of reports, then by the
// oldest report; its filters; the author's history as a number; items waiting for approval; decisions about several
// items at once where one was decided meanwhile; the audit log's filters; the unanswered proposals.

const t = useTestDatabase();
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

async function setting() {
  const admin = await createUser(t.db, { role: "admin", name: "Ada Verwaltung" });
  const moderator = await createUser(t.db, { role: "moderator", name: "Mona Moderatorin" });
  const author = await createUser(t.db, { name: "Anton Autor" });
  const consultation = await createConsultation(t.db, admin);
  return { admin, moderator, author, consultation };
}

/** A report by a new resident, `hoursAgo` hours ago. */
async function flag(
  ref: ContributionRef,
  consultationId: string,
  reason: FlagReason = "insult",
  opts: { note?: string; hoursAgo?: number } = {},
) {
  const reporter = await createUser(t.db, { name: `Melderin ${Math.random().toString(36).slice(2, 8)}` });
  await t.db
    .insertInto("flags")
    .values({
      contribution_type: ref.type,
      contribution_id: ref.id,
      consultation_id: consultationId,
      reporter_id: reporter.id,
      reason,
      note: opts.note ?? null,
      created_at: new Date(Date.now() - (opts.hoursAgo ?? 1) * HOUR),
    })
    .execute();
  return reporter;
}

async function comment(proposalId: string, author: CurrentUser, body: string, hoursAgo = 1) {
  const row = await t.db
    .insertInto("comments")
    .values({ proposal_id: proposalId, author_id: author.id, body_md: body, created_at: new Date(Date.now() - hoursAgo * HOUR) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Moves a row's creation into the past (created_at is not writable through the typed builder). */
const backdate = (table: "proposals" | "comments", id: string, ms: number) =>
  sql`update ${sql.table(table)} set created_at = ${new Date(Date.now() - ms)} where id = ${id}`.execute(t.db);

const query = (q: Partial<QueueQuery> = {}): QueueQuery => ({
  view: "flags",
  consultationId: null,
  reason: null,
  state: "open",
  page: 1,
  ...q,
});
async function queue(actor: CurrentUser, q: Partial<QueueQuery> = {}) {
  const result = await moderationQueue(t.db, actor, query(q));
  if (!result.ok) throw new Error(result.reason);
  return result;
}
const keys = (items: { key: string }[]) => items.map((i) => i.key);

describe("the reports view", () => {
  it("groups reports per item and sorts by number of reports, then by the oldest report", async () => {
    const { moderator, author, consultation } = await setting();
    const p1 = await createProposal(t.db, consultation, author, "Mehr Bänke am Fluss");
    const p2 = await createProposal(t.db, consultation, author, "Tempo 30 vor der Schule");
    const c1 = await comment(p1, author, "Ein älterer Kommentar");
    const c2 = await comment(p1, author, "Ein neuerer Kommentar");
    for (const h of [3, 2, 1]) await flag({ type: "proposal", id: p1 }, consultation, "insult", { hoursAgo: h });
    for (const h of [5, 2, 1]) await flag({ type: "proposal", id: p2 }, consultation, "spam", { hoursAgo: h });
    await flag({ type: "comment", id: c1 }, consultation, "off_topic", { hoursAgo: 10 });
    await flag({ type: "comment", id: c2 }, consultation, "off_topic", { hoursAgo: 0.5 });

    const { items, total } = await queue(moderator);
    // Three reports each: the one reported first comes first; then the single reports, the older first.
    expect(keys(items)).toEqual([`proposal:${p2}`, `proposal:${p1}`, `comment:${c1}`, `comment:${c2}`]);
    expect(total).toBe(4);
    expect(items.map((i) => i.reports)).toEqual([3, 3, 1, 1]);
  });

  it("shows per item its text, context, consultation, reasons with counts, notes (never the reporters' names) and state", async () => {
    const { moderator, author, consultation } = await setting();
    const proposal = await createProposal(t.db, consultation, author, "Mehr Bänke am Fluss");
    const long = `Ein sehr langer Kommentar. ${"Noch mehr Worte zum Thema Bänke. ".repeat(30)}`;
    const c = await comment(proposal, author, long);
    const ref = { type: "comment" as const, id: c };
    const reporters = [
      await flag(ref, consultation, "insult", { note: "Beleidigt die Nachbarn", hoursAgo: 3 }),
      await flag(ref, consultation, "insult", { hoursAgo: 2 }),
      await flag(ref, consultation, "spam", { note: "Werbung für einen Laden", hoursAgo: 1 }),
    ];
    const [item] = (await queue(moderator)).items;
    expect(item).toMatchObject({
      ref,
      state: "visible",
      context: { title: "Mehr Bänke am Fluss", url: `/vorschlaege/${proposal}` },
      consultation: { id: consultation },
      url: `/vorschlaege/${proposal}#kommentar-${c}`,
      reports: 3,
      reasons: [
        { reason: "insult", count: 2 },
        { reason: "spam", count: 1 },
      ],
      notes: ["Beleidigt die Nachbarn", "Werbung für einen Laden"],
      moreNotes: 0,
      value: `comment:${c}:0`,
    });
    // A longer text than the one-line excerpt, at most about 600 characters.
    expect(item.text.length).toBeGreaterThan(item.excerpt.length);
    expect(item.text.length).toBeLessThanOrEqual(600);
    expect(new Date(item.firstReportedAt!).getTime()).toBeLessThan(Date.now() - 2.5 * HOUR);
    const shown = JSON.stringify(item);
    for (const r of reporters) expect(shown).not.toContain(r.displayName);
  });

  it("shows an automatically hidden item as provisionally hidden, and no checkbox on a moderator's own item", async () => {
    const { moderator, author, consultation } = await setting();
    const p1 = await createProposal(t.db, consultation, author, "Automatisch ausgeblendet");
    const own = await createProposal(t.db, consultation, moderator, "Vorschlag der Moderatorin");
    await t.db.updateTable("proposals").set({ hidden_at: new Date(), hidden_kind: "automatic" }).where("id", "=", p1).execute();
    await flag({ type: "proposal", id: p1 }, consultation);
    await flag({ type: "proposal", id: own }, consultation, "insult", { hoursAgo: 2 });
    const { items } = await queue(moderator);
    const byKey = new Map(items.map((i) => [i.key, i]));
    expect(byKey.get(`proposal:${p1}`)).toMatchObject({ state: "automatic", value: `proposal:${p1}:0` });
    expect(byKey.get(`proposal:${own}`)).toMatchObject({ value: null, refusal: "own_contribution" });
  });

  it("filters by consultation and by reason; a reason filter still counts every report of the item", async () => {
    const { admin, moderator, author, consultation } = await setting();
    const other = await createConsultation(t.db, admin);
    const here = await createProposal(t.db, consultation, author, "Hier");
    const there = await createProposal(t.db, other, author, "Dort");
    await flag({ type: "proposal", id: here }, consultation, "spam");
    await flag({ type: "proposal", id: here }, consultation, "insult");
    await flag({ type: "proposal", id: there }, other, "insult");

    expect(keys((await queue(moderator, { consultationId: consultation })).items)).toEqual([`proposal:${here}`]);
    expect(keys((await queue(moderator, { consultationId: other })).items)).toEqual([`proposal:${there}`]);
    const spam = await queue(moderator, { reason: "spam" });
    expect(keys(spam.items)).toEqual([`proposal:${here}`]);
    expect(spam.items[0].reports).toBe(2);
    expect(spam.total).toBe(1);
    expect(keys((await queue(moderator, { reason: "insult" })).items).sort()).toEqual([`proposal:${here}`, `proposal:${there}`].sort());
    expect((await queue(moderator, { reason: "illegal" })).total).toBe(0);
  });

  it("the decided state lists items whose reports were decided, newest decision first, with the decision", async () => {
    const { moderator, author, consultation } = await setting();
    const first = await createProposal(t.db, consultation, author, "Zuerst entschieden");
    const second = await createProposal(t.db, consultation, author, "Danach entschieden");
    const open = await createProposal(t.db, consultation, author, "Noch offen");
    for (const id of [first, second, open]) await flag({ type: "proposal", id }, consultation);
    await decide(t.db, moderator, { type: "proposal", id: first }, { decision: "dismiss", reason: null, seen: "0" });
    await decide(
      t.db,
      moderator,
      { type: "proposal", id: second },
      { decision: "hide", rule: "regel-2", reason: "Beleidigt eine Person", seen: "0" },
    );

    expect(keys((await queue(moderator)).items)).toEqual([`proposal:${open}`]);
    const decided = await queue(moderator, { state: "decided" });
    expect(keys(decided.items)).toEqual([`proposal:${second}`, `proposal:${first}`]);
    expect(decided.items[0]).toMatchObject({
      state: "hidden",
      decision: { action: "hide", rule: "regel-2", reason: "Beleidigt eine Person", actorName: "Mona Moderatorin" },
    });
    expect(decided.items[1]).toMatchObject({ state: "visible", decision: { action: "dismiss" } });
    // The version seen is the decision now: a checkbox for hiding it after all sends it.
    expect(decided.items[1].value).toBe(`proposal:${first}:${await latestDecisionId(t.db, { type: "proposal", id: first })}`);
  });

  it("counts the author's items that a person hid (each item once, automatic hides not), as a number only", async () => {
    const { moderator, author, consultation } = await setting();
    const other = await createUser(t.db);
    const hiddenTwice = await createProposal(t.db, consultation, author, "Zweimal ausgeblendet");
    const hiddenOnce = await createProposal(t.db, consultation, author, "Einmal ausgeblendet");
    const auto = await createProposal(t.db, consultation, author, "Automatisch");
    const reported = await createProposal(t.db, consultation, author, "Jetzt gemeldet");
    const othersOwn = await createProposal(t.db, consultation, other, "Von jemand anderem");
    const ref = (id: string) => ({ type: "proposal" as const, id });
    await setVisibility(t.db, moderator, ref(hiddenTwice), { hide: true, reason: "Beleidigung" });
    await setVisibility(t.db, moderator, ref(hiddenTwice), { hide: false, reason: "Doch in Ordnung" });
    await setVisibility(t.db, moderator, ref(hiddenTwice), { hide: true, reason: "Beleidigung" });
    await setVisibility(t.db, moderator, ref(hiddenOnce), { hide: true, reason: "Werbung" });
    await t.db
      .insertInto("audit_log")
      .values({
        actor_id: null,
        action: "auto_hide",
        target_type: "proposal",
        target_id: auto,
        subject_id: author.id,
        consultation_id: consultation,
      })
      .execute();
    await flag(ref(reported), consultation);
    await flag(ref(othersOwn), consultation, "insult", { hoursAgo: 2 });

    const byKey = new Map((await queue(moderator)).items.map((i) => [i.key, i]));
    expect(byKey.get(`proposal:${reported}`)!.authorHidden).toBe(2);
    expect(byKey.get(`proposal:${othersOwn}`)!.authorHidden).toBe(0);
  });

  it("pages by 20 items", async () => {
    const { moderator, author, consultation } = await setting();
    for (let i = 0; i < 23; i++) {
      const id = await createProposal(t.db, consultation, author, `Vorschlag Nummer ${i + 1}`);
      await flag({ type: "proposal", id }, consultation, "spam", { hoursAgo: 30 - i });
    }
    const first = await queue(moderator);
    const second = await queue(moderator, { page: 2 });
    expect([first.items.length, second.items.length, first.total]).toEqual([20, 3, 23]);
    expect(second.items.map((i) => i.title)).toEqual(["Vorschlag Nummer 21", "Vorschlag Nummer 22", "Vorschlag Nummer 23"]);
  });

  it("is for moderators and admins only", async () => {
    const { admin } = await setting();
    for (const role of ["resident", "council"] as const) {
      expect(await moderationQueue(t.db, await createUser(t.db, { role }), query())).toEqual({ ok: false, reason: "forbidden" });
    }
    expect(await moderationQueue(t.db, null, query())).toEqual({ ok: false, reason: "forbidden" });
    expect((await moderationQueue(t.db, admin, query())).ok).toBe(true);
  });
});

describe("the approval view", () => {
  it("lists proposals and comments waiting for approval, oldest first, filtered by consultation", async () => {
    const { admin, moderator, author, consultation } = await setting();
    const other = await createConsultation(t.db, admin);
    const visible = await createProposal(t.db, consultation, author, "Schon sichtbar");
    const waiting = await createProposal(t.db, consultation, author, "Wartet auf Freigabe");
    const elsewhere = await createProposal(t.db, other, author, "Wartet woanders");
    const c = await comment(visible, author, "Ein Kommentar, der wartet", 5);
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "review" })
      .where("id", "in", [waiting, elsewhere])
      .execute();
    await backdate("proposals", waiting, 2 * HOUR);
    await backdate("proposals", elsewhere, 1 * HOUR);
    await t.db.updateTable("comments").set({ hidden_at: new Date(), hidden_kind: "review" }).where("id", "=", c).execute();

    const all = await queue(moderator, { view: "review" });
    expect(keys(all.items)).toEqual([`comment:${c}`, `proposal:${waiting}`, `proposal:${elsewhere}`]);
    expect(all.items[0]).toMatchObject({ state: "review", context: { title: "Schon sichtbar" }, value: `comment:${c}:0` });
    expect(all.decisions).toEqual(["approve", "hide"]);
    expect(keys((await queue(moderator, { view: "review", consultationId: other })).items)).toEqual([`proposal:${elsewhere}`]);
  });
});

describe("deciding several items at once", () => {
  async function twoReported() {
    const s = await setting();
    const a = await createProposal(t.db, s.consultation, s.author, "Erster gemeldeter Vorschlag");
    const b = await createProposal(t.db, s.consultation, s.author, "Zweiter gemeldeter Vorschlag");
    await flag({ type: "proposal", id: a }, s.consultation);
    await flag({ type: "proposal", id: b }, s.consultation);
    const { items } = await queue(s.moderator);
    return { ...s, a, b, items };
  }
  const form = (fields: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of fields) f.append(k, v);
    const parsed = parseDecisionForm(f);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
    return parsed.data;
  };
  const hidden = async (id: string) =>
    (await t.db.selectFrom("proposals").select("hidden_kind").where("id", "=", id).executeTakeFirstOrThrow()).hidden_kind;

  it("hides two items at once", async () => {
    const { moderator, a, b, items } = await twoReported();
    const result = await decideQueueItems(
      t.db,
      moderator,
      form([
        ...items.map((i): [string, string] => ["item", i.value!]),
        ["decision", "hide"],
        ["rule", "regel-1"],
        ["reason", "Verstößt gegen Regel 1"],
      ]),
    );
    expect(result).toEqual({ ok: true, decided: 2, alreadyDecided: 0, refused: 0 });
    expect([await hidden(a), await hidden(b)]).toEqual(["decision", "decision"]);
  });

  it("refuses an item another moderator decided meanwhile and applies the other", async () => {
    const { admin, moderator, a, b, items } = await twoReported();
    // Another moderator dismisses the reports of the first item after this one loaded the queue.
    await decide(t.db, admin, { type: "proposal", id: a }, { decision: "dismiss", reason: null, seen: "0" });
    const result = await decideQueueItems(
      t.db,
      moderator,
      form([
        ...items.map((i): [string, string] => ["item", i.value!]),
        ["decision", "hide"],
        ["rule", "regel-1"],
        ["reason", "Verstößt gegen Regel 1"],
      ]),
    );
    expect(result).toEqual({ ok: true, decided: 1, alreadyDecided: 1, refused: 0 });
    expect([await hidden(a), await hidden(b)]).toEqual([null, "decision"]);
  });

  it("answers already_decided and writes nothing when every item was decided meanwhile", async () => {
    const { admin, moderator, items } = await twoReported();
    for (const i of items) await decide(t.db, admin, i.ref, { decision: "dismiss", reason: null, seen: "0" });
    const before = await countRows(t.db, "audit_log");
    const result = await decideQueueItems(
      t.db,
      moderator,
      form([...items.map((i): [string, string] => ["item", i.value!]), ["decision", "dismiss"]]),
    );
    expect(result).toEqual({ ok: false, reason: "already_decided", decided: 0, alreadyDecided: 2, refused: 0 });
    expect(await countRows(t.db, "audit_log")).toBe(before);
  });

  it("decides only the item whose own button was pressed", async () => {
    const { moderator, a, b, items } = await twoReported();
    const first = items.find((i) => i.ref.id === a)!;
    const result = await decideQueueItems(
      t.db,
      moderator,
      form([...items.map((i): [string, string] => ["item", i.value!]), ["only", first.value!], ["decision", "dismiss"]]),
    );
    expect(result).toMatchObject({ ok: true, decided: 1 });
    const open = await t.db.selectFrom("flags").select("contribution_id").where("decided_at", "is", null).execute();
    expect(open.map((f) => f.contribution_id)).toEqual([b]);
  });

  it("refuses an incomplete form field by field", () => {
    const parse = (fields: [string, string][]) => {
      const f = new FormData();
      for (const [k, v] of fields) f.append(k, v);
      const parsed = parseDecisionForm(f);
      return parsed.ok ? null : parsed.fieldErrors;
    };
    expect(parse([["decision", "dismiss"]])).toEqual({ item: "item_missing" });
    expect(parse([["item", "proposal:1:0"]])).toEqual({ decision: "decision_missing" });
    expect(
      parse([
        ["item", "proposal:1:0"],
        ["decision", "hide"],
        ["reason", "Verstößt gegen die Regeln"],
      ]),
    ).toEqual({ rule: "rule_missing" });
    expect(
      parse([
        ["item", "proposal:1:0"],
        ["decision", "hide"],
        ["rule", "regel-1"],
      ]),
    ).toEqual({ reason: "reason_missing" });
    expect(
      parse([
        ["item", "vorschlag:1:0"],
        ["decision", "dismiss"],
      ]),
    ).toEqual({ item: "item_invalid" });
    expect(
      parse([
        ["item", "proposal:1:0"],
        ["decision", "dismiss"],
      ]),
    ).toBeNull();
  });

  it("a resident decides nothing", async () => {
    const { author, a, items } = await twoReported();
    const result = await decideQueueItems(
      t.db,
      author,
      form([...items.map((i): [string, string] => ["item", i.value!]), ["decision", "dismiss"]]),
    );
    expect(result).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await hidden(a)).toBeNull();
    expect(await t.db.selectFrom("flags").select("id").where("decided_at", "is not", null).execute()).toEqual([]);
  });
});

describe("the audit log's filters", () => {
  it("filters by actor (a staff member or automatic), action and consultation, and names only staff", async () => {
    const { admin, moderator, author, consultation } = await setting();
    const other = await createConsultation(t.db, admin);
    const here = await createProposal(t.db, consultation, author, "Hier");
    const there = await createProposal(t.db, other, author, "Dort");
    const reporter = await flag({ type: "proposal", id: here }, consultation);
    await t.db
      .insertInto("audit_log")
      .values({
        actor_id: reporter.id,
        action: "flag",
        target_type: "proposal",
        target_id: here,
        reason: "insult",
        consultation_id: consultation,
        subject_id: author.id,
      })
      .execute();
    await setVisibility(t.db, moderator, { type: "proposal", id: here }, { hide: true, reason: "Beleidigung" });
    await setVisibility(t.db, admin, { type: "proposal", id: there }, { hide: true, reason: "Werbung für Laden" });
    await t.db
      .insertInto("audit_log")
      .values({
        actor_id: null,
        action: "auto_hide",
        target_type: "proposal",
        target_id: there,
        consultation_id: other,
        subject_id: author.id,
      })
      .execute();
    const page = async (q: Partial<Parameters<typeof auditLogPage>[2]>) => {
      const result = await auditLogPage(t.db, moderator, { actor: null, action: null, consultationId: null, page: 1, ...q });
      if (!result.ok) throw new Error(result.reason);
      return result;
    };
    const all = await page({});
    expect(all.total).toBe(4);
    expect(all.actors.map((a) => a.name).sort()).toEqual(["Ada Verwaltung", "Mona Moderatorin"]);
    expect(all.actions.sort()).toEqual(["auto_hide", "flag", "hide"]);
    // The resident who reported is not named; the author is named nowhere.
    expect(all.rows.find((r) => r.action === "flag")).toMatchObject({ actorKind: "person", actorName: null });
    expect(JSON.stringify(all.rows)).not.toContain(author.displayName);
    expect(JSON.stringify(all.rows)).not.toContain(reporter.displayName);

    expect((await page({ actor: moderator.id })).rows.map((r) => [r.action, r.targetId])).toEqual([["hide", here]]);
    expect((await page({ actor: "automatic" })).rows.map((r) => [r.action, r.actorKind])).toEqual([["auto_hide", "automatic"]]);
    expect((await page({ action: "hide" })).rows.map((r) => r.targetId)).toEqual([there, here]);
    expect((await page({ consultationId: other })).rows.map((r) => r.action)).toEqual(["auto_hide", "hide"]);
    expect((await page({ consultationId: other, action: "hide", actor: admin.id })).total).toBe(1);
    expect((await page({ consultationId: other, actor: moderator.id })).total).toBe(0);
    expect(await auditLogPage(t.db, author, { actor: null, action: null, consultationId: null, page: 1 })).toEqual({
      ok: false,
      reason: "forbidden",
    });
  });
});

describe("proposals without an official answer", () => {
  it("lists visible unanswered proposals, oldest first, with the days waited, filtered by consultation", async () => {
    const { admin, moderator, author, consultation } = await setting();
    const other = await createConsultation(t.db, admin);
    const old = await createProposal(t.db, consultation, author, "Wartet lange");
    const young = await createProposal(t.db, consultation, author, "Wartet kurz");
    const elsewhere = await createProposal(t.db, other, author, "Woanders");
    const answered = await createProposal(t.db, consultation, author, "Beantwortet");
    const hiddenOne = await createProposal(t.db, consultation, author, "Ausgeblendet");
    const ago = (id: string, days: number) => backdate("proposals", id, days * DAY);
    await ago(old, 12.5);
    await ago(young, 0.2);
    await ago(elsewhere, 3.5);
    await ago(answered, 20);
    await ago(hiddenOne, 30);
    await t.db
      .insertInto("proposal_answers")
      .values({ proposal_id: answered, status: "accepted", body_md: "Wir setzen das um.", author_id: admin.id })
      .execute();
    await setVisibility(t.db, moderator, { type: "proposal", id: hiddenOne }, { hide: true, reason: "Beleidigung" });

    const list = async (consultationId: string | null = null) => {
      const result = await unansweredProposals(t.db, moderator, { consultationId, page: 1 });
      if (!result.ok) throw new Error(result.reason);
      return result;
    };
    const all = await list();
    expect(all.items.map((i) => [i.title, i.waitingDays])).toEqual([
      ["Wartet lange", 12],
      ["Woanders", 3],
      ["Wartet kurz", 0],
    ]);
    expect(all.items[0].answerUrl).toBe(`/vorschlaege/${old}/stellungnahme`);
    expect((await list(other)).items.map((i) => i.id)).toEqual([elsewhere]);
    expect((await list(consultation)).total).toBe(2);
    for (const role of ["resident", "council"] as const) {
      expect(await unansweredProposals(t.db, await createUser(t.db, { role }), { consultationId: null, page: 1 })).toEqual({
        ok: false,
        reason: "forbidden",
      });
    }
  });
});

describe("the queue's address", () => {
  it("reads view, consultation, reason, state and page, and falls back to the defaults for anything odd", () => {
    const parse = (qs: string) => parseQueueQuery(new URLSearchParams(qs));
    expect(parse("")).toEqual(query());
    expect(parse("ansicht=meldungen&beteiligung=4&grund=spam&stand=entschieden&seite=3")).toEqual(
      query({ consultationId: "4", reason: "spam", state: "decided", page: 3 }),
    );
    expect(parse("ansicht=freigabe&grund=spam&stand=entschieden")).toEqual(query({ view: "review" }));
    expect(parse("ansicht=x&beteiligung=abc&grund=constructor&stand=__proto__&seite=-1")).toEqual(query());
  });
});
