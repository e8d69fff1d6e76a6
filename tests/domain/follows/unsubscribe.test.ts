import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { capturingTransport, headerBlock } from "../../setup/capture-mail";
import { createConsultation, createProposal, createUser } from "../../setup/fixtures";
import { readUnsubscribeLink, setFollowing, unsubscribe } from "~/domain/follows/follows.server";
import { readUnsubscribeToken, signUnsubscribeToken, unsubscribeUrl } from "~/domain/follows/unsubscribe-token.server";
import { deliverDueMail, enqueueMail } from "~/domain/mail/mail.server";

const t = useTestDatabase();

function follows() {
  return t.db.selectFrom("follows").select(["user_id", "proposal_id", "consultation_id"]).orderBy("id").execute();
}

async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const otherConsultation = await createConsultation(t.db, admin, "open");
  const p1 = await createProposal(t.db, consultation, admin, "Erster Vorschlag");
  const p2 = await createProposal(t.db, consultation, admin, "Zweiter Vorschlag");
  const elsewhere = await createProposal(t.db, otherConsultation, admin, "Woanders");
  const anna = await createUser(t.db);
  const bert = await createUser(t.db);
  for (const user of [anna, bert]) {
    await setFollowing(t.db, user, { type: "consultation", id: consultation }, true);
    for (const id of [p1, p2, elsewhere]) await setFollowing(t.db, user, { type: "proposal", id }, true);
  }
  return { consultation, otherConsultation, p1, p2, elsewhere, anna, bert };
}

describe("unsubscribe tokens", () => {
  it("carry the person and the scope, signed; any change makes them invalid", () => {
    for (const scope of [{ kind: "proposal", id: "12" }, { kind: "consultation", id: "3" }, { kind: "replies" }] as const) {
      expect(readUnsubscribeToken(signUnsubscribeToken("7", scope))).toEqual({ userId: "7", scope });
    }
    const token = signUnsubscribeToken("7", { kind: "proposal", id: "12" });
    const [user, scope, mac] = token.split(".");
    const flipped = mac.slice(0, 10) + (mac[10] === "A" ? "B" : "A") + mac.slice(11);
    for (const bad of [
      `8.${scope}.${mac}`, // another person
      `${user}.p13.${mac}`, // another proposal
      `${user}.c12.${mac}`, // another kind
      `${user}.r.${mac}`,
      `${user}.${scope}.${flipped}`,
      `${user}.${scope}.${mac.slice(0, -1)}`,
      `${user}.${scope}`,
      "",
      "x".repeat(500),
      null,
      undefined,
      42,
    ]) {
      expect(readUnsubscribeToken(bad), String(bad)).toBeNull();
    }
  });

  it("make absolute links to /abbestellen", () => {
    const url = new URL(unsubscribeUrl("7", { kind: "replies" }));
    expect(url.origin + url.pathname).toBe("http://localhost:3000/abbestellen");
    expect(readUnsubscribeToken(url.searchParams.get("t"))).toEqual({ userId: "7", scope: { kind: "replies" } });
  });
});

describe("unsubscribing", () => {
  it("from a proposal stops exactly that follow, for that person", async () => {
    const s = await setting();
    const before = await follows();
    const token = signUnsubscribeToken(s.anna.id, { kind: "proposal", id: s.p1 });
    expect(await readUnsubscribeLink(t.db, token)).toEqual({
      ok: true,
      scope: { kind: "proposal", id: s.p1 },
      hidden: false,
      title: "Erster Vorschlag",
    });
    expect(await follows()).toEqual(before); // reading the link changes nothing
    expect(await unsubscribe(t.db, token)).toMatchObject({ ok: true, scope: { kind: "proposal", id: s.p1 } });
    expect(await follows()).toEqual(before.filter((f) => !(f.user_id === s.anna.id && f.proposal_id === s.p1)));
    // Again: nothing more to do, no error.
    expect(await unsubscribe(t.db, token)).toMatchObject({ ok: true });
    expect(await follows()).toHaveLength(before.length - 1);
  });

  it("from a consultation stops following it and its proposals, not other consultations'", async () => {
    const s = await setting();
    await unsubscribe(t.db, signUnsubscribeToken(s.anna.id, { kind: "consultation", id: s.consultation }));
    const rows = await follows();
    expect(rows.filter((f) => f.user_id === s.anna.id)).toEqual([{ user_id: s.anna.id, proposal_id: s.elsewhere, consultation_id: null }]);
    expect(rows.filter((f) => f.user_id === s.bert.id)).toHaveLength(4);
  });

  it("from replies switches the reply mails off for that person only", async () => {
    const s = await setting();
    await unsubscribe(t.db, signUnsubscribeToken(s.anna.id, { kind: "replies" }));
    const users = await t.db
      .selectFrom("users")
      .select(["id", "notify_replies"])
      .where("id", "in", [s.anna.id, s.bert.id])
      .orderBy("id")
      .execute();
    expect(users).toEqual([
      { id: s.anna.id, notify_replies: false },
      { id: s.bert.id, notify_replies: true },
    ]);
    expect(await follows()).toHaveLength(8);
  });

  it("refuses a tampered token and changes nothing", async () => {
    const s = await setting();
    const before = await follows();
    const token = signUnsubscribeToken(s.anna.id, { kind: "consultation", id: s.consultation });
    const forged = token.replace(`${s.anna.id}.`, `${s.bert.id}.`);
    expect(await unsubscribe(t.db, forged)).toEqual({ ok: false, reason: "unsubscribe_invalid" });
    expect(await readUnsubscribeLink(t.db, forged)).toEqual({ ok: false, reason: "unsubscribe_invalid" });
    expect(await follows()).toEqual(before);
  });

  it("names no hidden proposal's title", async () => {
    const s = await setting();
    const moderator = await createUser(t.db, { role: "moderator" });
    await t.db
      .updateTable("proposals")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: moderator.id, hidden_reason: "Spam" })
      .where("id", "=", s.p1)
      .execute();
    expect(await readUnsubscribeLink(t.db, signUnsubscribeToken(s.anna.id, { kind: "proposal", id: s.p1 }))).toEqual({
      ok: true,
      scope: { kind: "proposal", id: s.p1 },
      hidden: true,
      title: "",
    });
  });
});

describe("List-Unsubscribe headers", () => {
  it("reach the sent mail when the outbox row has an unsubscribe link, and only then", async () => {
    const url = unsubscribeUrl("7", { kind: "proposal", id: "12" });
    await enqueueMail(t.db, { to: "anna@example.org", subject: "Neuer Kommentar", body: `Text\n${url}`, unsubscribeUrl: url });
    await enqueueMail(t.db, { to: "bert@example.org", subject: "Bestätigung", body: "Ohne Abbestellen" });
    const raw: string[] = [];
    await deliverDueMail(t.db, { transport: capturingTransport(raw), from: "Ratschlag <noreply@example.org>", log: () => {} });
    expect(raw).toHaveLength(2);
    const [withLink, without] = raw.map(headerBlock);
    expect(withLink).toContain(`List-Unsubscribe: <${url}>`);
    expect(withLink).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(without).not.toContain("List-Unsubscribe");
  });
});
