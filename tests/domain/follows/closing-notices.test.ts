import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createProposal, createUser, setPhase } from "../../setup/fixtures";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { sendClosingNotices, setFollowing, type FollowTarget } from "~/domain/follows/follows.server";
import { readUnsubscribeToken } from "~/domain/follows/unsubscribe-token.server";

const t = useTestDatabase();
const DAY = 24 * 3600 * 1000;

async function follow(user: CurrentUser, target: FollowTarget) {
  expect(await setFollowing(t.db, user, target, true)).toMatchObject({ ok: true });
}

function recipients() {
  return t.db
    .selectFrom("mail_outbox")
    .select("to_address")
    .orderBy("to_address")
    .execute()
    .then((rows) => rows.map((r) => r.to_address));
}

/** An open consultation with followers: Anna follows it and two of its proposals, Bert one proposal, Carla it. */
async function followedConsultation() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const p1 = await createProposal(t.db, consultation, admin, "Erster Vorschlag");
  const p2 = await createProposal(t.db, consultation, admin, "Zweiter Vorschlag");
  const [anna, bert, carla] = [await createUser(t.db, { name: "Anna" }), await createUser(t.db), await createUser(t.db)];
  await follow(anna, { type: "consultation", id: consultation });
  await follow(anna, { type: "proposal", id: p1 });
  await follow(anna, { type: "proposal", id: p2 });
  await follow(bert, { type: "proposal", id: p2 });
  await follow(carla, { type: "consultation", id: consultation });
  // Someone following only another consultation hears nothing about this one.
  const other = await createConsultation(t.db, admin, "open");
  await t.db
    .updateTable("consultations")
    .set({ closes_at: new Date(Date.now() + 60 * DAY) })
    .where("id", "=", other)
    .execute();
  await follow(await createUser(t.db, { email: "andere@example.org" }), { type: "consultation", id: other });
  return { admin, consultation, people: { anna, bert, carla } };
}

describe("the closing notice", () => {
  it("is not sent before the closing time; after it, once per follower of the consultation or its proposals", async () => {
    const { consultation, people } = await followedConsultation();
    expect(await sendClosingNotices(t.db, new Date())).toEqual({ consultations: 0, mails: 0 });
    expect(await recipients()).toEqual([]);

    await setPhase(t.db, consultation, "closed");
    expect(await sendClosingNotices(t.db, new Date())).toEqual({ consultations: 1, mails: 3 });
    expect(await recipients()).toEqual([people.anna.email, people.bert.email, people.carla.email].sort());

    const mail = await t.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", people.anna.email).executeTakeFirstOrThrow();
    const title = (await t.db.selectFrom("consultations").select("title").where("id", "=", consultation).executeTakeFirstOrThrow()).title;
    expect(mail.subject).toContain(`Die Beteiligung „${title}“ ist beendet`);
    expect(mail.body_text).toContain("Hallo Anna,");
    expect(mail.body_text).toContain(`http://localhost:3000/beteiligungen/${consultation}`);
    expect(mail.body_text).toContain(mail.unsubscribe_url);
    expect(readUnsubscribeToken(new URL(mail.unsubscribe_url!).searchParams.get("t"))).toEqual({
      userId: people.anna.id,
      scope: { kind: "consultation", id: consultation },
    });
    const row = await t.db
      .selectFrom("consultations")
      .select("closing_notice_sent_at")
      .where("id", "=", consultation)
      .executeTakeFirstOrThrow();
    expect(row.closing_notice_sent_at).toBeInstanceOf(Date);
  });

  it("goes out when the job's clock passes the closing time, and never twice", async () => {
    const { consultation } = await followedConsultation();
    const closesAt = (await t.db.selectFrom("consultations").select("closes_at").where("id", "=", consultation).executeTakeFirstOrThrow())
      .closes_at;
    expect(await sendClosingNotices(t.db, new Date(closesAt.getTime() - 1000))).toEqual({ consultations: 0, mails: 0 });
    expect(await sendClosingNotices(t.db, new Date(closesAt.getTime() + 1000))).toEqual({ consultations: 1, mails: 3 });
    expect(await sendClosingNotices(t.db, new Date(closesAt.getTime() + DAY))).toEqual({ consultations: 0, mails: 0 });
    expect(await recipients()).toHaveLength(3);
  });

  it("is sent once per follower even when several runs start at the same time", async () => {
    const { consultation } = await followedConsultation();
    await setPhase(t.db, consultation, "closed");
    const runs = await Promise.all(Array.from({ length: 4 }, () => sendClosingNotices(t.db, new Date())));
    expect(runs.reduce((sum, r) => sum + r.consultations, 0)).toBe(1);
    expect(runs.reduce((sum, r) => sum + r.mails, 0)).toBe(3);
    expect(await recipients()).toHaveLength(3);
  });

  it("is never sent for a draft, even past its closing time", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const draft = await createConsultation(t.db, admin, "draft");
    await follow(admin, { type: "consultation", id: draft });
    await t.db
      .updateTable("consultations")
      .set({ closes_at: new Date(Date.now() - DAY) })
      .execute();
    expect(await sendClosingNotices(t.db, new Date())).toEqual({ consultations: 0, mails: 0 });
    const row = await t.db.selectFrom("consultations").select("closing_notice_sent_at").executeTakeFirstOrThrow();
    expect(row.closing_notice_sent_at).toBeNull();
    expect(await recipients()).toEqual([]);
  });

  it("marks a closed consultation without followers as done, sending nothing", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    await createConsultation(t.db, admin, "closed");
    expect(await sendClosingNotices(t.db, new Date())).toEqual({ consultations: 1, mails: 0 });
    expect(await sendClosingNotices(t.db, new Date())).toEqual({ consultations: 0, mails: 0 });
  });
});

describe("the closing notice after the end is moved", () => {
  it("is sent again at the new end when an admin extends a closed consultation", async () => {
    const { admin, consultation } = await followedConsultation();
    await setPhase(t.db, consultation, "closed");
    expect((await sendClosingNotices(t.db, new Date())).mails).toBe(3);
    const { updateConsultation, loadConsultation } = await import("~/domain/consultations/consultations.server");
    const c = (await loadConsultation(t.db, consultation))!;
    const input = {
      title: c.title,
      summary: c.summary,
      plainSummary: c.plainSummary,
      body: c.bodyMd,
      opensAt: new Date(c.opensAt),
      closesAt: new Date(Date.now() + 7 * DAY),
      centerLat: c.centerLat,
      centerLng: c.centerLng,
      zoom: c.zoom,
      area: c.area,
      contactName: c.contactName,
      contactOffice: c.contactOffice,
      contactEmail: c.contactEmail,
      contactPhone: c.contactPhone,
      inputUse: c.inputUse,
    };
    expect(await updateConsultation(t.db, admin, consultation, input)).toEqual({ ok: true });
    expect((await sendClosingNotices(t.db, new Date())).mails).toBe(0);
    expect((await sendClosingNotices(t.db, new Date(Date.now() + 8 * DAY))).mails).toBe(3);
  });
});
