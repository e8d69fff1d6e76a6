import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { countRows, createConsultation, createProposal as insertProposal, createUser, setPhase } from "../../setup/fixtures";
import { createProposal, getProposal, listProposals, proposalsForMap, updateProposal } from "~/domain/proposals/proposals.server";
import { loadConsultation } from "~/domain/consultations/consultations.server";
import { setVisibility } from "../../setup/moderation";
import { proposalSchema } from "~/domain/proposals/proposals.schema";

const t = useTestDatabase();

// As typed into the form, with a decimal comma.
const input = proposalSchema.parse({
  title: "Zebrastreifen vor der Schule",
  body: "Morgens queren hier viele Kinder die Straße ohne Hilfe.",
  lat: "50,5512",
  lng: "9,6731",
});

async function consultationIn(phase: "draft" | "scheduled" | "open" | "closed" = "open") {
  const admin = await createUser(t.db, { role: "admin" });
  return { admin, consultation: await createConsultation(t.db, admin, phase) };
}

describe("submitting proposals", () => {
  it("a verified resident submits a proposal at a point while the consultation is open", async () => {
    const { consultation } = await consultationIn("open");
    const anna = await createUser(t.db, { name: "Anna" });
    const result = await createProposal(t.db, anna, consultation, input);
    if (!result.ok) throw new Error(result.reason);
    const shown = await getProposal(t.db, null, result.id);
    expect(shown.ok && shown.proposal).toMatchObject({
      consultationId: consultation,
      authorId: anna.id,
      authorName: "Anna",
      title: "Zebrastreifen vor der Schule",
      lat: 50.5512,
      lng: 9.6731,
      votesFor: 0,
      votesAgainst: 0,
      net: 0,
      commentCount: 0,
    });
  });

  it("refuses before opening and after closing (not_open), writing nothing", async () => {
    const resident = await createUser(t.db);
    for (const phase of ["scheduled", "closed"] as const) {
      const { consultation } = await consultationIn(phase);
      expect(await createProposal(t.db, resident, consultation, input)).toEqual({ ok: false, reason: "not_open" });
    }
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("refuses guests, unverified residents and council members", async () => {
    const { consultation } = await consultationIn("open");
    expect(await createProposal(t.db, null, consultation, input)).toEqual({ ok: false, reason: "login_required" });
    expect(await createProposal(t.db, await createUser(t.db, { verified: false }), consultation, input)).toEqual({
      ok: false,
      reason: "not_verified",
    });
    expect(await createProposal(t.db, await createUser(t.db, { role: "council" }), consultation, input)).toEqual({
      ok: false,
      reason: "role_cannot_contribute",
    });
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("a draft consultation does not exist for residents (not_found); unknown ids neither", async () => {
    const { admin, consultation } = await consultationIn("draft");
    expect(await createProposal(t.db, await createUser(t.db), consultation, input)).toEqual({ ok: false, reason: "not_found" });
    expect(await createProposal(t.db, await createUser(t.db), "999999", input)).toEqual({ ok: false, reason: "not_found" });
    // Staff see the draft, but it is not open for contributions either.
    expect(await createProposal(t.db, admin, consultation, input)).toEqual({ ok: false, reason: "not_open" });
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("limits contributions per person: the 31st proposal within 5 minutes is refused", async () => {
    const { consultation } = await consultationIn("open");
    const flooder = await createUser(t.db);
    for (let i = 0; i < 30; i++) {
      expect(await createProposal(t.db, flooder, consultation, { ...input, title: `Vorschlag Nummer ${i}` })).toMatchObject({ ok: true });
    }
    const refused = await createProposal(t.db, flooder, consultation, input);
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    // The refusal says how long to wait (for the Retry-After header).
    expect(!refused.ok && "retryAfter" in refused && refused.retryAfter).toBeGreaterThan(0);
    expect(await countRows(t.db, "proposals")).toBe(30);
    // Another resident is not affected.
    expect(await createProposal(t.db, await createUser(t.db), consultation, input)).toMatchObject({ ok: true });
  });
});

describe("editing proposals", () => {
  it("the author changes their own proposal", async () => {
    const { consultation } = await consultationIn("open");
    const anna = await createUser(t.db);
    const id = await insertProposal(t.db, consultation, anna, "Alter Titel des Vorschlags");
    expect(await updateProposal(t.db, anna, id, { ...input, lat: 50.56, lng: 9.68 })).toEqual({ ok: true });
    const shown = await getProposal(t.db, null, id);
    expect(shown.ok && shown.proposal).toMatchObject({ title: input.title, bodyMd: input.body, lat: 50.56, lng: 9.68 });
  });

  it("others may not change it (not_author), not even staff", async () => {
    const { admin, consultation } = await consultationIn("open");
    const anna = await createUser(t.db);
    const id = await insertProposal(t.db, consultation, anna, "Annas Vorschlag");
    for (const other of [await createUser(t.db), await createUser(t.db, { role: "moderator" }), admin]) {
      expect(await updateProposal(t.db, other, id, input)).toEqual({ ok: false, reason: "not_author" });
    }
    expect(await updateProposal(t.db, null, id, input)).toEqual({ ok: false, reason: "login_required" });
    const row = await t.db.selectFrom("proposals").select("title").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.title).toBe("Annas Vorschlag");
  });

  it("the author may not change it after closing", async () => {
    const { consultation } = await consultationIn("open");
    const anna = await createUser(t.db);
    const id = await insertProposal(t.db, consultation, anna, "Annas Vorschlag");
    await setPhase(t.db, consultation, "closed");
    expect(await updateProposal(t.db, anna, id, input)).toEqual({ ok: false, reason: "not_open" });
    expect(await updateProposal(t.db, anna, "999999", input)).toEqual({ ok: false, reason: "not_found" });
    const row = await t.db.selectFrom("proposals").select("title").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.title).toBe("Annas Vorschlag");
  });
});

describe("listing proposals", () => {
  it("pages 20 per page, newest first, with the correct total", async () => {
    const { consultation } = await consultationIn("open");
    const authors = [await createUser(t.db), await createUser(t.db)];
    const ids: string[] = [];
    for (let i = 0; i < 45; i++) ids.push(await insertProposal(t.db, consultation, authors[i % 2], `Vorschlag ${i}`));
    // Another consultation's proposals are not part of this list.
    const { consultation: other } = await consultationIn("open");
    await insertProposal(t.db, other, authors[0], "Woanders");

    const c = (await loadConsultation(t.db, consultation))!;
    const pages = await Promise.all([1, 2, 3, 4].map((page) => listProposals(t.db, null, c, page)));
    expect(pages.map((p) => p.items.length)).toEqual([20, 20, 5, 0]);
    expect(pages.every((p) => p.total === 45)).toBe(true);
    const newestFirst = [...ids].reverse();
    expect(pages.flatMap((p) => p.items.map((item) => item.id))).toEqual(newestFirst);
  });

  it("shows each proposal's vote and comment counts", async () => {
    const { consultation } = await consultationIn("open");
    const id = await insertProposal(t.db, consultation, await createUser(t.db));
    for (const value of [1, 1, -1] as const) {
      await t.db
        .insertInto("votes")
        .values({ proposal_id: id, user_id: (await createUser(t.db)).id, value })
        .execute();
    }
    await t.db
      .insertInto("comments")
      .values({ proposal_id: id, author_id: (await createUser(t.db)).id, body_md: "Gut" })
      .execute();
    const c = (await loadConsultation(t.db, consultation))!;
    const { items } = await listProposals(t.db, null, c, 1);
    expect(items[0]).toMatchObject({ votesFor: 2, votesAgainst: 1, net: 1, commentCount: 1 });
  });
});

describe("proposals on the map", () => {
  it("returns only visible proposals of this consultation inside the viewport (edges included)", async () => {
    const { consultation } = await consultationIn("open");
    const moderator = await createUser(t.db, { role: "moderator" });
    const resident = await createUser(t.db);
    const at = async (title: string, lat: number, lng: number, consultationId = consultation) => {
      const result = await createProposal(t.db, resident, consultationId, { ...input, title, lat, lng });
      if (!result.ok) throw new Error(result.reason);
      return result.id;
    };
    // Viewport: south 50.50, west 9.60, north 50.60, east 9.70.
    const inside = await at("Mitten drin", 50.55, 9.65);
    const onCorner = await at("Auf der Ecke", 50.6, 9.7);
    await at("Zu weit nördlich", 50.61, 9.65);
    await at("Zu weit südlich", 50.49, 9.65);
    await at("Zu weit östlich", 50.55, 9.71);
    await at("Zu weit westlich", 50.55, 9.59);
    const hidden = await at("Versteckt mitten drin", 50.56, 9.66);
    await setVisibility(t.db, moderator, { type: "proposal", id: hidden }, { hide: true, reason: "Unzulässiger Inhalt" });
    const { consultation: other } = await consultationIn("open");
    await at("Andere Beteiligung", 50.55, 9.65, other);

    // At street level every proposal has its own cell.
    const map = await proposalsForMap(t.db, consultation, [50.5, 9.6, 50.6, 9.7], 18);
    expect(map.clusters.map((p) => p.id).sort()).toEqual([inside, onCorner].sort());
    expect(map.clusters.find((p) => p.id === inside)).toMatchObject({ count: 1, title: "Mitten drin", lat: 50.55, lng: 9.65 });
  });
});
