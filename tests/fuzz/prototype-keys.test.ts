import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser } from "../setup/fixtures";
import { expectOk, routes } from "../setup/routes";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as exportRoute from "~/routes/beteiligungen.$id.export[.]geojson";
import * as mapRoute from "~/routes/beteiligungen.$id.karte";
import * as home from "~/routes/_index";
import { refusalFieldErrors } from "~/domain/proposals/proposals.schema";
import { parseProposalQuery } from "~/domain/proposals/proposals.query";
import { parseStatusParam } from "~/domain/answers/answers.statuses";
import { parseConsultationQuery } from "~/domain/consultations/consultations.urls";
import { statusFor } from "~/lib/http.server";
import { ownEntry } from "~/lib/lookup";
import { errorText } from "~/i18n";
import { de } from "~/i18n/de";
import { Notice } from "~/components/content";

// Item 18 of issue 8: a URL parameter or form value that selects from a table must find only the table's own
// entries. `table["constructor"]` is a function and `table["__proto__"]` an object: before, `?status=constructor`
// gave 500 on the consultation page, its export and its map, and `?hinweis=__proto__` gave 500 on every page.

/** What every plain object inherits, and what a lookup must not find. */
export const PROTOTYPE_KEYS = [
  "constructor",
  "__proto__",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupGetter__",
];

/** The Notice component rendered on the server for a URL, as in every page's layout. */
async function renderNotice(url: string): Promise<string> {
  const handler = createStaticHandler([{ path: "/", element: createElement(Notice) }]);
  const context = await handler.query(new Request(new URL(url, "http://localhost")));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(createElement(StaticRouterProvider, { router, context }));
}

const t = useTestDatabase();
const r = routes(t);

describe("lookups by a value from outside find only the table's own entries", () => {
  it("ownEntry finds own entries and nothing inherited", () => {
    const table = { neu: "newest" };
    expect(ownEntry(table, "neu")).toBe("newest");
    expect(ownEntry(table, null)).toBeUndefined();
    expect(ownEntry(table, "")).toBeUndefined();
    for (const key of PROTOTYPE_KEYS) expect(ownEntry(table, key), key).toBeUndefined();
  });

  it.each(PROTOTYPE_KEYS)("the proposal filters ignore %s as status and as sort order", (key) => {
    const query = parseProposalQuery(new URLSearchParams({ status: key, sortierung: key, kategorie: key }));
    expect(query).toEqual({ categoryId: null, status: null, search: null, sort: "newest" });
    expect(parseStatusParam(key)).toBeNull();
    expect(parseConsultationQuery(new URLSearchParams({ phase: key })).phase).toBeNull();
  });

  it("the known values still select", () => {
    expect(parseProposalQuery(new URLSearchParams({ status: "in-pruefung", sortierung: "umstritten" }))).toMatchObject({
      status: "under_review",
      sort: "controversial",
    });
  });

  it.each(PROTOTYPE_KEYS)("a refusal code %s maps to 422, the generic text and no field", (key) => {
    expect(statusFor(key)).toBe(422);
    expect(errorText(de, key)).toBe(de.errors.generic);
    expect(refusalFieldErrors(key)).toEqual({});
  });

  it.each(PROTOTYPE_KEYS)("?hinweis=%s shows no notice (the layout of every page renders)", async (key) => {
    expect(await renderNotice(`/?hinweis=${encodeURIComponent(key)}`)).not.toContain("alert");
    expect(await renderNotice("/?hinweis=saved")).toContain(de.common.saved);
  });
});

describe("routes answer prototype keys in their filters like an unknown value", () => {
  it("the consultation page, its export and its map ignore ?status= and ?sortierung= with inherited names", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await createConsultation(t.db, admin, "open");
    await createProposal(t.db, id, admin, "Ein Vorschlag mit Ort");
    const plain = await expectOk(await r.get(consultationPage.loader, `/beteiligungen/${id}`, { params: { id } }));
    for (const key of PROTOTYPE_KEYS) {
      const q = `status=${encodeURIComponent(key)}&sortierung=${encodeURIComponent(key)}`;
      const page = await expectOk(await r.get(consultationPage.loader, `/beteiligungen/${id}?${q}`, { params: { id } }));
      expect(page.items, key).toEqual(plain.items);
      expect(page.query, key).toEqual({ categoryId: null, status: null, search: null, sort: "newest" });
      const geojson = await r.get(exportRoute.loader, `/beteiligungen/${id}/export.geojson?${q}`, { params: { id } });
      expect(geojson.status, key).toBe(200);
      expect((await geojson.json()).features, key).toHaveLength(1);
      const map = await r.get(mapRoute.loader, `/beteiligungen/${id}/karte?bbox=-90,-180,90,180&zoom=3&${q}`, { params: { id } });
      expect(map.status, key).toBe(200);
      const list = await r.get(home.loader, `/?phase=${encodeURIComponent(key)}`);
      expect(list.status, key).toBe(200);
    }
  });
});
