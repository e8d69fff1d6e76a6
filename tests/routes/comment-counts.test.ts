import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser, sessionCookieFor, setPhase } from "../setup/fixtures";
import { bodyOf, expectOk, routes } from "../setup/routes";
import type { CurrentUser } from "~/domain/accounts/accounts.policy";
import { addComment, addSectionComment, deleteComment } from "~/domain/comments/comments.server";
import { setVisibility } from "../setup/moderation";
import { addTextDocument } from "~/domain/documents/documents.server";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as preview from "~/routes/vorschlaege.$id.vorschau";
import * as exportRoute from "~/routes/beteiligungen.$id.export[.]geojson";
import * as resultPage from "~/routes/beteiligungen.$id.ergebnis._index";
import * as documentPage from "~/routes/dokumente.$id._index";
import * as sectionPage from "~/routes/abschnitte.$id";

// Item 5 of issue 8: one count of comments everywhere. A comment counts when it is neither hidden nor deleted, and
// replies count like top-level comments (comments.policy). The list, the proposal page's heading, the map popup, the
// GeoJSON export and the result figures must all give that number; the pages still page by threads.

const t = useTestDatabase();
const r = routes(t);

async function written(result: { ok: boolean; id?: string; reason?: string }) {
  if (!result.ok || !result.id) throw new Error(`refused: ${result.reason}`);
  return result.id;
}

/** One proposal with 4 threads: 2 plain ones (one with 2 replies, one with a hidden reply), a hidden one with a
 *  reply, and a deleted one with a reply. Visible and not deleted: 2 threads + 4 replies = 6. */
async function discussedProposal() {
  const admin = await createUser(t.db, { role: "admin" });
  const moderator = await createUser(t.db, { role: "moderator" });
  const council = await createUser(t.db, { role: "council" });
  const consultation = await createConsultation(t.db, admin, "open");
  const people: CurrentUser[] = [];
  for (let i = 0; i < 4; i++) people.push(await createUser(t.db));
  const [anna, bert, carla, dora] = people;
  const proposal = await createProposal(t.db, consultation, anna, "Bänke am Fluss");
  const say = (who: CurrentUser, body: string, parentId: string | null = null) =>
    addComment(t.db, who, proposal, { body, parentId }).then(written);
  const first = await say(anna, "Erster Gedanke");
  await say(bert, "Antwort eins", first);
  await say(carla, "Antwort zwei", first);
  const second = await say(bert, "Zweiter Gedanke");
  const hiddenReply = await say(dora, "Eine verletzende Antwort", second);
  const hidden = await say(carla, "Ein verletzender Kommentar");
  await say(dora, "Antwort unter dem ausgeblendeten", hidden);
  const deleted = await say(dora, "Ein Kommentar, den ich zurücknehme");
  await say(anna, "Antwort unter dem gelöschten", deleted);
  for (const id of [hidden, hiddenReply]) {
    expect(await setVisibility(t.db, moderator, { type: "comment", id }, { hide: true, reason: "Verstößt gegen Regel 2" })).toEqual({
      ok: true,
    });
  }
  expect(await deleteComment(t.db, dora, proposal, deleted)).toMatchObject({ ok: true });
  return { admin, moderator, council, consultation, proposal, people };
}

describe("one count of comments", () => {
  it("list, proposal page, map popup, export and result figures give the same number, for guests and moderators", async () => {
    const s = await discussedProposal();
    const expected = 6;
    for (const user of [null, s.moderator]) {
      const cookie = user ? await sessionCookieFor(t.db, user) : undefined;
      const list = await expectOk(
        await r.get(consultationPage.loader, `/beteiligungen/${s.consultation}`, { params: { id: s.consultation }, cookie }),
      );
      const page = await expectOk(await r.get(proposalPage.loader, `/vorschlaege/${s.proposal}`, { params: { id: s.proposal }, cookie }));
      const popup = await expectOk(
        await r.get(preview.loader, `/vorschlaege/${s.proposal}/vorschau`, { params: { id: s.proposal }, cookie }),
      );
      const geojson = await bodyOf(
        await r.get(exportRoute.loader, `/beteiligungen/${s.consultation}/export.geojson`, { params: { id: s.consultation }, cookie }),
      );
      expect({
        list: list.proposals[0].commentCount,
        heading: page.commentCount,
        popup: popup.commentCount,
        export: geojson.features[0].properties.comments,
      }).toEqual({ list: expected, heading: expected, popup: expected, export: expected });
      // The pages still page by threads: all four keep their place (the hidden and the deleted one as placeholders).
      expect(page.total).toBe(4);
      expect(page.threads).toHaveLength(4);
    }

    // The figures of the result (live before publication) count the same comments.
    await setPhase(t.db, s.consultation, "closed");
    const council = await sessionCookieFor(t.db, s.council);
    const result = await expectOk(
      await r.get(resultPage.loader, `/beteiligungen/${s.consultation}/ergebnis`, { params: { id: s.consultation }, cookie: council }),
    );
    expect(result.figures.comments).toBe(expected);
  });

  it("a section's comments: the text's list, the section page and the result figures agree", async () => {
    const s = await discussedProposal();
    const added = await addTextDocument(t.db, s.admin, s.consultation, { title: "Satzung", description: "", body: "# Teil eins\n\nText" });
    if (!added.ok) throw new Error(added.reason);
    const section = (await t.db.selectFrom("document_sections").select("id").where("document_id", "=", added.id).executeTakeFirstOrThrow())
      .id;
    const [anna, bert, carla] = s.people;
    const say = (who: CurrentUser, body: string, parentId: string | null = null) =>
      addSectionComment(t.db, who, section, { body, parentId }).then(written);
    const top = await say(anna, "Zum ersten Teil");
    await say(bert, "Eine Antwort dazu", top);
    const hidden = await say(carla, "Ein verletzender Satz");
    await setVisibility(t.db, s.moderator, { type: "comment", id: hidden }, { hide: true, reason: "Verstößt gegen Regel 2" });

    const text = await expectOk(await r.get(documentPage.loader, `/dokumente/${added.id}`, { params: { id: added.id } }));
    const sectionData = await expectOk(await r.get(sectionPage.loader, `/abschnitte/${section}`, { params: { id: section } }));
    expect([text.sections[0].commentCount, sectionData.commentCount]).toEqual([2, 2]);
    expect(sectionData.total).toBe(2);

    await setPhase(t.db, s.consultation, "closed");
    const council = await sessionCookieFor(t.db, s.council);
    const result = await expectOk(
      await r.get(resultPage.loader, `/beteiligungen/${s.consultation}/ergebnis`, { params: { id: s.consultation }, cookie: council }),
    );
    expect(result.figures.comments).toBe(6 + 2);
  });
});
