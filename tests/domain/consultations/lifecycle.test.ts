import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation as insertConsultation, createProposal, createUser } from "../../setup/fixtures";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { canView, contributionRefusal, phaseOf, type Phase } from "~/domain/consultations/consultations.policy";
import { parseLocalDateTime, toLocalInputValue } from "~/domain/consultations/consultations.time";
import { listConsultations } from "~/domain/consultations/consultations.server";
import { createProposal as propose, updateProposal } from "~/domain/proposals/proposals.server";
import { addComment, deleteComment, editComment } from "~/domain/comments/comments.server";
import { castVote } from "~/domain/votes/votes.server";

const t = useTestDatabase();

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);
const before = (d: Date) => new Date(d.getTime() - 1);
const local = (value: string) => {
  const d = parseLocalDateTime(value);
  if (!d) throw new Error(`not a date: ${value}`);
  return d;
};

describe("town time around the daylight-saving changes (Europe/Berlin)", () => {
  it.each([
    // Spring: at 02:00 CET the clocks jump to 03:00 CEST (01:00 UTC); 02:00–02:59 does not exist.
    ["2026-03-29T01:59", "2026-03-29T00:59:00.000Z", "the last minute of winter time"],
    ["2026-03-29T02:00", "2026-03-29T01:00:00.000Z", "does not exist: read with the offset before the gap (03:00 CEST)"],
    ["2026-03-29T02:30", "2026-03-29T01:30:00.000Z", "does not exist: read with the offset before the gap (03:30 CEST)"],
    ["2026-03-29T03:00", "2026-03-29T01:00:00.000Z", "the first minute of summer time"],
    // Autumn: at 03:00 CEST the clocks go back to 02:00 CET (01:00 UTC); 02:00–02:59 happens twice.
    ["2026-10-25T01:59", "2026-10-24T23:59:00.000Z", "before the repeated hour (CEST)"],
    ["2026-10-25T02:00", "2026-10-25T00:00:00.000Z", "twice: the first occurrence, still summer time"],
    ["2026-10-25T02:30", "2026-10-25T00:30:00.000Z", "twice: the first occurrence, still summer time"],
    ["2026-10-25T02:59", "2026-10-25T00:59:00.000Z", "twice: the first occurrence, still summer time"],
    ["2026-10-25T03:00", "2026-10-25T02:00:00.000Z", "after the repeated hour (CET)"],
  ])("%s is %s (%s)", (typed, utc) => {
    expect(local(typed).toISOString()).toBe(utc);
  });

  it("shows both occurrences of the repeated hour as the same town time, and the skipped hour is never shown", () => {
    expect(toLocalInputValue(at("2026-10-25T00:30:00Z"))).toBe("2026-10-25T02:30");
    expect(toLocalInputValue(at("2026-10-25T01:30:00Z"))).toBe("2026-10-25T02:30");
    expect(toLocalInputValue(at("2026-03-29T00:59:00Z"))).toBe("2026-03-29T01:59");
    expect(toLocalInputValue(at("2026-03-29T01:00:00Z"))).toBe("2026-03-29T03:00");
  });

  it("refuses dates that do not exist in any calendar", () => {
    for (const bad of [
      "2026-02-30T10:00",
      "2026-13-01T10:00",
      "2026-00-10T10:00",
      "2026-03-29T24:00",
      "2026-03-29T10:60",
      "2026-04-31T08:00",
    ]) {
      expect(parseLocalDateTime(bad), bad).toBeNull();
    }
  });

  it("a consultation over the spring change lasts 23 hours, one over the autumn change 25 hours", () => {
    expect(local("2026-03-29T12:00").getTime() - local("2026-03-28T12:00").getTime()).toBe(23 * HOUR);
    expect(local("2026-10-25T12:00").getTime() - local("2026-10-24T12:00").getTime()).toBe(25 * HOUR);
  });
});

describe("phase transitions by date", () => {
  // Opens in the hour that does not exist in spring, closes in the hour that happens twice in autumn.
  const opensAt = local("2026-03-29T02:30");
  const closesAt = local("2026-10-25T02:30");
  const c = { publishedAt: at("2026-03-01T09:00:00Z"), opensAt, closesAt, resultPublishedAt: null };
  const resident: CurrentUser = {
    id: "1",
    email: "r@example.org",
    displayName: "R",
    role: "resident",
    verified: true,
    suspendedUntil: null,
    suspensionReason: null,
  };

  it.each([
    ["just before opening (03:29:59.999 CEST)", before(opensAt), "scheduled"],
    ["at the opening time (03:30 CEST)", opensAt, "open"],
    ["an hour before opening: 02:30 local never happened", new Date(opensAt.getTime() - HOUR), "scheduled"],
    ["just before closing (first 02:29:59.999 CEST)", before(closesAt), "open"],
    ["at the closing time (the first 02:30, CEST)", closesAt, "closed"],
    ["the second 02:30 (CET), an hour later", new Date(closesAt.getTime() + HOUR), "closed"],
  ] as const)("%s: %s", (_label, now, phase) => {
    expect(phaseOf(c, now)).toBe(phase);
    // The contribution rule follows the same clock: only while open.
    expect(contributionRefusal(resident, c, now)).toBe(phase === "open" ? null : "not_open");
  });

  it("a consultation opening at 03:00 CEST on the spring change opens at 01:00 UTC, the moment the clocks jump", () => {
    const spring = { ...c, opensAt: local("2026-03-29T03:00") };
    expect(phaseOf(spring, at("2026-03-29T00:59:59.999Z"))).toBe("scheduled");
    expect(phaseOf(spring, at("2026-03-29T01:00:00Z"))).toBe("open");
  });

  it("a draft stays a draft and a published result stays published, whatever the clock says", () => {
    for (const now of [before(opensAt), opensAt, closesAt]) {
      expect(phaseOf({ ...c, publishedAt: null }, now)).toBe("draft");
      expect(phaseOf({ ...c, resultPublishedAt: at("2026-11-01T10:00:00Z") }, now)).toBe("published");
    }
  });

  it("drafts are for admins only; every later phase is visible to everyone", () => {
    const draft = { ...c, publishedAt: null };
    for (const role of ["resident", "moderator", "council"] as const) {
      expect(canView({ ...resident, role }, draft), role).toBe(false);
    }
    expect(canView(null, draft)).toBe(false);
    expect(canView({ ...resident, role: "admin" }, draft)).toBe(true);
    expect(canView(null, { ...c, opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY) })).toBe(true);
  });

  it("the list computes the same phase in SQL at each boundary, for filtering and sorting", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await insertConsultation(t.db, admin, "open");
    await t.db
      .updateTable("consultations")
      .set({ opens_at: opensAt, closes_at: closesAt, published_at: c.publishedAt })
      .where("id", "=", id)
      .execute();
    const phases = ["scheduled", "open", "closed", "published"] as const;
    const moments: [Date, Phase][] = [
      [before(opensAt), "scheduled"],
      [opensAt, "open"],
      [before(closesAt), "open"],
      [closesAt, "closed"],
    ];
    for (const [now, expected] of moments) {
      const all = await listConsultations(t.db, null, 1, {}, now);
      expect(
        all.items.map((item) => item.phase),
        now.toISOString(),
      ).toEqual([expected]);
      const matching: string[] = [];
      for (const phase of phases) {
        const filtered = await listConsultations(t.db, null, 1, { phase }, now);
        if (filtered.items.length) matching.push(phase);
        expect(filtered.total).toBe(filtered.items.length);
      }
      expect(matching, now.toISOString()).toEqual([expected]);
    }
  });
});

describe("every contribution is refused outside the open phase", () => {
  type Setup = { consultation: string; proposal: string; comment: string; author: CurrentUser; voter: CurrentUser };

  /** An open consultation with a proposal, a comment and a vote by residents; then moved into `phase`. */
  async function consultationIn(phase: Phase): Promise<Setup> {
    const admin = await createUser(t.db, { role: "admin" });
    const author = await createUser(t.db);
    const voter = await createUser(t.db);
    const consultation = await insertConsultation(t.db, admin, "open");
    const proposal = await createProposal(t.db, consultation, author, "Bänke am Marktplatz");
    const { id: comment } = await t.db
      .insertInto("comments")
      .values({ proposal_id: proposal, author_id: author.id, body_md: "Erster Kommentar" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("votes").values({ proposal_id: proposal, user_id: voter.id, value: 1 }).execute();
    const now = Date.now();
    const set = (values: { opens_at: Date; closes_at: Date; published_at?: Date | null }) =>
      t.db.updateTable("consultations").set(values).where("id", "=", consultation).execute();
    if (phase === "draft") await set({ opens_at: new Date(now - DAY), closes_at: new Date(now + DAY), published_at: null });
    if (phase === "scheduled") await set({ opens_at: new Date(now + DAY), closes_at: new Date(now + 2 * DAY) });
    if (phase === "closed" || phase === "published") await set({ opens_at: new Date(now - 2 * DAY), closes_at: new Date(now - DAY) });
    if (phase === "published") {
      await t.db
        .insertInto("result_reports")
        .values({
          consultation_id: consultation,
          summary_md: "Zusammenfassung",
          author_id: admin.id,
          figures: JSON.stringify({}),
          published_at: new Date(),
        })
        .execute();
    }
    return { consultation, proposal, comment, author, voter };
  }

  const proposalInput = { title: "Ein neuer Vorschlag", body: "Eine Beschreibung mit genug Text.", lat: 50.55, lng: 9.67 };
  const actions: Record<string, (s: Setup) => Promise<{ ok: boolean; reason?: string }>> = {
    propose: (s) => propose(t.db, s.author, s.consultation, proposalInput),
    "edit own proposal": (s) => updateProposal(t.db, s.author, s.proposal, { ...proposalInput, title: "Geänderter Titel" }),
    comment: (s) => addComment(t.db, s.voter, s.proposal, { body: "Ein Kommentar", parentId: null }),
    reply: (s) => addComment(t.db, s.voter, s.proposal, { body: "Eine Antwort", parentId: s.comment }),
    "edit own comment": (s) => editComment(t.db, s.author, s.comment, "Geänderter Kommentar"),
    "delete own comment": (s) => deleteComment(t.db, s.author, s.proposal, s.comment),
    vote: (s) => castVote(t.db, s.author, s.proposal, 1),
    "change vote": (s) => castVote(t.db, s.voter, s.proposal, -1),
    "withdraw vote": (s) => castVote(t.db, s.voter, s.proposal, 0),
  };

  /** Everything a contribution could change, to show that a refusal writes nothing. */
  async function state() {
    const rows = await sql<{ data: unknown }>`select json_build_object(
        'proposals', (select json_agg(p.title || '|' || p.body_md || '|' || p.updated_at order by p.id) from proposals p),
        'comments', (select json_agg(c.body_md || '|' || coalesce(c.deleted_at::text, '') order by c.id) from comments c),
        'votes', (select json_agg(v.user_id || ':' || v.value order by v.user_id) from votes v),
        'limits', (select count(*) from rate_limit_events)) as data`.execute(t.db);
    return rows.rows[0].data;
  }

  for (const phase of ["scheduled", "closed", "published"] as const) {
    describe(`${phase}`, () => {
      for (const [name, act] of Object.entries(actions)) {
        it(`${name}: not_open, nothing written`, async () => {
          const setup = await consultationIn(phase);
          const stateBefore = await state();
          expect(await act(setup)).toMatchObject({ ok: false, reason: "not_open" });
          expect(await state()).toEqual(stateBefore);
        });
      }
    });
  }

  describe("draft", () => {
    for (const [name, act] of Object.entries(actions)) {
      it(`${name}: not_found for residents (a draft is invisible to them), nothing written`, async () => {
        const setup = await consultationIn("draft");
        const stateBefore = await state();
        expect(await act(setup)).toMatchObject({ ok: false, reason: "not_found" });
        expect(await state()).toEqual(stateBefore);
      });
    }
  });

  describe("open", () => {
    for (const [name, act] of Object.entries(actions)) {
      it(`${name}: allowed`, async () => {
        const setup = await consultationIn("open");
        const stateBefore = await state();
        expect(await act(setup)).toMatchObject({ ok: true });
        expect(await state()).not.toEqual(stateBefore);
      });
    }
  });
});
