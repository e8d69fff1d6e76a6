import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation as insertConsultation, createUser } from "../../setup/fixtures";
import { phaseOf } from "~/domain/consultations/consultations.policy";
import { consultationSchema } from "~/domain/consultations/consultations.schema";
import { parseLocalDateTime, toLocalInputValue } from "~/domain/consultations/consultations.time";
import {
  createConsultation,
  getConsultation,
  listConsultations,
  publishConsultation,
  updateConsultation,
} from "~/domain/consultations/consultations.server";
import { parseForm } from "~/lib/forms";

const t = useTestDatabase();

/** The admin's form as typed: town time without zone, decimal comma. */
const form = {
  title: "Neugestaltung des Marktplatzes",
  summary: "Wie soll der Marktplatz in Zukunft aussehen?",
  body: "Die Stadt plant, den Marktplatz neu zu gestalten.",
  opensAt: "2026-03-29T10:00",
  closesAt: "2026-04-30T18:00",
  centerLat: "50,5521",
  centerLng: "9.6753",
  zoom: "15",
};
const input = consultationSchema.parse(form);

describe("phases", () => {
  const now = new Date("2026-05-10T12:00:00Z");
  const dates = { opensAt: "2026-05-01T08:00:00Z", closesAt: "2026-05-31T22:00:00Z" };
  const published = { ...dates, publishedAt: "2026-04-20T10:00:00Z", resultPublishedAt: null };

  it("follow from the dates alone", () => {
    expect(phaseOf({ ...dates, publishedAt: null, resultPublishedAt: null }, now)).toBe("draft");
    expect(phaseOf(published, new Date("2026-04-30T12:00:00Z"))).toBe("scheduled");
    expect(phaseOf(published, now)).toBe("open");
    expect(phaseOf(published, new Date("2026-06-01T00:00:00Z"))).toBe("closed");
    expect(phaseOf({ ...published, resultPublishedAt: "2026-06-10T09:00:00Z" }, new Date("2026-06-11T00:00:00Z"))).toBe("published");
  });

  it("open starts exactly at the opening time and ends exactly at the closing time", () => {
    expect(phaseOf(published, new Date(dates.opensAt))).toBe("open");
    expect(phaseOf(published, new Date(new Date(dates.opensAt).getTime() - 1))).toBe("scheduled");
    expect(phaseOf(published, new Date(new Date(dates.closesAt).getTime() - 1))).toBe("open");
    expect(phaseOf(published, new Date(dates.closesAt))).toBe("closed");
  });

  it("a draft stays a draft whatever its dates, until it is published", () => {
    expect(phaseOf({ ...dates, publishedAt: null, resultPublishedAt: null }, new Date("2026-06-11T00:00:00Z"))).toBe("draft");
  });
});

describe("dates typed in town time (Europe/Berlin)", () => {
  it.each([
    ["2026-03-29T01:30", "2026-03-29T00:30:00.000Z", "before the switch to summer time (UTC+1)"],
    ["2026-03-29T03:30", "2026-03-29T01:30:00.000Z", "after the switch to summer time (UTC+2)"],
    ["2026-10-25T12:00", "2026-10-25T11:00:00.000Z", "after the switch back to winter time (UTC+1)"],
    ["2026-07-01T10:00", "2026-07-01T08:00:00.000Z", "in summer (UTC+2)"],
    ["2026-01-15T00:00", "2026-01-14T23:00:00.000Z", "midnight in winter, the day before in UTC"],
  ])("%s means %s (%s)", (local, utc) => {
    expect(parseLocalDateTime(local)?.toISOString()).toBe(utc);
  });

  it("takes a date with an explicit offset as given, and refuses what is not a date", () => {
    expect(parseLocalDateTime("2026-07-01T10:00+02:00")?.toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(parseLocalDateTime("2026-07-01T10:00:00Z")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(parseLocalDateTime("01.07.2026 10:00")).toBeNull();
    expect(parseLocalDateTime("morgen")).toBeNull();
  });

  it("shows stored times back in town time, so an edit form round-trips", () => {
    expect(toLocalInputValue(new Date("2026-07-01T08:00:00Z"))).toBe("2026-07-01T10:00");
    expect(toLocalInputValue("2026-01-15T11:00:00.000Z")).toBe("2026-01-15T12:00");
    for (const local of ["2026-03-29T01:30", "2026-03-29T03:30", "2026-10-25T12:00", "2026-07-01T10:00", "2026-12-31T23:59"]) {
      expect(toLocalInputValue(parseLocalDateTime(local)!)).toBe(local);
    }
  });

  it("the form refuses a closing time before the opening time", () => {
    const parsed = parseForm(consultationSchema, { ...form, closesAt: "2026-03-29T09:00" });
    expect(parsed).toEqual({ ok: false, fieldErrors: { closesAt: "closes_before_opens" } });
  });
});

describe("managing consultations", () => {
  it("an admin creates a consultation as a draft, with the dates in town time", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const result = await createConsultation(t.db, admin, input);
    if (!result.ok) throw new Error(result.reason);
    const shown = await getConsultation(t.db, admin, result.id);
    expect(shown.ok && shown.consultation).toMatchObject({
      title: "Neugestaltung des Marktplatzes",
      phase: "draft",
      publishedAt: null,
      centerLat: 50.5521,
      centerLng: 9.6753,
      zoom: 15,
    });
    // 10:00 on the day summer time starts is 08:00 UTC; 18:00 on 30 April is 16:00 UTC.
    expect(shown.ok && shown.consultation.opensAt.toISOString()).toBe("2026-03-29T08:00:00.000Z");
    expect(shown.ok && shown.consultation.closesAt.toISOString()).toBe("2026-04-30T16:00:00.000Z");
    const audit = await t.db.selectFrom("audit_log").selectAll().execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor_id: admin.id, action: "create", target_type: "consultation", target_id: result.id }),
    ]);
  });

  it("only admins may create, edit or publish; others get forbidden and nothing changes", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const existing = await insertConsultation(t.db, admin, "draft");
    const before = await t.db.selectFrom("consultations").selectAll().executeTakeFirstOrThrow();
    const others = [
      null,
      await createUser(t.db, { role: "moderator" }),
      await createUser(t.db),
      await createUser(t.db, { role: "council" }),
    ];
    for (const user of others) {
      expect(await createConsultation(t.db, user, input)).toEqual({ ok: false, reason: "forbidden" });
      expect(await updateConsultation(t.db, user, existing, input)).toEqual({ ok: false, reason: "forbidden" });
      expect(await publishConsultation(t.db, user, existing)).toEqual({ ok: false, reason: "forbidden" });
    }
    expect(await countRows(t.db, "consultations")).toBe(1);
    expect(await countRows(t.db, "audit_log")).toBe(0);
    expect(await t.db.selectFrom("consultations").selectAll().executeTakeFirstOrThrow()).toEqual(before);
  });

  it("an admin edits a consultation, and the change is logged", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await insertConsultation(t.db, admin, "open");
    expect(await updateConsultation(t.db, admin, id, { ...input, title: "Marktplatz: zweite Runde" })).toEqual({ ok: true });
    const shown = await getConsultation(t.db, null, id);
    expect(shown.ok && shown.consultation.title).toBe("Marktplatz: zweite Runde");
    const audit = await t.db.selectFrom("audit_log").selectAll().execute();
    expect(audit).toEqual([expect.objectContaining({ actor_id: admin.id, action: "update", target_type: "consultation", target_id: id })]);
    expect(await updateConsultation(t.db, admin, "999999", input)).toEqual({ ok: false, reason: "not_found" });
  });

  it("an admin publishes a draft once; a second time answers already_published", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await insertConsultation(t.db, admin, "draft");
    expect(await getConsultation(t.db, null, id)).toEqual({ ok: false, reason: "not_found" });

    expect(await publishConsultation(t.db, admin, id)).toEqual({ ok: true });
    const shown = await getConsultation(t.db, null, id);
    // The draft fixture's dates lie around now, so once published it is open.
    expect(shown.ok && shown.consultation.phase).toBe("open");
    const { published_at: firstPublished } = await t.db.selectFrom("consultations").select("published_at").executeTakeFirstOrThrow();

    expect(await publishConsultation(t.db, admin, id)).toEqual({ ok: false, reason: "already_published" });
    const { published_at } = await t.db.selectFrom("consultations").select("published_at").executeTakeFirstOrThrow();
    expect(published_at).toEqual(firstPublished);
    expect(await t.db.selectFrom("audit_log").select("action").execute()).toEqual([{ action: "publish" }]);
    expect(await publishConsultation(t.db, admin, "999999")).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("reading consultations", () => {
  it("a draft is visible to admins only: not found for guests, residents, council and moderators", async () => {
    // DESIGN.md §6: "draft (only admins see it)".
    const admin = await createUser(t.db, { role: "admin" });
    const draft = await insertConsultation(t.db, admin, "draft");
    const others = [
      null,
      await createUser(t.db),
      await createUser(t.db, { role: "council" }),
      await createUser(t.db, { role: "moderator" }),
    ];
    for (const reader of others) {
      expect(await getConsultation(t.db, reader, draft)).toEqual({ ok: false, reason: "not_found" });
    }
    const shown = await getConsultation(t.db, admin, draft);
    expect(shown.ok && shown.consultation.phase).toBe("draft");
    expect(await getConsultation(t.db, admin, "999999")).toEqual({ ok: false, reason: "not_found" });
  });

  it("lists open consultations first, then scheduled, then closed; drafts only for admins", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const closedA = await insertConsultation(t.db, admin, "closed");
    const scheduled = await insertConsultation(t.db, admin, "scheduled");
    const openA = await insertConsultation(t.db, admin, "open");
    const closedB = await insertConsultation(t.db, admin, "closed");
    const draft = await insertConsultation(t.db, admin, "draft");
    const openB = await insertConsultation(t.db, admin, "open");

    const readers = [
      null,
      await createUser(t.db),
      await createUser(t.db, { role: "council" }),
      await createUser(t.db, { role: "moderator" }),
    ];
    for (const reader of readers) {
      const list = await listConsultations(t.db, reader, 1);
      expect(list.items.map((c) => c.phase)).toEqual(["open", "open", "scheduled", "closed", "closed"]);
      // Within a phase: the one closing last comes first.
      expect(list.items.map((c) => c.id)).toEqual([openB, openA, scheduled, closedB, closedA]);
      expect(list.total).toBe(5);
    }
    const forAdmin = await listConsultations(t.db, admin, 1);
    expect(forAdmin.items.map((c) => c.id)).toContain(draft);
    expect(forAdmin.items.filter((c) => c.id !== draft).map((c) => c.id)).toEqual([openB, openA, scheduled, closedB, closedA]);
    expect(forAdmin.total).toBe(6);
  });

  it("pages the list 20 at a time", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    for (let i = 0; i < 23; i++) await insertConsultation(t.db, admin, "open");
    const first = await listConsultations(t.db, null, 1);
    const second = await listConsultations(t.db, null, 2);
    expect([first.items.length, second.items.length, first.total]).toEqual([20, 3, 23]);
    expect(new Set([...first.items, ...second.items].map((c) => c.id)).size).toBe(23);
  });
});
