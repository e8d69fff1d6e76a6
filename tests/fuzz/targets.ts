import type { FilePart } from "./http";
import {
  ALL,
  CONSTRUCTOR,
  LONG,
  LONG_MULTIBYTE,
  LONG_QUERY,
  LONG_QUERY_MULTIBYTE,
  SOME,
  TO_STRING,
  TSQUERY,
  type FuzzValue,
  TYPED,
} from "./values";

// What the fuzz test sends where: every route file of app/routes with the query parameters its loader reads and the
// form fields its action reads (each intent its own form, with valid values in all the other fields, so that the odd
// value gets as far as it can), for the roles that reach it. The test fails when a route file has no entry here, or
// when a route reads a parameter or field (`.get("…")`) that is not fuzzed.

/** The roles a request is sent as. `contributor` takes turns through several verified residents (each may write 30
 * contributions in 5 minutes); `author` is the resident who wrote the test's own proposal and comment. */
export type Role = "guest" | "resident" | "moderator" | "admin" | "council" | "contributor" | "author";

/** Ids of the demo data and of what the test creates before fuzzing (see the setup in routes.fuzz.ts). */
export interface Ids {
  /** The demo's open consultation (documents, categories, proposals). */
  open: string;
  /** The demo's closed consultation with a published result. */
  closed: string;
  /** The demo's draft: admins edit it, add categories and documents, publish it. */
  draft: string;
  /** A consultation the test created in the past and published: closed, without a result report yet. */
  toReport: string;
  category: string;
  /** A demo proposal of the open consultation, and one for moderation (hide/restore). */
  proposal: string;
  moderatedProposal: string;
  /** The author's own proposal and comment (for the edit routes). */
  ownProposal: string;
  ownComment: string;
  textDocument: string;
  fileDocument: string;
  section: string;
  /** A text document the test created in the draft (its edit form changes its sections). */
  ownTextDocument: string;
  /** The demo's hide decision (audit-log id) its author, the demo resident, objected to; default DEMO.hideDecision. */
  hideDecision?: string;
  /** The demo's open objection (to that decision, made by the demo moderator); default DEMO.objection. */
  objection?: string;
  /** An account the admins' forms suspend and lift: a demo resident nobody signs in as; default DEMO.account. */
  account?: string;
}

/**
 * Ids of the demo data that no page of the setup shows (db/seed.ts and db/seed-moderation.ts write them in this order
 * into a fresh database): the 40 demo residents follow the four demo logins (users 5…44); the moderation demo writes
 * eight reports and an auto-hide before the moderator's hide of the demo resident's comment (audit entry 9), and one
 * objection. A setup that reads them from the pages may set them in Ids instead. A wrong id makes these requests
 * end at "not found" (404): the parsing is fuzzed all the same, the decision's own path less deeply.
 */
export const DEMO = { hideDecision: "9", objection: "1", account: "5" } as const;

export type Encoding = "urlencoded" | "multipart";

export interface PageTarget {
  kind: "page";
  route: string;
  path: (ids: Ids) => string;
  /** Query parameters the loader reads; each gets the odd values while the others keep `base`. */
  params: string[];
  base?: Record<string, string>;
  /** Roles that get every value, and roles that get a few (the same page, other data or a refusal). */
  deep: Role[];
  shallow?: Role[];
  /** A slow page (many queries): fewer values. */
  heavy?: boolean;
  types?: Record<string, keyof typeof TYPED>;
}

export interface FormTarget {
  kind: "form";
  route: string;
  /** The intent or form, for the report. */
  form: string;
  path: (ids: Ids) => string;
  /** Valid values of the form; `{n}` is replaced by a number unique to the request. */
  base: (ids: Ids) => Record<string, string>;
  /** Files of a valid form (multipart only). */
  files?: Record<string, FilePart>;
  /** Fields fuzzed besides those of `base` (optional fields the valid form leaves out). */
  optional?: string[];
  /** Only these fields get odd values (a form that parses like another one, e.g. the preview). */
  only?: string[];
  /** "light": fewer values per field, for a form whose fields another target fuzzes fully. */
  depth?: "full" | "light";
  /** Fields that get fewer values (they parse like another field of the same form). */
  lightFields?: string[];
  deep: Role[];
  shallow?: Role[];
  encodings?: Encoding[];
  types?: Record<string, keyof typeof TYPED>;
  /** Counted per client address (login, registration): every request comes from another address. */
  perAddress?: boolean;
}

export type Target = PageTarget | FormTarget;

// A query string of 100 kB never reaches a route: Node answers 431 to a request head over 16 kB (or resets the
// connection while the client still sends). So query parameters get 8 kB, and each page one 100 kB query on its own.
const forQuery = (values: FuzzValue[]) => values.map((v) => (v === LONG ? LONG_QUERY : v === LONG_MULTIBYTE ? LONG_QUERY_MULTIBYTE : v));
/** Values for the query parameters of slow pages: the classes of ALL, one or two of each. */
export const HEAVY_VALUES: FuzzValue[] = forQuery([...SOME, CONSTRUCTOR, TO_STRING, TSQUERY]);
export const PAGE_VALUES: FuzzValue[] = forQuery(ALL);

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const day = 24 * 3600 * 1000;
/** A `datetime-local` value `days` from now. */
export const localDate = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 16);

export function consultationFields(opensInDays: number, closesInDays: number): Record<string, string> {
  return {
    title: "Fuzz-Beteiligung {n}",
    summary: "Eine Beteiligung, die der Fuzz-Test anlegt.",
    body: "## Worum geht es?\n\nUm den Fuzz-Test.",
    plainSummary: "Ein Test.",
    contactName: "Frau Test",
    contactOffice: "Testamt",
    contactEmail: "test@example.org",
    contactPhone: "06621 123-456",
    inputUse: "Niemand entscheidet.",
    opensAt: localDate(opensInDays),
    closesAt: localDate(closesInDays),
    centerLat: "50.5519",
    centerLng: "9.6759",
    zoom: "14",
    area: "",
    areaSouth: "50.53",
    areaWest: "9.64",
    areaNorth: "50.57",
    areaEast: "9.71",
  };
}
const consultationTypes = {
  opensAt: "date",
  closesAt: "date",
  centerLat: "number",
  centerLng: "number",
  zoom: "number",
  areaSouth: "number",
  areaWest: "number",
  areaNorth: "number",
  areaEast: "number",
  area: "json",
  contactEmail: "email",
} as const;

const proposalFields = (ids: Ids) => ({
  title: "Fuzz-Vorschlag {n}",
  categoryId: ids.category,
  body: "Ein Vorschlag aus dem Fuzz-Test mit genug Text.",
  lat: "50.5519",
  lng: "9.6759",
  placeDescription: "Am Rathaus",
  photoAlt: "",
  removePhoto: "",
});
const proposalTypes = { lat: "number", lng: "number" } as const;
const photo: FilePart = { filename: Buffer.from("foto.png"), type: "image/png", data: PNG };

const commentFields = { intent: "comment", body: "Ein Kommentar aus dem Fuzz-Test {n}.", parentId: "", target: "comment", page: "1" };
const reason = "Verstoß gegen die Netiquette, Regel 2.";

// Route file → what is sent there. Order matters where a target changes data that a later one needs: the edit
// routes come before moderation hides what they edit, and nothing removes what later targets use.
export const TARGETS: Record<string, Target[]> = {
  "_index.tsx": [
    { kind: "page", route: "/", path: () => "/", params: ["seite", "phase", "suche", "hinweis"], deep: ["guest"], shallow: ["admin"] },
  ],
  "$.tsx": [{ kind: "page", route: "/*", path: () => "/gibt-es-nicht", params: ["hinweis"], deep: ["guest"] }],
  "feed[.]atom.ts": [{ kind: "page", route: "/feed.atom", path: () => "/feed.atom", params: ["suche"], deep: ["guest"] }],
  "healthz.ts": [
    { kind: "page", route: "/healthz", path: () => "/healthz", params: ["x"], deep: ["guest"] },
    {
      kind: "form",
      route: "/healthz",
      form: "POST",
      path: () => "/healthz",
      base: () => ({}),
      optional: ["x"],
      deep: ["resident"],
      shallow: ["guest"],
    },
  ],
  "kacheln.$z.$x.$y.ts": [{ kind: "page", route: "/kacheln", path: () => "/kacheln/14/8580/5530.png", params: ["v"], deep: ["guest"] }],
  "ergebnisse._index.tsx": [
    { kind: "page", route: "/ergebnisse", path: () => "/ergebnisse", params: ["seite"], deep: ["guest"], shallow: ["council"] },
  ],
  "netiquette.tsx": [
    {
      kind: "page",
      route: "/netiquette",
      path: () => "/netiquette",
      params: ["beteiligung", "hinweis"],
      base: { beteiligung: "1" },
      deep: ["guest"],
      shallow: ["admin"],
    },
  ],
  "beteiligungen.$id._index.tsx": [
    {
      kind: "page",
      route: "/beteiligungen/:id",
      path: (ids) => `/beteiligungen/${ids.open}`,
      params: ["seite", "kategorie", "status", "suche", "sortierung", "hinweis"],
      deep: ["guest"],
      shallow: ["admin"],
      heavy: true,
    },
  ],
  "beteiligungen.$id.aehnliche.ts": [
    {
      kind: "page",
      route: "/beteiligungen/:id/aehnliche",
      path: (ids) => `/beteiligungen/${ids.open}/aehnliche`,
      params: ["titel"],
      deep: ["guest"],
      shallow: ["resident"],
    },
  ],
  "beteiligungen.$id.karte.ts": [
    {
      kind: "page",
      route: "/beteiligungen/:id/karte",
      path: (ids) => `/beteiligungen/${ids.open}/karte`,
      params: ["bbox", "zoom", "kategorie", "status", "suche"],
      base: { bbox: "50.5,9.6,50.6,9.8", zoom: "14" },
      types: { zoom: "number" },
      deep: ["guest"],
    },
  ],
  "beteiligungen.$id.export[.]geojson.ts": [
    {
      kind: "page",
      route: "/beteiligungen/:id/export.geojson",
      path: (ids) => `/beteiligungen/${ids.open}/export.geojson`,
      params: ["kategorie", "status", "suche"],
      deep: ["guest"],
      heavy: true,
    },
  ],
  "beteiligungen.$id.ergebnis._index.tsx": [
    {
      kind: "page",
      route: "/beteiligungen/:id/ergebnis",
      path: (ids) => `/beteiligungen/${ids.closed}/ergebnis`,
      params: ["hinweis"],
      deep: ["guest"],
      shallow: ["council"],
    },
  ],
  "beteiligungen.$id.ergebnis.bearbeiten.tsx": [
    {
      kind: "page",
      route: "/beteiligungen/:id/ergebnis/bearbeiten",
      path: (ids) => `/beteiligungen/${ids.toReport}/ergebnis/bearbeiten`,
      params: ["hinweis"],
      deep: ["moderator"],
    },
    {
      kind: "form",
      route: "/beteiligungen/:id/ergebnis/bearbeiten",
      form: "save",
      path: (ids) => `/beteiligungen/${ids.toReport}/ergebnis/bearbeiten`,
      base: () => ({ intent: "save", summary: "Die Zusammenfassung des Fuzz-Tests, lang genug." }),
      deep: ["moderator"],
      shallow: ["council", "resident", "guest"],
    },
  ],
  "beteiligungen.$id.vorschlag.tsx": [
    {
      kind: "page",
      route: "/beteiligungen/:id/vorschlag",
      path: (ids) => `/beteiligungen/${ids.open}/vorschlag`,
      params: ["hinweis"],
      deep: ["resident"],
      shallow: ["guest"],
    },
    {
      kind: "form",
      route: "/beteiligungen/:id/vorschlag",
      form: "new proposal",
      path: (ids) => `/beteiligungen/${ids.open}/vorschlag`,
      base: proposalFields,
      files: { photo },
      types: proposalTypes,
      encodings: ["urlencoded", "multipart"],
      deep: ["contributor"],
      shallow: ["council", "guest", "admin"],
    },
  ],
  "beteiligungen.$id.folgen.tsx": [
    {
      kind: "page",
      route: "/beteiligungen/:id/folgen",
      path: (ids) => `/beteiligungen/${ids.open}/folgen`,
      params: ["weiter"],
      deep: ["guest"],
    },
    {
      kind: "form",
      route: "/beteiligungen/:id/folgen",
      form: "follow",
      path: (ids) => `/beteiligungen/${ids.open}/folgen`,
      base: (ids) => ({ folgen: "1", weiter: `/beteiligungen/${ids.open}` }),
      types: { weiter: "redirect" },
      deep: ["resident"],
      shallow: ["guest", "council"],
    },
  ],
  "vorschlaege.$id._index.tsx": [
    {
      kind: "page",
      route: "/vorschlaege/:id",
      path: (ids) => `/vorschlaege/${ids.proposal}`,
      params: ["seite", "hinweis"],
      deep: ["guest"],
      shallow: ["moderator"],
    },
    {
      kind: "form",
      route: "/vorschlaege/:id",
      form: "vote",
      path: (ids) => `/vorschlaege/${ids.proposal}`,
      base: () => ({ intent: "vote", value: "1", target: "vote", _inplace: "1" }),
      deep: ["resident"],
      shallow: ["guest", "council"],
    },
    {
      kind: "form",
      route: "/vorschlaege/:id",
      form: "comment",
      path: (ids) => `/vorschlaege/${ids.proposal}`,
      base: () => commentFields,
      optional: ["_inplace"],
      encodings: ["urlencoded", "multipart"],
      deep: ["contributor"],
      shallow: ["guest", "council"],
    },
    {
      kind: "form",
      route: "/vorschlaege/:id",
      form: "delete-comment",
      depth: "light",
      path: (ids) => `/vorschlaege/${ids.proposal}`,
      base: () => ({ intent: "delete-comment", commentId: "999999999", page: "1" }),
      deep: ["resident"],
      shallow: ["guest"],
    },
  ],
  "vorschlaege.$id.bearbeiten.tsx": [
    {
      kind: "page",
      route: "/vorschlaege/:id/bearbeiten",
      path: (ids) => `/vorschlaege/${ids.ownProposal}/bearbeiten`,
      params: ["hinweis"],
      deep: ["author"],
      shallow: ["guest", "resident"],
    },
    {
      kind: "form",
      route: "/vorschlaege/:id/bearbeiten",
      form: "edit proposal",
      depth: "light",
      path: (ids) => `/vorschlaege/${ids.ownProposal}/bearbeiten`,
      base: proposalFields,
      files: { photo },
      types: proposalTypes,
      encodings: ["urlencoded", "multipart"],
      deep: ["author"],
      shallow: ["resident", "guest"],
    },
  ],
  "kommentare.$id.bearbeiten.tsx": [
    {
      kind: "page",
      route: "/kommentare/:id/bearbeiten",
      path: (ids) => `/kommentare/${ids.ownComment}/bearbeiten`,
      params: ["hinweis"],
      deep: ["author"],
      shallow: ["guest"],
    },
    {
      kind: "form",
      route: "/kommentare/:id/bearbeiten",
      form: "edit comment",
      path: (ids) => `/kommentare/${ids.ownComment}/bearbeiten`,
      base: () => ({ body: "Ein geänderter Kommentar {n}." }),
      encodings: ["urlencoded", "multipart"],
      deep: ["author"],
      shallow: ["resident", "guest"],
    },
  ],
  "vorschlaege.$id.folgen.tsx": [
    {
      kind: "page",
      route: "/vorschlaege/:id/folgen",
      path: (ids) => `/vorschlaege/${ids.proposal}/folgen`,
      params: ["weiter"],
      deep: ["guest"],
    },
    {
      kind: "form",
      route: "/vorschlaege/:id/folgen",
      form: "follow",
      depth: "light",
      path: (ids) => `/vorschlaege/${ids.proposal}/folgen`,
      base: (ids) => ({ folgen: "1", weiter: `/vorschlaege/${ids.proposal}` }),
      types: { weiter: "redirect" },
      deep: ["resident"],
      shallow: ["guest"],
    },
  ],
  "melden.tsx": [
    {
      kind: "page",
      route: "/melden",
      path: () => "/melden",
      params: ["typ", "id"],
      base: { typ: "vorschlag", id: "1" },
      deep: ["resident"],
      shallow: ["guest", "council"],
    },
    {
      // One resident reports the same proposal again and again (one row, updated); after 20 a day the answer is 429.
      kind: "form",
      route: "/melden",
      form: "flag",
      path: (ids) => `/melden?typ=vorschlag&id=${ids.proposal}`,
      base: () => ({ reason: "spam", note: "Bitte prüfen {n}." }),
      encodings: ["urlencoded", "multipart"],
      deep: ["resident"],
      shallow: ["guest", "council"],
    },
  ],
  "vorschlaege.$id.foto.ts": [
    { kind: "page", route: "/vorschlaege/:id/foto", path: (ids) => `/vorschlaege/${ids.ownProposal}/foto`, params: ["v"], deep: ["guest"] },
  ],
  "vorschlaege.$id.vorschau.ts": [
    {
      kind: "page",
      route: "/vorschlaege/:id/vorschau",
      path: (ids) => `/vorschlaege/${ids.proposal}/vorschau`,
      params: ["x"],
      deep: ["guest"],
    },
  ],
  "vorschlaege.$id.stellungnahme.tsx": [
    {
      kind: "page",
      route: "/vorschlaege/:id/stellungnahme",
      path: (ids) => `/vorschlaege/${ids.proposal}/stellungnahme`,
      params: ["hinweis"],
      deep: ["moderator"],
    },
    {
      kind: "form",
      route: "/vorschlaege/:id/stellungnahme",
      form: "answer",
      path: (ids) => `/vorschlaege/${ids.proposal}/stellungnahme`,
      base: () => ({ status: "under_review", body: "Wir prüfen den Vorschlag gründlich {n}." }),
      encodings: ["urlencoded", "multipart"],
      deep: ["moderator"],
      shallow: ["council", "resident", "guest"],
    },
  ],
  "abschnitte.$id.tsx": [
    {
      kind: "page",
      route: "/abschnitte/:id",
      path: (ids) => `/abschnitte/${ids.section}`,
      params: ["seite", "hinweis"],
      deep: ["guest"],
      shallow: ["resident"],
    },
    {
      kind: "form",
      route: "/abschnitte/:id",
      form: "comment",
      depth: "light",
      path: (ids) => `/abschnitte/${ids.section}`,
      base: () => commentFields,
      optional: ["_inplace"],
      encodings: ["urlencoded", "multipart"],
      deep: ["contributor"],
      shallow: ["guest", "council"],
    },
  ],
  "dokumente.$id._index.tsx": [
    {
      kind: "page",
      route: "/dokumente/:id",
      path: (ids) => `/dokumente/${ids.textDocument}`,
      params: ["hinweis"],
      deep: ["guest"],
      shallow: ["admin"],
    },
  ],
  "dokumente.$id.datei.ts": [
    { kind: "page", route: "/dokumente/:id/datei", path: (ids) => `/dokumente/${ids.fileDocument}/datei`, params: ["x"], deep: ["guest"] },
  ],
  "anmelden.tsx": [
    { kind: "page", route: "/anmelden", path: () => "/anmelden", params: ["weiter", "hinweis"], deep: ["guest"] },
    {
      kind: "form",
      route: "/anmelden",
      form: "login",
      depth: "light",
      path: () => "/anmelden",
      base: () => ({ email: "niemand-{n}@example.org", password: "Falsches-Passwort-1", weiter: "/" }),
      types: { email: "email", weiter: "redirect" },
      encodings: ["urlencoded", "multipart"],
      deep: ["guest"],
      perAddress: true,
    },
  ],
  "anmelden_.link.tsx": [
    { kind: "page", route: "/anmelden/link", path: () => "/anmelden/link", params: ["gesendet", "hinweis", "weiter"], deep: ["guest"] },
    {
      kind: "form",
      route: "/anmelden/link",
      form: "ask for a login link",
      path: () => "/anmelden/link",
      base: () => ({ email: "niemand-{n}@example.org", weiter: "/" }),
      types: { email: "email", weiter: "redirect" },
      deep: ["guest"],
      perAddress: true,
    },
  ],
  "anmelden_.link_.einloesen.tsx": [
    {
      kind: "page",
      route: "/anmelden/link/einloesen",
      path: () => "/anmelden/link/einloesen",
      params: ["token", "weiter"],
      deep: ["guest"],
    },
    {
      kind: "form",
      route: "/anmelden/link/einloesen",
      form: "log in with the link",
      path: () => "/anmelden/link/einloesen",
      base: () => ({ token: "abc", weiter: "/" }),
      types: { weiter: "redirect" },
      deep: ["guest"],
      perAddress: true,
    },
  ],
  "registrieren.tsx": [
    { kind: "page", route: "/registrieren", path: () => "/registrieren", params: ["hinweis"], deep: ["guest"] },
    {
      kind: "form",
      route: "/registrieren",
      form: "register",
      depth: "light",
      path: () => "/registrieren",
      base: () => ({ email: "fuzz-{n}@example.org", displayName: "Fuzz Person {n}", password: "Ein-Passwort-123" }),
      types: { email: "email" },
      encodings: ["urlencoded", "multipart"],
      deep: ["guest"],
      perAddress: true,
    },
  ],
  "bestaetigen.tsx": [
    { kind: "page", route: "/bestaetigen", path: () => "/bestaetigen", params: ["token"], deep: ["guest"] },
    {
      kind: "form",
      route: "/bestaetigen",
      form: "verify",
      path: () => "/bestaetigen",
      base: () => ({ token: "abc" }),
      deep: ["guest"],
      shallow: ["resident"],
    },
  ],
  "abbestellen.tsx": [
    { kind: "page", route: "/abbestellen", path: () => "/abbestellen", params: ["t"], deep: ["guest"] },
    {
      kind: "form",
      route: "/abbestellen",
      form: "unsubscribe",
      path: () => "/abbestellen",
      base: () => ({ t: "1.r.abc" }),
      optional: ["List-Unsubscribe"],
      encodings: ["urlencoded", "multipart"],
      deep: ["guest"],
    },
  ],
  "abmelden.tsx": [
    { kind: "page", route: "/abmelden", path: () => "/abmelden", params: ["x"], deep: ["guest"] },
    // Only as a guest: the roles' sessions are needed until the end.
    { kind: "form", route: "/abmelden", form: "logout", path: () => "/abmelden", base: () => ({}), optional: ["x"], deep: ["guest"] },
  ],
  "sprache.tsx": [
    { kind: "page", route: "/sprache", path: () => "/sprache", params: ["x"], deep: ["guest"] },
    {
      kind: "form",
      route: "/sprache",
      form: "language",
      path: () => "/sprache",
      base: () => ({ locale: "en", redirectTo: "/" }),
      types: { redirectTo: "redirect" },
      encodings: ["urlencoded", "multipart"],
      deep: ["guest"],
    },
  ],
  "konto.tsx": [
    { kind: "page", route: "/konto", path: () => "/konto", params: ["seite", "hinweis"], deep: ["resident"], shallow: ["guest"] },
    {
      kind: "form",
      route: "/konto",
      form: "replies",
      path: () => "/konto",
      base: () => ({ intent: "replies", value: "on" }),
      deep: ["resident"],
      shallow: ["guest"],
    },
  ],
  "moderation._index.tsx": [
    {
      kind: "page",
      route: "/moderation",
      path: () => "/moderation",
      params: ["ansicht", "beteiligung", "grund", "stand", "seite", "erledigt", "bereits", "abgelehnt"],
      base: { ansicht: "meldungen", stand: "offen" },
      deep: ["moderator"],
      shallow: ["resident", "guest"],
      heavy: true,
    },
    {
      // The queue's decision form. Its rule names no house rule of the consultation, so the valid form is refused
      // (400, nothing applied) and the item stays visible: every odd value gets as far as the rule's lookup.
      kind: "form",
      route: "/moderation",
      form: "decide (queue)",
      path: () => "/moderation?index",
      base: (ids) => ({ item: `proposal:${ids.moderatedProposal}:0`, decision: "hide", rule: "regel-99", reason }),
      optional: ["only"],
      deep: ["moderator"],
      shallow: ["resident", "council", "guest"],
    },
  ],
  "moderation.protokoll.tsx": [
    {
      kind: "page",
      route: "/moderation/protokoll",
      path: () => "/moderation/protokoll",
      params: ["wer", "aktion", "beteiligung", "seite"],
      deep: ["moderator"],
      shallow: ["resident", "guest"],
      heavy: true,
    },
  ],
  "moderation.stellungnahmen.tsx": [
    {
      kind: "page",
      route: "/moderation/stellungnahmen",
      path: () => "/moderation/stellungnahmen",
      params: ["beteiligung", "seite"],
      deep: ["moderator"],
      shallow: ["resident", "guest"],
    },
  ],
  "widerspruch.$id.tsx": [
    {
      kind: "page",
      route: "/widerspruch/:id",
      path: (ids) => `/widerspruch/${ids.hideDecision ?? DEMO.hideDecision}`,
      params: ["gesendet"],
      deep: ["author"],
      shallow: ["guest", "moderator"],
    },
    {
      // The demo resident objected already: the valid form is a 409 after its text is parsed.
      kind: "form",
      route: "/widerspruch/:id",
      form: "object",
      path: (ids) => `/widerspruch/${ids.hideDecision ?? DEMO.hideDecision}`,
      base: () => ({ body: "Mein Kommentar nennt niemanden, den man erkennen kann {n}." }),
      encodings: ["urlencoded", "multipart"],
      deep: ["author"],
      shallow: ["resident", "moderator", "guest"],
    },
  ],
  "moderation.widersprueche.tsx": [
    {
      kind: "page",
      route: "/moderation/widersprueche",
      path: () => "/moderation/widersprueche",
      params: ["zustand", "seite", "erledigt"],
      deep: ["moderator"],
      shallow: ["resident", "guest"],
    },
    {
      // The admin decides the demo's objection with the first valid form (the moderator made the contested decision and
      // may not); later ones are a 409 after parsing.
      kind: "form",
      route: "/moderation/widersprueche",
      form: "decide an objection",
      path: () => "/moderation/widersprueche",
      base: (ids) => ({
        objection: ids.objection ?? DEMO.objection,
        outcome: "upheld",
        reason: "Nach Prüfung bleibt es ausgeblendet {n}.",
      }),
      encodings: ["urlencoded", "multipart"],
      deep: ["admin"],
      shallow: ["moderator", "resident", "guest"],
    },
  ],
  "transparenz.tsx": [
    { kind: "page", route: "/transparenz", path: () => "/transparenz", params: ["seite"], deep: ["guest"], shallow: ["admin"] },
  ],
  "beteiligungen.$id.transparenz.tsx": [
    {
      kind: "page",
      route: "/beteiligungen/:id/transparenz",
      path: (ids) => `/beteiligungen/${ids.open}/transparenz`,
      params: ["x"],
      deep: ["guest"],
      shallow: ["admin"],
    },
  ],
  "verwaltung.$id_.moderation.tsx": [
    {
      kind: "page",
      route: "/verwaltung/:id/moderation",
      path: (ids) => `/verwaltung/${ids.draft}/moderation`,
      params: ["hinweis"],
      deep: ["admin"],
      shallow: ["moderator", "guest"],
    },
    {
      // On the draft, which nobody contributes to: pre-moderation there holds up no other target.
      kind: "form",
      route: "/verwaltung/:id/moderation",
      form: "settings",
      path: (ids) => `/verwaltung/${ids.draft}/moderation`,
      base: () => ({ autoHide: "on", autoHideThreshold: "5", premoderated: "on" }),
      types: { autoHideThreshold: "number" },
      encodings: ["urlencoded", "multipart"],
      deep: ["admin"],
      shallow: ["moderator", "resident", "guest"],
    },
  ],
  "verwaltung.konten._index.tsx": [
    {
      kind: "page",
      route: "/verwaltung/konten",
      path: () => "/verwaltung/konten",
      params: ["suche", "rolle", "zustand", "seite"],
      deep: ["admin"],
      shallow: ["moderator", "guest"],
      heavy: true,
    },
  ],
  "verwaltung.konten.$id.tsx": [
    {
      kind: "page",
      route: "/verwaltung/konten/:id",
      path: (ids) => `/verwaltung/konten/${ids.account ?? DEMO.account}`,
      params: ["seite", "hinweis"],
      deep: ["admin"],
      shallow: ["moderator", "guest"],
    },
    {
      kind: "form",
      route: "/verwaltung/konten/:id",
      form: "suspend",
      path: (ids) => `/verwaltung/konten/${ids.account ?? DEMO.account}`,
      base: () => ({
        intent: "suspend",
        duration: "date",
        until: localDate(10).slice(0, 10),
        reason: "Wiederholt beleidigende Beiträge {n}.",
      }),
      types: { until: "date" },
      encodings: ["urlencoded", "multipart"],
      deep: ["admin"],
      shallow: ["moderator", "resident", "guest"],
    },
    {
      kind: "form",
      route: "/verwaltung/konten/:id",
      form: "lift",
      depth: "light",
      path: (ids) => `/verwaltung/konten/${ids.account ?? DEMO.account}`,
      base: () => ({ intent: "lift", liftReason: "Die Sperre war ein Irrtum {n}." }),
      deep: ["admin"],
      shallow: ["moderator"],
    },
  ],
  "postausgang.tsx": [
    { kind: "page", route: "/postausgang", path: () => "/postausgang", params: ["seite"], deep: ["admin"], shallow: ["guest"] },
  ],
  "verwaltung._index.tsx": [
    { kind: "page", route: "/verwaltung", path: () => "/verwaltung", params: ["seite"], deep: ["admin"], shallow: ["moderator"] },
  ],
  "verwaltung.neu.tsx": [
    { kind: "page", route: "/verwaltung/neu", path: () => "/verwaltung/neu", params: ["hinweis"], deep: ["admin"] },
    {
      kind: "form",
      route: "/verwaltung/neu",
      form: "create",
      depth: "light",
      // The same schema as "update" below, which fuzzes every field.
      only: ["title", "opensAt", "centerLat", "area", "areaSouth", "areaFile"],
      path: () => "/verwaltung/neu",
      base: () => consultationFields(1, 29),
      optional: ["areaFile"],
      types: consultationTypes,
      encodings: ["urlencoded", "multipart"],
      deep: ["admin"],
      shallow: ["moderator", "guest"],
    },
    {
      kind: "form",
      route: "/verwaltung/neu",
      form: "preview",
      depth: "light",
      only: ["body", "plainSummary", "inputUse", "summary"],
      path: () => "/verwaltung/neu",
      base: () => ({ ...consultationFields(1, 29), intent: "preview" }),
      deep: ["admin"],
    },
  ],
  "verwaltung.netiquette.tsx": [
    {
      kind: "page",
      route: "/verwaltung/netiquette",
      path: () => "/verwaltung/netiquette",
      params: ["beteiligung", "hinweis"],
      deep: ["admin"],
      shallow: ["moderator", "guest"],
    },
    {
      kind: "form",
      route: "/verwaltung/netiquette",
      form: "save",
      path: () => "/verwaltung/netiquette",
      base: () => ({ intent: "save", body: "Unsere Regeln {n}:\n\n1. Respektvoll bleiben.\n2. Beim Thema bleiben." }),
      deep: ["admin"],
      shallow: ["moderator", "resident", "guest"],
    },
    {
      kind: "form",
      route: "/verwaltung/netiquette",
      form: "additions",
      path: (ids) => `/verwaltung/netiquette?beteiligung=${ids.open}`,
      base: () => ({ intent: "preview", body: "- Bitte den Straßenabschnitt nennen {n}." }),
      depth: "light",
      deep: ["admin"],
    },
  ],
  "verwaltung.vorschau.ts": [
    { kind: "page", route: "/verwaltung/vorschau", path: () => "/verwaltung/vorschau", params: ["x"], deep: ["admin"] },
    {
      kind: "form",
      route: "/verwaltung/vorschau",
      form: "preview",
      path: () => "/verwaltung/vorschau",
      base: () => ({ text: "# Vorschau\n\nText" }),
      encodings: ["urlencoded", "multipart"],
      deep: ["admin"],
      shallow: ["moderator"],
    },
  ],
  "verwaltung.dokumente.$id.tsx": [
    {
      kind: "page",
      route: "/verwaltung/dokumente/:id",
      path: (ids) => `/verwaltung/dokumente/${ids.ownTextDocument}`,
      params: ["hinweis"],
      deep: ["admin"],
    },
    {
      kind: "form",
      route: "/verwaltung/dokumente/:id",
      form: "edit text",
      path: (ids) => `/verwaltung/dokumente/${ids.ownTextDocument}`,
      base: () => ({ kind: "text", title: "Fuzz-Text", description: "", body: "# Abschnitt {n}\n\nText des Abschnitts." }),
      encodings: ["urlencoded", "multipart"],
      deep: ["admin"],
      shallow: ["moderator"],
    },
    {
      kind: "form",
      route: "/verwaltung/dokumente/:id",
      form: "edit file details",
      path: (ids) => `/verwaltung/dokumente/${ids.fileDocument}`,
      base: () => ({ title: "Plan {n}", description: "", accessibleSummary: "Ein Plan, in Worten beschrieben." }),
      deep: ["admin"],
    },
  ],
  "verwaltung.$id_.dokumente.text.tsx": [
    {
      kind: "page",
      route: "/verwaltung/:id/dokumente/text",
      path: (ids) => `/verwaltung/${ids.draft}/dokumente/text`,
      params: ["hinweis"],
      deep: ["admin"],
    },
    {
      kind: "form",
      route: "/verwaltung/:id/dokumente/text",
      form: "new text",
      depth: "light",
      path: (ids) => `/verwaltung/${ids.draft}/dokumente/text`,
      base: () => ({ title: "Fuzz-Text {n}", description: "", body: "# Abschnitt\n\nText des Abschnitts." }),
      encodings: ["urlencoded", "multipart"],
      deep: ["admin"],
      shallow: ["moderator"],
    },
  ],
  "verwaltung.$id_.dokumente._index.tsx": [
    {
      kind: "page",
      route: "/verwaltung/:id/dokumente",
      path: (ids) => `/verwaltung/${ids.draft}/dokumente`,
      params: ["hinweis"],
      deep: ["admin"],
    },
    {
      kind: "form",
      route: "/verwaltung/:id/dokumente",
      form: "upload",
      path: (ids) => `/verwaltung/${ids.draft}/dokumente`,
      base: () => ({ title: "Fuzz-Datei {n}", description: "", accessibleSummary: "Ein Bild, in Worten beschrieben." }),
      files: { file: { filename: Buffer.from("bild.png"), type: "image/png", data: PNG } },
      encodings: ["multipart"],
      deep: ["admin"],
      shallow: ["moderator"],
    },
    {
      kind: "form",
      route: "/verwaltung/:id/dokumente",
      form: "delete",
      path: (ids) => `/verwaltung/${ids.draft}/dokumente`,
      base: () => ({ intent: "delete", documentId: "999999999" }),
      deep: ["admin"],
    },
  ],
  "verwaltung.$id.tsx": [
    {
      kind: "page",
      route: "/verwaltung/:id",
      path: (ids) => `/verwaltung/${ids.draft}`,
      params: ["hinweis"],
      deep: ["admin"],
      shallow: ["moderator"],
    },
    {
      kind: "form",
      route: "/verwaltung/:id",
      form: "add-category",
      path: (ids) => `/verwaltung/${ids.draft}`,
      base: () => ({ intent: "add-category", name: "Kategorie {n}", color: "#1f6f8b" }),
      types: { color: "color" },
      deep: ["admin"],
      shallow: ["moderator"],
    },
    {
      kind: "form",
      route: "/verwaltung/:id",
      form: "remove-category",
      path: (ids) => `/verwaltung/${ids.draft}`,
      base: () => ({ intent: "remove-category", categoryId: "999999999" }),
      deep: ["admin"],
    },
    {
      kind: "form",
      route: "/verwaltung/:id",
      form: "update",
      // Fields that parse alike get fewer values: the text fields like title and body, the numbers like centerLat.
      lightFields: [
        "summary",
        "plainSummary",
        "contactName",
        "contactOffice",
        "contactPhone",
        "inputUse",
        "closesAt",
        "centerLng",
        "areaWest",
        "areaNorth",
        "areaEast",
      ],
      path: (ids) => `/verwaltung/${ids.draft}`,
      base: () => consultationFields(1, 29),
      optional: ["intent", "areaFile"],
      types: consultationTypes,
      encodings: ["urlencoded", "multipart"],
      deep: ["admin"],
      shallow: ["moderator", "guest"],
    },
    {
      kind: "form",
      route: "/verwaltung/:id",
      form: "preview",
      depth: "light",
      only: ["body", "plainSummary", "inputUse", "summary"],
      path: (ids) => `/verwaltung/${ids.draft}`,
      base: () => ({ ...consultationFields(1, 29), intent: "preview" }),
      deep: ["admin"],
    },
    // Publishes the draft at its first valid request; the targets above use it as a draft.
    {
      kind: "form",
      route: "/verwaltung/:id",
      form: "publish",
      path: (ids) => `/verwaltung/${ids.draft}`,
      base: () => ({ intent: "publish" }),
      deep: ["admin"],
    },
  ],
  // Moderation last: it could hide what the edit routes above need visible. The inline forms (ModerationForm) send the
  // house rule, the reason and the item's version the moderator saw (`seen`, "0" while no decision was made). Their
  // rule names no rule of the consultation, so the valid form is refused (400) and the item stays visible: every odd
  // value gets as far as the rule's lookup, and no later target finds the item hidden.
  "vorschlaege.$id._index.tsx#moderation": [
    {
      kind: "form",
      route: "/vorschlaege/:id",
      form: "hide proposal",
      path: (ids) => `/vorschlaege/${ids.moderatedProposal}`,
      base: (ids) => ({
        intent: "hide",
        target: "moderation",
        targetType: "proposal",
        targetId: ids.moderatedProposal,
        rule: "regel-99",
        reason,
        seen: "0",
      }),
      optional: ["page"],
      deep: ["moderator"],
      shallow: ["resident", "guest"],
    },
    {
      // The photo of the author's proposal (the edit target above may have given it one), decided on its own.
      kind: "form",
      route: "/vorschlaege/:id",
      form: "hide photo",
      depth: "light",
      path: (ids) => `/vorschlaege/${ids.ownProposal}`,
      base: (ids) => ({
        intent: "hide",
        target: "moderation",
        targetType: "photo",
        targetId: ids.ownProposal,
        rule: "regel-99",
        reason,
        seen: "0",
      }),
      deep: ["moderator"],
      shallow: ["resident"],
    },
    {
      kind: "form",
      route: "/vorschlaege/:id",
      form: "restore comment",
      depth: "light",
      path: (ids) => `/vorschlaege/${ids.ownProposal}`,
      base: (ids) => ({ intent: "restore", target: "moderation", targetType: "comment", targetId: ids.ownComment, reason, seen: "0" }),
      deep: ["moderator"],
      shallow: ["admin", "resident"],
    },
  ],
};

/** The route file a TARGETS key belongs to. */
export const routeFileOf = (key: string) => key.split("#")[0];

export function typedValues(kind: keyof typeof TYPED | undefined): FuzzValue[] {
  return kind ? TYPED[kind] : [];
}
