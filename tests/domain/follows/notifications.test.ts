import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createProposal, createUser, setPhase } from "../../setup/fixtures";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment } from "~/domain/comments/comments.server";
import { setFollowing, setReplyNotifications } from "~/domain/follows/follows.server";
import { readUnsubscribeToken } from "~/domain/follows/unsubscribe-token.server";

const t = useTestDatabase();

async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, await createUser(t.db), "Mehr Bänke am Fluss");
  return { admin, consultation, proposal };
}

async function follow(user: CurrentUser, proposal: string) {
  expect(await setFollowing(t.db, user, { type: "proposal", id: proposal }, true)).toMatchObject({ ok: true });
}

async function comment(user: CurrentUser, proposal: string, body: string, parentId: string | null = null) {
  const result = await addComment(t.db, user, proposal, { body, parentId });
  if (!result.ok) throw new Error(`comment refused: ${result.reason}`);
  return result.id;
}

function outbox() {
  return t.db.selectFrom("mail_outbox").select(["to_address", "subject", "body_text", "unsubscribe_url"]).orderBy("id").execute();
}

/** The scope an outbox mail's unsubscribe link stops, read from its signed token. */
function scopeOf(url: string | null) {
  const token = new URL(url ?? "http://x/").searchParams.get("t");
  return readUnsubscribeToken(token);
}

describe("mail about a new comment on a followed proposal", () => {
  it("goes to every follower except the one who wrote it, with the link and a one-click unsubscribe", async () => {
    const { proposal } = await setting();
    const [anna, bert, carla] = [
      await createUser(t.db, { name: "Anna" }),
      await createUser(t.db, { name: "Bert" }),
      await createUser(t.db),
    ];
    await follow(anna, proposal);
    await follow(bert, proposal);
    const id = await comment(bert, proposal, "Bänke aus Holz wären schön.");
    await comment(carla, proposal, "Carla schreibt ohne zu folgen.");

    const mails = await outbox();
    // Bert's comment: only Anna (Bert wrote it). Carla's comment: Anna and Bert.
    expect(mails.map((m) => m.to_address)).toEqual([anna.email, anna.email, bert.email]);
    const [first] = mails;
    expect(first.subject).toContain("Neuer Kommentar zu „Mehr Bänke am Fluss“");
    expect(first.body_text).toContain("Hallo Anna,");
    expect(first.body_text).toContain(`http://localhost:3000/vorschlaege/${proposal}?seite=1#kommentar-${id}`);
    // The link for the List-Unsubscribe header is stored and also written in the text, German first.
    expect(first.unsubscribe_url).toMatch(/^http:\/\/localhost:3000\/abbestellen\?t=/);
    expect(first.body_text).toContain(first.unsubscribe_url);
    expect(first.body_text.indexOf("Abbestellen mit einem Klick")).toBeLessThan(first.body_text.indexOf("Unsubscribe with one click"));
    expect(scopeOf(first.unsubscribe_url)).toEqual({ userId: anna.id, scope: { kind: "proposal", id: proposal } });
    // No comment text goes out by mail (it may be edited, deleted or hidden later), nor who wrote it.
    for (const mail of mails) {
      expect(mail.body_text).not.toContain("Holz");
      expect(mail.body_text).not.toContain("Carla schreibt");
      expect(mail.body_text).not.toContain(bert.displayName + " ");
    }
  });

  it("nobody is told about their own comment, and a refused comment sends nothing", async () => {
    const { consultation, proposal } = await setting();
    const anna = await createUser(t.db);
    await follow(anna, proposal);
    await comment(anna, proposal, "Mein eigener Kommentar");
    expect(await outbox()).toEqual([]);
    await setPhase(t.db, consultation, "closed");
    expect(await addComment(t.db, await createUser(t.db), proposal, { body: "Zu spät", parentId: null })).toMatchObject({ ok: false });
    expect(await outbox()).toEqual([]);
  });

  it("links to the page of the comments list the comment is on", async () => {
    const { proposal } = await setting();
    const anna = await createUser(t.db);
    const writer = await createUser(t.db);
    await follow(anna, proposal);
    let last = "";
    for (let i = 0; i < 21; i++) last = await comment(writer, proposal, `Kommentar Nummer ${i}`);
    const mails = await outbox();
    expect(mails).toHaveLength(21);
    expect(mails[20].body_text).toContain(`/vorschlaege/${proposal}?seite=2#kommentar-${last}`);
    expect(mails[19].body_text).toContain(`?seite=1#kommentar-`);
  });
});

describe("mail about a reply", () => {
  it("goes to the author of the comment replied to, with an unsubscribe link for reply mails", async () => {
    const { proposal } = await setting();
    const anna = await createUser(t.db, { name: "Anna" });
    const bert = await createUser(t.db);
    const top = await comment(anna, proposal, "Annas Frage zur Höhe der Bänke");
    const reply = await comment(bert, proposal, "Berts Antwort", top);
    const mails = await outbox();
    expect(mails).toHaveLength(1);
    expect(mails[0].to_address).toBe(anna.email);
    expect(mails[0].subject).toContain("Neue Antwort auf Ihren Kommentar");
    expect(mails[0].body_text).toContain(`/vorschlaege/${proposal}?seite=1#kommentar-${reply}`);
    expect(mails[0].body_text).not.toContain("Annas Frage");
    expect(mails[0].body_text).not.toContain("Berts Antwort");
    expect(scopeOf(mails[0].unsubscribe_url)).toEqual({ userId: anna.id, scope: { kind: "replies" } });
  });

  it("sends only one mail, the reply one, when the author replied to also follows the proposal; other followers get theirs", async () => {
    const { proposal } = await setting();
    const anna = await createUser(t.db);
    const bert = await createUser(t.db);
    const carla = await createUser(t.db);
    await follow(anna, proposal);
    await follow(carla, proposal);
    const top = await comment(anna, proposal, "Annas Kommentar");
    await t.db.deleteFrom("mail_outbox").execute(); // Carla's mail about Anna's comment
    await comment(bert, proposal, "Berts Antwort", top);
    const mails = await outbox();
    expect(mails.map((m) => [m.to_address, scopeOf(m.unsubscribe_url)?.scope.kind])).toEqual([
      [anna.email, "replies"],
      [carla.email, "proposal"],
    ]);
  });

  it("is not sent when the author switched reply mails off, nor for a reply to one's own comment", async () => {
    const { proposal } = await setting();
    const anna = await createUser(t.db);
    const bert = await createUser(t.db);
    const top = await comment(anna, proposal, "Annas Kommentar");
    await comment(anna, proposal, "Anna ergänzt sich selbst", top);
    expect(await outbox()).toEqual([]);

    await setReplyNotifications(t.db, anna, false);
    await comment(bert, proposal, "Berts Antwort", top);
    expect(await outbox()).toEqual([]);

    // Following the proposal is a separate choice: then the follower mail still comes.
    await follow(anna, proposal);
    await comment(bert, proposal, "Noch eine Antwort", top);
    const mails = await outbox();
    expect(mails.map((m) => [m.to_address, scopeOf(m.unsubscribe_url)?.scope.kind])).toEqual([[anna.email, "proposal"]]);
  });

  it("a hidden comment takes no replies (comments.policy: replyRefusal), so its author gets no mail about one", async () => {
    const { admin, proposal } = await setting();
    const anna = await createUser(t.db);
    const top = await comment(anna, proposal, "Ein ausgeblendeter Satz");
    await t.db
      .updateTable("comments")
      .set({ hidden_at: new Date(), hidden_kind: "decision", hidden_by: admin.id, hidden_reason: "Beleidigung" })
      .execute();
    expect(await addComment(t.db, await createUser(t.db), proposal, { body: "Eine Antwort darauf", parentId: top })).toEqual({
      ok: false,
      reason: "parent_invalid",
    });
    expect(await outbox()).toEqual([]);
  });
});
