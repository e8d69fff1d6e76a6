import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase, usingPostgres } from "../../setup/db";
import { createConsultation as insertConsultation, createUser } from "../../setup/fixtures";
import { consultationSchema } from "~/domain/consultations/consultations.schema";
import {
  createConsultation,
  publishConsultation,
  revisionHistory,
  REVISIONS_SHOWN,
  updateConsultation,
} from "~/domain/consultations/consultations.server";
import { changedFields, snapshotOf } from "~/domain/consultations/consultations.revisions";

const t = useTestDatabase();

const form = {
  title: "Neugestaltung des Marktplatzes",
  summary: "Wie soll der Marktplatz in Zukunft aussehen?",
  plainSummary: "Der Markt-Platz soll schöner werden.",
  body: "Die Stadt plant, den Marktplatz neu zu gestalten.",
  opensAt: "2026-03-29T10:00",
  closesAt: "2026-04-30T18:00",
  contactName: "Jana Beispiel",
  contactOffice: "Stadtplanungsamt",
  contactEmail: "jana.beispiel@musterstadt.example",
  contactPhone: "06621 123-456",
  inputUse: "Der Stadtrat entscheidet im Mai.",
  centerLat: "50,5521",
  centerLng: "9.6753",
  zoom: "15",
};
const input = consultationSchema.parse(form);

async function revisions(consultationId: string) {
  return t.db
    .selectFrom("consultation_revisions")
    .select(["number", "snapshot", "changed_fields", "author_id", "created_at"])
    .where("consultation_id", "=", consultationId)
    .orderBy("number")
    .execute();
}

async function published(admin: Awaited<ReturnType<typeof createUser>>) {
  const created = await createConsultation(t.db, admin, input);
  if (!created.ok) throw new Error(created.reason);
  expect(await publishConsultation(t.db, admin, created.id)).toEqual({ ok: true });
  return created.id;
}

describe("revisions", () => {
  it("drafts keep no revisions; publication is revision 1 with everything residents see", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const created = await createConsultation(t.db, admin, input);
    if (!created.ok) throw new Error(created.reason);
    expect(await updateConsultation(t.db, admin, created.id, { ...input, title: "Entwurf, noch einmal überarbeitet" })).toEqual({
      ok: true,
    });
    expect(await revisions(created.id)).toEqual([]);
    expect(await publishConsultation(t.db, admin, created.id)).toEqual({ ok: true });
    const [first] = await revisions(created.id);
    expect(first).toMatchObject({ number: 1, changed_fields: [], author_id: admin.id });
    expect(first.snapshot).toEqual({
      title: "Entwurf, noch einmal überarbeitet",
      summary: input.summary,
      plainSummary: "Der Markt-Platz soll schöner werden.",
      body: input.body,
      dates: { opensAt: "2026-03-29T08:00:00.000Z", closesAt: "2026-04-30T16:00:00.000Z" },
      contact: { name: "Jana Beispiel", office: "Stadtplanungsamt", email: "jana.beispiel@musterstadt.example", phone: "06621 123-456" },
      inputUse: "Der Stadtrat entscheidet im Mai.",
      map: { centerLat: 50.5521, centerLng: 9.6753, zoom: 15, area: null },
    });
    // Publication alone is no change for readers.
    expect((await revisionHistory(t.db, { id: created.id, publishedAt: new Date() })).lastChangedAt).toBeNull();
  });

  it("each edit after publication is a new revision naming what changed, logged in the audit log", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const other = await createUser(t.db, { role: "admin" });
    const id = await published(admin);
    expect(
      await updateConsultation(t.db, other, id, {
        ...input,
        title: "Marktplatz: zweite Runde",
        closesAt: new Date("2026-05-15T16:00:00Z"),
      }),
    ).toEqual({ ok: true });
    expect(
      await updateConsultation(t.db, admin, id, {
        ...input,
        title: "Marktplatz: zweite Runde",
        closesAt: new Date("2026-05-15T16:00:00Z"),
        contactPhone: "",
      }),
    ).toEqual({ ok: true });
    const rows = await revisions(id);
    expect(rows.map((r) => [r.number, r.changed_fields, r.author_id])).toEqual([
      [1, [], admin.id],
      [2, ["title", "dates"], other.id],
      [3, ["contact"], admin.id],
    ]);
    expect(rows[2].snapshot.contact.phone).toBe("");
    const stored = await t.db.selectFrom("consultations").select(["title", "contact_phone"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: "Marktplatz: zweite Runde", contact_phone: "" });

    const audit = await t.db
      .selectFrom("audit_log")
      .select(["actor_id", "action", "target_type", "target_id", "reason"])
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { actor_id: admin.id, action: "create", target_type: "consultation", target_id: id, reason: null },
      { actor_id: admin.id, action: "publish", target_type: "consultation", target_id: id, reason: null },
      { actor_id: other.id, action: "update", target_type: "consultation", target_id: id, reason: "Version 2" },
      { actor_id: admin.id, action: "update", target_type: "consultation", target_id: id, reason: "Version 3" },
    ]);

    const history = await revisionHistory(t.db, { id, publishedAt: new Date() });
    expect(history.total).toBe(2);
    expect(history.revisions.map((r) => [r.number, r.changedFields])).toEqual([
      [3, ["contact"]],
      [2, ["title", "dates"]],
    ]);
    expect(history.lastChangedAt).toEqual(rows[2].created_at);
  });

  it("saving without a change writes nothing", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await published(admin);
    const before = await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const auditBefore = await t.db
      .selectFrom("audit_log")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    // The same values as typed again: the date as a fresh Date, the decimal with a comma.
    expect(await updateConsultation(t.db, admin, id, consultationSchema.parse(form))).toEqual({ ok: true });
    expect((await revisions(id)).map((r) => r.number)).toEqual([1]);
    expect(await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(before);
    expect(
      await t.db
        .selectFrom("audit_log")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(auditBefore);
  });

  it("a consultation published before revisions were kept gets its published state as revision 1 on the first edit", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await insertConsultation(t.db, admin, "open");
    const row = await t.db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(await updateConsultation(t.db, admin, id, input)).toEqual({ ok: true });
    const [first, second] = await revisions(id);
    expect(first).toMatchObject({ number: 1, changed_fields: [], author_id: admin.id, created_at: row.published_at });
    expect(first.snapshot.title).toBe(row.title);
    expect(second.number).toBe(2);
    expect(second.changed_fields).toEqual(expect.arrayContaining(["title", "summary", "body", "dates", "contact", "inputUse", "map"]));
  });

  it("the revision is written in the same transaction as the change: a failed update keeps no revision", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await published(admin);
    // Bypassing the form's check, the database refuses a closing time before the opening time.
    const broken = { ...input, title: "Kaputt", closesAt: new Date("2026-01-01T00:00:00Z") };
    await expect(updateConsultation(t.db, admin, id, broken)).rejects.toThrow();
    expect((await revisions(id)).map((r) => r.number)).toEqual([1]);
    expect((await t.db.selectFrom("consultations").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).toBe(input.title);
    expect(await t.db.selectFrom("audit_log").select("action").where("action", "=", "update").execute()).toEqual([]);
  });

  it("concurrent edits get consecutive revision numbers", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await published(admin);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => updateConsultation(t.db, admin, id, { ...input, title: `Gleichzeitig geändert ${i}` })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = await revisions(id);
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The stored title is the one of the last revision.
    const { title } = await t.db.selectFrom("consultations").select("title").where("id", "=", id).executeTakeFirstOrThrow();
    expect(rows[6].snapshot.title).toBe(title);
    if (usingPostgres) expect(new Set(rows.slice(1).map((r) => r.snapshot.title)).size).toBe(6);
  });

  it("only admins edit; a refused edit writes no revision", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await published(admin);
    for (const user of [
      null,
      await createUser(t.db),
      await createUser(t.db, { role: "moderator" }),
      await createUser(t.db, { role: "council" }),
    ]) {
      expect(await updateConsultation(t.db, user, id, { ...input, title: "Übernommen" })).toEqual({ ok: false, reason: "forbidden" });
    }
    expect((await revisions(id)).map((r) => r.number)).toEqual([1]);
    expect(await updateConsultation(t.db, admin, "999999", input)).toEqual({ ok: false, reason: "not_found" });
  });

  it("readers see at most the 20 newest changes, and how many there were", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await published(admin);
    for (let i = 0; i < REVISIONS_SHOWN + 3; i++) await updateConsultation(t.db, admin, id, { ...input, title: `Fassung ${i}` });
    const history = await revisionHistory(t.db, { id, publishedAt: new Date() });
    expect(history.total).toBe(REVISIONS_SHOWN + 3);
    expect(history.revisions).toHaveLength(REVISIONS_SHOWN);
    expect(history.revisions[0].number).toBe(REVISIONS_SHOWN + 4);
  });

  it("compares snapshots by value, whatever order the database keeps object keys in", () => {
    const base = snapshotOf({
      ...input,
      body: input.body,
      area: {
        type: "Polygon",
        coordinates: [
          [
            [9, 50],
            [10, 50],
            [10, 51],
            [9, 50],
          ],
        ],
      },
    });
    const reordered = JSON.parse(
      JSON.stringify({
        ...base,
        map: {
          zoom: base.map.zoom,
          area: { coordinates: base.map.area!.coordinates, type: "Polygon" },
          centerLng: base.map.centerLng,
          centerLat: base.map.centerLat,
        },
      }),
    );
    expect(changedFields(base, reordered)).toEqual([]);
    expect(changedFields(base, { ...base, map: { ...base.map, zoom: 16 } })).toEqual(["map"]);
  });
});

describe("snapshots compare dates to the minute", () => {
  it("a date saved from the editor (minutes) is no change from the stored one with seconds", () => {
    const base = {
      title: "T",
      summary: "S",
      plainSummary: "",
      body: "B",
      contactName: "",
      contactOffice: "",
      contactEmail: "",
      contactPhone: "",
      inputUse: "",
      centerLat: 50,
      centerLng: 9,
      zoom: 13,
      area: null,
    };
    const stored = snapshotOf({ ...base, opensAt: "2026-11-01T08:15:59.302Z", closesAt: "2026-12-01T08:15:07.000Z" });
    const fromEditor = snapshotOf({ ...base, opensAt: "2026-11-01T08:15:00.000Z", closesAt: "2026-12-01T08:15:00.000Z" });
    expect(changedFields(stored, fromEditor)).toEqual([]);
    const moved = snapshotOf({ ...base, opensAt: "2026-11-01T08:16:00.000Z", closesAt: "2026-12-01T08:15:00.000Z" });
    expect(changedFields(stored, moved)).toEqual(["dates"]);
  });
});
