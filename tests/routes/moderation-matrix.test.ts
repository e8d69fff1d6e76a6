import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, callRoute } from "../setup/routes";
import { photoBytes } from "../setup/photos";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { suspendAccount } from "~/domain/accounts/suspension.server";
import { addComment, addSectionComment } from "~/domain/comments/comments.server";
import { addTextDocument } from "~/domain/documents/documents.server";
import { storeFile } from "~/domain/files/files.server";
import type { ContributionRef } from "~/domain/moderation/contributions";
import { decide, latestDecisionId } from "~/domain/moderation/decisions.server";
import { reportContribution } from "~/domain/moderation/flags.server";
import { objectToDecision } from "~/domain/moderation/objections.server";
import type { DB } from "~/lib/db.server";

// The authorization matrix of moderation (issue 9): every mutating route of moderation × every kind of person, from
// ONE table (ROWS). Each row says how to build a valid request for a fresh scenario (so that only who asks decides)
// and what each persona gets: "allowed" (2xx/3xx and the change happened), "login" (sent to the login page), or the
// refusal's status — and then nothing was written. A coverage test finds every route module whose action belongs to
// moderation and fails naming any that has no row here.

const t = useTestDatabase();

const ROUTES_DIR = path.resolve("app/routes");
const LIB_DIR = path.resolve("app/lib");

// ——— Personas ———

/**
 * guest: no cookie. unconfirmed: a resident whose address is not confirmed. resident: a confirmed resident with nothing
 * to do with the item. author: the author of the item concerned (a row may make the moderator or the suspended
 * resident the author; then "author" is that same account). On the admin pages, which are about no contribution,
 * "author" is the resident whose proposal the scenario holds — and on the account page the account concerned.
 * council, moderator, admin: their roles. suspended: a resident suspended by an admin until next week (the real
 * suspension intent). suspendedModerator: a moderator suspended the same way (a suspended moderator cannot moderate).
 */
const PERSONAS = [
  "guest",
  "unconfirmed",
  "resident",
  "author",
  "council",
  "moderator",
  "admin",
  "suspended",
  "suspendedModerator",
] as const;
type PersonaName = (typeof PERSONAS)[number];

type Outcome = "allowed" | "login" | 401 | 403 | 404 | 409;
type Expected = Record<PersonaName, Outcome>;

type Person = { user: CurrentUser; cookie: string };

// ——— The scenario every cell starts from ———

interface Scenario {
  db: DB;
  /** Sets the scenario up (creates the consultation, suspends the suspended personas); not a persona. */
  setupAdmin: CurrentUser;
  /** A third moderator who makes the scenario's hide decisions, so the "moderator" persona may decide objections. */
  hider: CurrentUser;
  /** A resident who reports the items that need open reports. */
  reporter: CurrentUser;
  people: Record<Exclude<PersonaName, "guest">, Person>;
  consultation: string;
  proposal: string;
  /** A comment on the proposal, or one on a document's section, by the item's author ("" when the row needs none). */
  comment: string;
  section: string;
  sectionComment: string;
  /** The item the row is about. */
  ref: ContributionRef;
  /** Set by a row's prepare: the hide decision contested, the objection. */
  decisionId?: string;
  objectionId?: string;
}

type ItemKind = "proposal" | "photo" | "comment" | "sectionComment";

interface Row {
  /** The file in app/routes. */
  route: string;
  /** What is done: the intent of the form, or the action's one purpose. */
  intent: string;
  /** The item concerned (default: the proposal). */
  item?: ItemKind;
  /** Who wrote the item (default: the author persona). */
  itemBy?: "author" | "moderator" | "suspended";
  /** Puts the scenario into the state the action needs (hidden, reported, objected, …). */
  prepare?: (s: Scenario) => Promise<void>;
  /** The request: path, route params and the form's fields (valid input). */
  request: (s: Scenario) => Promise<{ path: string; params?: Record<string, string>; form: Record<string, string> }>;
  expected: Expected;
  /** What "allowed" changed (asserted after an allowed request). */
  changed: (s: Scenario, response: Response) => Promise<void>;
  /** An allowed request that writes nothing (a preview): the snapshot stays the same also then. */
  writesNothing?: boolean;
}

// ——— Common columns (each row spells out its own expectation from these) ———

/** Moderators and admins, not while suspended; a guest is asked to sign in (requirePermission). */
const MODERATORS: Expected = {
  guest: 401,
  unconfirmed: 403,
  resident: 403,
  author: 403,
  council: 403,
  moderator: "allowed",
  admin: "allowed",
  suspended: 403,
  suspendedModerator: 403,
};
/** The inline forms on an item's page: the page is public, so a guest gets decide()'s "forbidden" (403), not 401. */
const INLINE: Expected = { ...MODERATORS, guest: 403 };
/** Admin pages: admins only. */
const ADMINS: Expected = { ...MODERATORS, moderator: 403 };
/** Reporting: confirmed residents and staff, not their own item, not while suspended, not the council (read only). */
const REPORTERS: Expected = {
  guest: 401,
  unconfirmed: 403,
  resident: "allowed",
  author: 403,
  council: 403,
  moderator: "allowed",
  admin: "allowed",
  suspended: 403,
  suspendedModerator: 403,
};
/** Objecting: only the item's author; for everybody else the decision does not exist; a guest signs in first. */
const AUTHOR_ONLY: Expected = {
  guest: "login",
  unconfirmed: 404,
  resident: 404,
  author: "allowed",
  council: 404,
  moderator: 404,
  admin: 404,
  suspended: 404,
  suspendedModerator: 404,
};

// ——— Helpers for rows ———

const REASON = "Verstößt gegen die Netiquette";
const OBJECTION = "Mein Beitrag verstößt gegen keine Regel der Netiquette.";

const row = async <T>(table: "proposals" | "comments" | "objections" | "flags" | "users" | "consultations", id: string) =>
  (await t.db
    .selectFrom(table as "proposals")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow()) as T;

/** The item's own hidden state (a photo's photo_hidden_*). */
async function hiddenKindOf(ref: ContributionRef): Promise<string | null> {
  if (ref.type === "comment") return (await row<{ hidden_kind: string | null }>("comments", ref.id)).hidden_kind;
  const p = await row<{ hidden_kind: string | null; photo_hidden_kind: string | null }>("proposals", ref.id);
  return ref.type === "photo" ? p.photo_hidden_kind : p.hidden_kind;
}

const expectHiddenKind = async (s: Scenario, kind: string | null) => expect(await hiddenKindOf(s.ref)).toBe(kind);

/** The hider hides the item (a person's decision, rule 1). */
async function hiddenByHider(s: Scenario, hider: CurrentUser = s.hider) {
  const result = await decide(s.db, hider, s.ref, {
    decision: "hide",
    rule: "regel-1",
    reason: REASON,
    seen: await latestDecisionId(s.db, s.ref),
  });
  if (!result.ok) throw new Error(`hide: ${result.reason}`);
  s.decisionId = result.decisionId;
}

/** The item waits for approval (pre-moderation), as the create path stores it. */
async function waiting(s: Scenario) {
  const table = s.ref.type === "comment" ? "comments" : "proposals";
  const columns =
    s.ref.type === "photo"
      ? { photo_hidden_at: sql`now()`, photo_hidden_kind: "review" }
      : { hidden_at: sql`now()`, hidden_kind: "review" };
  await s.db
    .updateTable(table)
    .set(columns as never)
    .where("id", "=", s.ref.id)
    .execute();
}

async function reported(s: Scenario) {
  const result = await reportContribution(s.db, s.reporter, s.ref, { reason: "insult", note: "" });
  if (!result.ok) throw new Error(`report: ${result.reason}`);
}

/** The item hidden by `hider`, and its author's objection to that. */
async function objected(s: Scenario, hider?: CurrentUser) {
  await hiddenByHider(s, hider);
  const author = await authorOf(s);
  const result = await objectToDecision(s.db, author, s.decisionId!, { body: OBJECTION });
  if (!result.ok) throw new Error(`objection: ${result.reason}`);
  s.objectionId = result.objectionId;
}

async function authorOf(s: Scenario): Promise<CurrentUser> {
  const table = s.ref.type === "comment" ? "comments" : "proposals";
  const { author_id } = await row<{ author_id: string }>(table, s.ref.id);
  const person = Object.values(s.people).find((p) => p.user.id === String(author_id));
  if (!person) throw new Error("the item's author is no persona");
  // Read again: a suspension made after the account was created.
  const u = await row<{ suspended_until: Date | null; suspension_reason: string | null }>("users", person.user.id);
  return { ...person.user, suspendedUntil: u.suspended_until?.toISOString() ?? null, suspensionReason: u.suspension_reason };
}

const flagOf = async (s: Scenario) =>
  s.db.selectFrom("flags").selectAll().where("contribution_type", "=", s.ref.type).where("contribution_id", "=", s.ref.id).execute();

const slug = { proposal: "vorschlag", comment: "kommentar", photo: "foto" } as const;
const queueItem = async (s: Scenario) => `${s.ref.type}:${s.ref.id}:${await latestDecisionId(s.db, s.ref)}`;

/** The inline form of an item's page (ModerationForm): intent, target, the version seen, rule and reason. */
async function inlineForm(s: Scenario, decision: "hide" | "restore" | "approve") {
  const form: Record<string, string> = {
    intent: decision,
    target: `moderate-${s.ref.type}-${s.ref.id}-${decision}`,
    targetType: s.ref.type,
    targetId: s.ref.id,
    seen: await latestDecisionId(s.db, s.ref),
  };
  if (decision === "hide") form.rule = "regel-1";
  if (decision !== "approve") form.reason = REASON;
  return form;
}

const onProposalPage = (decision: "hide" | "restore" | "approve") => async (s: Scenario) => ({
  path: `/vorschlaege/${s.proposal}`,
  params: { id: s.proposal },
  form: await inlineForm(s, decision),
});
const onSectionPage = (decision: "hide" | "restore" | "approve") => async (s: Scenario) => ({
  path: `/abschnitte/${s.section}`,
  params: { id: s.section },
  form: await inlineForm(s, decision),
});

const report = async (s: Scenario) => ({
  path: `/melden?typ=${slug[s.ref.type]}&id=${s.ref.id}`,
  form: { reason: "spam", note: "Werbung" },
});
const reportStored = async (s: Scenario) => {
  expect((await flagOf(s)).filter((f) => f.reason === "spam")).toHaveLength(1);
};

const queueDecision = (decision: "hide" | "dismiss" | "restore" | "approve") => async (s: Scenario) => {
  const form: Record<string, string> = { only: await queueItem(s), decision };
  if (decision === "hide") form.rule = "regel-1";
  if (decision === "hide" || decision === "restore") form.reason = REASON;
  return { path: "/moderation?index", form };
};

const objectionDecision = (outcome: "upheld" | "restored") => async (s: Scenario) => ({
  path: "/moderation/widersprueche",
  form: { objection: s.objectionId!, outcome, reason: "Nach erneuter Prüfung entschieden" },
});
const objectionDecided = (outcome: "upheld" | "restored") => async (s: Scenario) => {
  expect((await row<{ outcome: string | null }>("objections", s.objectionId!)).outcome).toBe(outcome);
  await expectHiddenKind(s, outcome === "restored" ? null : "decision");
};

const object = async (s: Scenario) => ({ path: `/widerspruch/${s.decisionId}`, params: { id: s.decisionId! }, form: { body: OBJECTION } });
const objectionStored = async (s: Scenario) => {
  const rows = await s.db.selectFrom("objections").select(["decision_id", "body"]).execute();
  expect(rows).toEqual([{ decision_id: s.decisionId, body: OBJECTION }]);
};

const houseRulesBody = "Unsere Regeln:\n\n1. Freundlich bleiben.\n2. Beim Thema bleiben.";
const additionsBody = "1. Nur Vorschläge für den Stadtpark.";

const suspended = async (s: Scenario, id: string) => (await row<{ suspended_until: Date | null }>("users", id)).suspended_until;

// ——— THE TABLE: one row per (route, intent) ———

const ROWS: Row[] = [
  // Reporting (Meldung): melden.tsx
  { route: "melden.tsx", intent: "report a proposal", request: report, expected: REPORTERS, changed: reportStored },
  { route: "melden.tsx", intent: "report a comment", item: "comment", request: report, expected: REPORTERS, changed: reportStored },
  { route: "melden.tsx", intent: "report a photo", item: "photo", request: report, expected: REPORTERS, changed: reportStored },

  // The queue's decisions: moderation._index.tsx
  {
    route: "moderation._index.tsx",
    intent: "decision hide (reported proposal)",
    prepare: reported,
    request: queueDecision("hide"),
    expected: MODERATORS,
    changed: (s) => expectHiddenKind(s, "decision"),
  },
  {
    route: "moderation._index.tsx",
    intent: "decision hide (the moderator's own proposal)",
    itemBy: "moderator",
    prepare: reported,
    request: queueDecision("hide"),
    // Never about one's own content: the moderator (here also the author) is refused, the admin may.
    expected: { ...MODERATORS, moderator: 403, author: 403 },
    changed: (s) => expectHiddenKind(s, "decision"),
  },
  {
    route: "moderation._index.tsx",
    intent: "decision dismiss",
    item: "comment",
    prepare: reported,
    request: queueDecision("dismiss"),
    expected: MODERATORS,
    changed: async (s) => {
      expect((await flagOf(s)).map((f) => f.decision)).toEqual(["dismissed"]);
      await expectHiddenKind(s, null);
    },
  },
  {
    route: "moderation._index.tsx",
    intent: "decision restore",
    prepare: (s) => hiddenByHider(s),
    request: queueDecision("restore"),
    expected: MODERATORS,
    changed: (s) => expectHiddenKind(s, null),
  },
  {
    route: "moderation._index.tsx",
    intent: "decision approve",
    item: "comment",
    prepare: waiting,
    request: queueDecision("approve"),
    expected: MODERATORS,
    changed: (s) => expectHiddenKind(s, null),
  },

  // Deciding objections: moderation.widersprueche.tsx (the contested decision was made by a third moderator)
  {
    route: "moderation.widersprueche.tsx",
    intent: "decide an objection: upheld",
    prepare: (s) => objected(s),
    request: objectionDecision("upheld"),
    expected: MODERATORS,
    changed: objectionDecided("upheld"),
  },
  {
    route: "moderation.widersprueche.tsx",
    intent: "decide an objection: restored",
    item: "comment",
    prepare: (s) => objected(s),
    request: objectionDecision("restored"),
    expected: MODERATORS,
    changed: objectionDecided("restored"),
  },
  {
    route: "moderation.widersprueche.tsx",
    intent: "decide an objection to the moderator's own decision",
    prepare: (s) => objected(s, s.people.moderator.user),
    request: objectionDecision("restored"),
    // Someone else decides: the moderator who hid it is refused (own_decision), the admin may.
    expected: { ...MODERATORS, moderator: 403 },
    changed: objectionDecided("restored"),
  },
  {
    route: "moderation.widersprueche.tsx",
    intent: "decide an objection about the moderator's own item",
    itemBy: "moderator",
    prepare: (s) => objected(s),
    request: objectionDecision("restored"),
    expected: { ...MODERATORS, moderator: 403, author: 403 },
    changed: objectionDecided("restored"),
  },

  // Objecting: widerspruch.$id.tsx
  {
    route: "widerspruch.$id.tsx",
    intent: "object to a hide decision",
    prepare: (s) => hiddenByHider(s),
    request: object,
    expected: AUTHOR_ONLY,
    changed: objectionStored,
  },
  {
    route: "widerspruch.$id.tsx",
    intent: "object, the author being suspended",
    item: "photo",
    itemBy: "suspended",
    prepare: (s) => hiddenByHider(s),
    request: object,
    // A suspension does not take the right to object: the suspended author (the same account) may.
    expected: { ...AUTHOR_ONLY, suspended: "allowed" },
    changed: objectionStored,
  },

  // House rules: verwaltung.netiquette.tsx
  {
    route: "verwaltung.netiquette.tsx",
    intent: "save the platform's rules",
    request: async () => ({ path: "/verwaltung/netiquette", form: { intent: "save", body: houseRulesBody } }),
    expected: ADMINS,
    changed: async (s) => {
      const rows = await s.db.selectFrom("house_rules").select(["consultation_id", "body_md"]).execute();
      expect(rows).toEqual([{ consultation_id: null, body_md: houseRulesBody }]);
    },
  },
  {
    route: "verwaltung.netiquette.tsx",
    intent: "preview the platform's rules",
    request: async () => ({ path: "/verwaltung/netiquette", form: { intent: "preview", body: houseRulesBody } }),
    expected: ADMINS,
    writesNothing: true,
    changed: async (_s, response) => {
      expect(response.status).toBe(200);
      expect((await bodyOf<{ preview: string }>(response)).preview).toContain("Freundlich bleiben.");
    },
  },
  {
    route: "verwaltung.netiquette.tsx",
    intent: "save a consultation's additions",
    request: async (s) => ({ path: `/verwaltung/netiquette?beteiligung=${s.consultation}`, form: { intent: "save", body: additionsBody } }),
    expected: ADMINS,
    changed: async (s) => {
      const rows = await s.db.selectFrom("house_rules").select(["consultation_id", "body_md"]).execute();
      expect(rows).toEqual([{ consultation_id: s.consultation, body_md: additionsBody }]);
    },
  },

  // A consultation's moderation settings: verwaltung.$id_.moderation.tsx
  {
    route: "verwaltung.$id_.moderation.tsx",
    intent: "save auto-hide and pre-moderation",
    request: async (s) => ({
      path: `/verwaltung/${s.consultation}/moderation`,
      params: { id: s.consultation },
      form: { autoHide: "on", autoHideThreshold: "3", premoderated: "on" },
    }),
    expected: ADMINS,
    changed: async (s) => {
      expect(await row("consultations", s.consultation)).toMatchObject({ auto_hide_threshold: 3, premoderated: true });
    },
  },

  // Suspension: verwaltung.konten.$id.tsx (the account concerned is the author persona)
  {
    route: "verwaltung.konten.$id.tsx",
    intent: "suspend",
    request: async (s) => ({
      path: `/verwaltung/konten/${s.people.author.user.id}`,
      params: { id: s.people.author.user.id },
      form: { intent: "suspend", duration: "7", reason: "Wiederholt beleidigende Beiträge" },
    }),
    expected: ADMINS,
    changed: async (s) => {
      expect(await suspended(s, s.people.author.user.id)).not.toBeNull();
    },
  },
  {
    route: "verwaltung.konten.$id.tsx",
    intent: "lift",
    prepare: async (s) => {
      const result = await suspendAccount(s.db, s.setupAdmin, s.people.author.user.id, {
        until: nextWeek(),
        reason: "Beleidigende Beiträge",
      });
      if (!result.ok) throw new Error(result.reason);
    },
    request: async (s) => ({
      path: `/verwaltung/konten/${s.people.author.user.id}`,
      params: { id: s.people.author.user.id },
      form: { intent: "lift", liftReason: "Die Sperre war ein Irrtum." },
    }),
    // The author is suspended here: lifting one's own suspension is no more allowed than any other (403).
    expected: ADMINS,
    changed: async (s) => {
      expect(await suspended(s, s.people.author.user.id)).toBeNull();
    },
  },

  // Inline decisions on a proposal's page: vorschlaege.$id._index.tsx (targetType proposal, photo, comment)
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "hide, targetType proposal",
    request: onProposalPage("hide"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, "decision"),
  },
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "hide, targetType proposal (the moderator's own)",
    itemBy: "moderator",
    request: onProposalPage("hide"),
    expected: { ...INLINE, moderator: 403, author: 403 },
    changed: (s) => expectHiddenKind(s, "decision"),
  },
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "restore, targetType proposal",
    prepare: (s) => hiddenByHider(s),
    request: onProposalPage("restore"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, null),
  },
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "approve, targetType proposal",
    prepare: waiting,
    request: onProposalPage("approve"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, null),
  },
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "hide, targetType photo",
    item: "photo",
    request: onProposalPage("hide"),
    expected: INLINE,
    changed: async (s) => {
      await expectHiddenKind(s, "decision");
      expect((await row<{ hidden_at: Date | null }>("proposals", s.proposal)).hidden_at).toBeNull();
    },
  },
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "restore, targetType photo",
    item: "photo",
    prepare: (s) => hiddenByHider(s),
    request: onProposalPage("restore"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, null),
  },
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "hide, targetType comment",
    item: "comment",
    request: onProposalPage("hide"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, "decision"),
  },
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "restore, targetType comment",
    item: "comment",
    prepare: (s) => hiddenByHider(s),
    request: onProposalPage("restore"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, null),
  },
  {
    route: "vorschlaege.$id._index.tsx",
    intent: "approve, targetType comment",
    item: "comment",
    prepare: waiting,
    request: onProposalPage("approve"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, null),
  },

  // Inline decisions on a document section's page: abschnitte.$id.tsx (comments)
  {
    route: "abschnitte.$id.tsx",
    intent: "hide, targetType comment",
    item: "sectionComment",
    request: onSectionPage("hide"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, "decision"),
  },
  {
    route: "abschnitte.$id.tsx",
    intent: "restore, targetType comment",
    item: "sectionComment",
    prepare: (s) => hiddenByHider(s),
    request: onSectionPage("restore"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, null),
  },
  {
    route: "abschnitte.$id.tsx",
    intent: "approve, targetType comment",
    item: "sectionComment",
    prepare: waiting,
    request: onSectionPage("approve"),
    expected: INLINE,
    changed: (s) => expectHiddenKind(s, null),
  },
];

// ——— Building a scenario ———

const DAY = 24 * 3600 * 1000;
const nextWeek = () => new Date(Date.now() + 7 * DAY);

async function person(role: Role, opts: { verified?: boolean } = {}): Promise<Person> {
  const user = await createUser(t.db, { role, ...opts });
  return { user, cookie: await sessionCookieFor(t.db, user) };
}

async function scenario(r: Row): Promise<Scenario> {
  const db = t.db;
  const setupAdmin = await createUser(db, { role: "admin" });
  const hider = await createUser(db, { role: "moderator" });
  const reporter = await createUser(db);
  const people = {
    unconfirmed: await person("resident", { verified: false }),
    resident: await person("resident"),
    author: await person("resident"),
    council: await person("council"),
    moderator: await person("moderator"),
    admin: await person("admin"),
    suspended: await person("resident"),
    suspendedModerator: await person("moderator"),
  };
  if (r.itemBy === "moderator") people.author = people.moderator;
  if (r.itemBy === "suspended") people.author = people.suspended;
  const author = people.author.user;

  // Only what the row's item needs: a photo, a comment on the proposal, a comment on a document's section.
  const item = r.item ?? "proposal";
  const consultation = await createConsultation(db, setupAdmin);
  const proposal = await createProposal(db, consultation, author, "Mehr Bänke am Fluss");
  let comment = "";
  let section = "";
  let sectionComment = "";
  if (item === "photo") {
    const fileId = await storeFile(db, author.id, { bytes: await photoBytes("png"), mediaType: "image/png", originalName: "bank.png" });
    await db.updateTable("proposals").set({ photo_file_id: fileId, photo_alt: "Eine alte Bank" }).where("id", "=", proposal).execute();
  }
  if (item === "comment") {
    const written = await addComment(db, author, proposal, { body: "Die Bänke bitte aus Holz.", parentId: null });
    if (!written.ok) throw new Error(`comment: ${written.reason}`);
    comment = written.id;
  }
  if (item === "sectionComment") {
    const doc = await addTextDocument(db, setupAdmin, consultation, { title: "Rahmenplan", description: "", body: "# Ziele\nMehr Grün." });
    if (!doc.ok) throw new Error(`document: ${doc.reason}`);
    section = (await db.selectFrom("document_sections").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow()).id;
    const written = await addSectionComment(db, author, section, { body: "Zum Abschnitt: mehr Bäume.", parentId: null });
    if (!written.ok) throw new Error(`section comment: ${written.reason}`);
    sectionComment = written.id;
  }

  // Suspended after writing (a suspended account writes nothing), by the real intent.
  for (const p of [people.suspended, people.suspendedModerator]) {
    const result = await suspendAccount(db, setupAdmin, p.user.id, { until: nextWeek(), reason: "Wiederholt beleidigende Beiträge" });
    if (!result.ok) throw new Error(`suspend: ${result.reason}`);
  }

  const ref: ContributionRef =
    item === "photo"
      ? { type: "photo", id: proposal }
      : item === "comment"
        ? { type: "comment", id: comment }
        : item === "sectionComment"
          ? { type: "comment", id: sectionComment }
          : { type: "proposal", id: proposal };
  return { db, setupAdmin, hider, reporter, people, consultation, proposal, comment, section, sectionComment, ref };
}

/** Everything a moderation action could write, to compare before and after. */
async function snapshot(db: DB) {
  const count = async (table: "audit_log" | "mail_outbox" | "rate_limit_events") =>
    (
      await db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    audit: await count("audit_log"),
    mails: await count("mail_outbox"),
    rateLimitEvents: await count("rate_limit_events"),
    flags: await db.selectFrom("flags").select(["id", "reason", "note", "decided_at", "decision"]).orderBy("id").execute(),
    objections: await db.selectFrom("objections").select(["id", "body", "outcome", "decided_by"]).orderBy("id").execute(),
    proposals: await db
      .selectFrom("proposals")
      .select(["id", "hidden_at", "hidden_kind", "hidden_rule", "hidden_reason", "photo_hidden_at", "photo_hidden_kind"])
      .orderBy("id")
      .execute(),
    comments: await db
      .selectFrom("comments")
      .select(["id", "hidden_at", "hidden_kind", "hidden_rule", "hidden_reason"])
      .orderBy("id")
      .execute(),
    consultations: await db.selectFrom("consultations").select(["id", "auto_hide_threshold", "premoderated"]).orderBy("id").execute(),
    houseRules: await db.selectFrom("house_rules").select(["id", "consultation_id", "body_md", "updated_at"]).orderBy("id").execute(),
    users: await db.selectFrom("users").select(["id", "suspended_until", "suspension_reason"]).orderBy("id").execute(),
  };
}

const isRedirect = (status: number) => status >= 300 && status < 400;

// ——— The cells, generated from the table ———

const routeNames = new Set(ROWS.map((r) => r.route));
const cells = ROWS.length * PERSONAS.length;
console.log(
  `moderation matrix: ${routeNames.size} routes × ${ROWS.length} (route, intent) rows × ${PERSONAS.length} personas = ${cells} cells`,
);

describe.each(ROWS.map((r) => [`${r.route} — ${r.intent}`, r] as const))("%s", (_name, r) => {
  it.each(PERSONAS.map((p) => [p, r.expected[p]] as const))("%s → %s", async (persona, expected) => {
    const s = await scenario(r);
    await r.prepare?.(s);
    const request = await r.request(s);
    const route = (await import(path.join(ROUTES_DIR, r.route))) as { action: Parameters<typeof callRoute>[1] };
    const before = await snapshot(s.db);
    const cookie = persona === "guest" ? undefined : s.people[persona].cookie;
    const response = await callRoute(s.db, route.action, request.path, { params: request.params, form: request.form, cookie });
    const after = await snapshot(s.db);
    const answer = `${response.status} ${isRedirect(response.status) ? response.headers.get("Location") : (await response.clone().text()).slice(0, 200)}`;

    if (expected === "allowed") {
      expect(response.status < 400, `allowed, got ${answer}`).toBe(true);
      if (r.writesNothing) expect(after).toEqual(before);
      else expect(after, "an allowed action changes something").not.toEqual(before);
      await r.changed(s, response);
      return;
    }
    if (expected === "login") {
      expect(isRedirect(response.status), `sent to the login, got ${answer}`).toBe(true);
      expect(response.headers.get("Location")).toMatch(/^\/anmelden\?weiter=/);
    } else {
      expect(response.status, `refused with ${expected}, got ${answer}`).toBe(expected);
      // A refusal names its reason (a form's formError or an error page's reason), which has German text.
      const body = await bodyOf<{ formError?: string; reason?: string }>(response);
      expect(body.formError ?? body.reason).toEqual(expect.any(String));
    }
    // Refused: nothing written — no audit entry, report, objection or mail, the item's hidden state, the settings, the
    // house rules and the suspensions as before.
    expect(after).toEqual(before);
  });
});

// ——— Coverage: a mutating route of moderation without a row fails ———

const MODERATION_MARKERS = [
  /~\/domain\/moderation\//,
  /~\/domain\/accounts\/suspension/,
  /~\/domain\/houserules\//,
  /consultations\.moderation/,
];
const HANDLES_HIDE = /intent === "hide"|"hide"/;

function sourceOfLib(specifier: string): string {
  const base = path.join(LIB_DIR, specifier.replace(/^~\/lib\//, ""));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return fs.readFileSync(candidate, "utf8");
  }
  return "";
}

/** Whether a route's action belongs to moderation: it imports moderation's areas, or handles intent "hide" itself or
 *  through a ~/lib module it imports (comment-action.server's commentAction). */
function isModerationAction(source: string): boolean {
  if (!/export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b|export\s*\{[^}]*\baction\b/.test(source)) return false;
  if (MODERATION_MARKERS.some((m) => m.test(source)) || HANDLES_HIDE.test(source)) return true;
  const libs = [...source.matchAll(/from\s+"(~\/lib\/[^"]+)"/g)].map((m) => m[1]);
  return libs.some((lib) => HANDLES_HIDE.test(sourceOfLib(lib)));
}

describe("the matrix covers every mutating route of moderation", () => {
  const files = fs.readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f));

  it("every route whose action belongs to moderation has a row", () => {
    const found = files.filter((f) => isModerationAction(fs.readFileSync(path.join(ROUTES_DIR, f), "utf8")));
    expect(found.length).toBeGreaterThan(0);
    expect(
      found.filter((f) => !routeNames.has(f)),
      "routes of moderation without a row in the matrix",
    ).toEqual([]);
    // The routes this matrix was written for are all found (the finder itself works).
    for (const expected of [
      "melden.tsx",
      "moderation._index.tsx",
      "widerspruch.$id.tsx",
      "abschnitte.$id.tsx",
      "verwaltung.konten.$id.tsx",
    ]) {
      expect(found).toContain(expected);
    }
  });

  it("every row names an existing route that has an action", () => {
    expect(
      [...routeNames].filter((name) => !files.includes(name)),
      "rows naming no route",
    ).toEqual([]);
    for (const name of routeNames) {
      expect(isModerationAction(fs.readFileSync(path.join(ROUTES_DIR, name), "utf8")), `${name} has a moderation action`).toBe(true);
    }
  });

  it("every row has an expectation for every persona", () => {
    for (const r of ROWS) expect(Object.keys(r.expected).sort(), `${r.route} ${r.intent}`).toEqual([...PERSONAS].sort());
  });
});
