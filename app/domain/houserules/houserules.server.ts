import type { DB, Queryable } from "~/lib/db.server";
import type { CurrentUser } from "../accounts/accounts.policy";
import { canView } from "../consultations/consultations.policy";
import { loadConsultation } from "../consultations/consultations.server";
import { recordAudit } from "../moderation/moderation.server";
import { defaultPlatformRules } from "./houserules.default";
import { houseRulesEditRefusal } from "./houserules.policy";
import * as q from "./houserules.queries.server";
import { renderRules, ruleAnchor, rulesOf } from "./houserules.rules.server";

export { rulesOf, ruleAnchor, type HouseRule } from "./houserules.rules.server";

/** The platform's rules as markdown: the stored text, or the built-in default while no admin has written one. */
async function platformMarkdown(db: Queryable) {
  const row = await q.findPlatformRules(db);
  return { bodyMd: row?.bodyMd ?? defaultPlatformRules, updatedAt: row?.updatedAt ?? null, isDefault: !row };
}

/** A rule a hide decision can name: its anchor on /netiquette (the key stored with the decision), and its words. */
export interface NamedRule {
  key: string;
  /** "1" for the platform's rule 1, "Z1" for the consultation's first addition. */
  label: string;
  text: string;
}

// The rules a hide decision in this consultation can name: the platform's rules (regel-N) and the consultation's
// numbered additions (zusatz-N, the anchors of /netiquette?beteiligung=…). Results: the rules, never empty.
export async function rulesForDecision(db: Queryable, consultationId: string): Promise<NamedRule[]> {
  const platform = rulesOf((await platformMarkdown(db)).bodyMd).map((r) => ({
    key: ruleAnchor(r.number),
    label: String(r.number),
    text: r.text,
  }));
  const additions = await q.findConsultationRules(db, consultationId);
  const own = additions ? rulesOf(additions.bodyMd).map((r) => ({ key: `zusatz-${r.number}`, label: `Z${r.number}`, text: r.text })) : [];
  return [...platform, ...own];
}

/** The link to a named rule on the house rules page. */
export const ruleUrl = (consultationId: string, key: string) =>
  key.startsWith("zusatz-") ? `/netiquette?beteiligung=${consultationId}#${key}` : `/netiquette#${key}`;

// The platform's numbered rules, for the hide decisions to name one. Results: the rules, 1…n (never empty).
export async function platformRules(db: DB) {
  return rulesOf((await platformMarkdown(db)).bodyMd);
}

// The house rules for a reader: the platform's (rendered, each rule with its anchor #regel-N) and, when a
// consultation is named, its additions. Results: ok | not_found (no such consultation, or one the reader may not see).
export async function readHouseRules(db: DB, user: CurrentUser | null, consultationId: string | null) {
  const platform = await platformMarkdown(db);
  let consultation: { id: string; title: string; additionsHtml: string | null } | null = null;
  if (consultationId) {
    const c = await loadConsultation(db, consultationId);
    if (!c || !canView(user, c)) return { ok: false, reason: "not_found" } as const;
    const additions = await q.findConsultationRules(db, consultationId);
    consultation = { id: c.id, title: c.title, additionsHtml: additions ? renderRulesOfAddition(additions.bodyMd) : null };
  }
  return {
    ok: true,
    html: renderRules(platform.bodyMd),
    rules: rulesOf(platform.bodyMd),
    updatedAt: platform.updatedAt,
    consultation,
  } as const;
}

/** A consultation's additions are shown as written; their numbers are not the platform's rule numbers. */
function renderRulesOfAddition(markdown: string) {
  return renderRules(markdown).replace(/ id="regel-(\d+)"/g, ' id="zusatz-$1"');
}

// The texts for the editor: the platform's rules (or the default) and, when named, a consultation's additions.
// Results: ok | forbidden | not_found.
export async function houseRulesForEditing(db: DB, user: CurrentUser | null, consultationId: string | null) {
  const refusal = houseRulesEditRefusal(user);
  if (refusal) return { ok: false, reason: refusal } as const;
  if (!consultationId) {
    const platform = await platformMarkdown(db);
    return { ok: true, body: platform.bodyMd, isDefault: platform.isDefault, consultation: null } as const;
  }
  const c = await loadConsultation(db, consultationId);
  if (!c) return { ok: false, reason: "not_found" } as const;
  const additions = await q.findConsultationRules(db, consultationId);
  return { ok: true, body: additions?.bodyMd ?? "", isDefault: false, consultation: { id: c.id, title: c.title } } as const;
}

// Saves the platform's house rules (parsed by platformRulesSchema), audit-logged in the same transaction.
// Results: ok | forbidden.
export async function savePlatformRules(db: DB, user: CurrentUser | null, bodyMd: string) {
  const refusal = houseRulesEditRefusal(user);
  if (refusal) return { ok: false, reason: refusal } as const;
  return db.transaction().execute(async (tx) => {
    const id = await q.upsertPlatformRules(tx, bodyMd, user!.id);
    await recordAudit(tx, { actorId: user!.id, action: "edit", targetType: "house_rules", targetId: id });
    return { ok: true } as const;
  });
}

// Saves a consultation's additions (empty text removes them), audit-logged in the same transaction.
// Results: ok | forbidden | not_found.
export async function saveConsultationRules(db: DB, user: CurrentUser | null, consultationId: string, bodyMd: string) {
  const refusal = houseRulesEditRefusal(user);
  if (refusal) return { ok: false, reason: refusal } as const;
  return db.transaction().execute(async (tx) => {
    const c = await loadConsultation(tx, consultationId);
    if (!c) return { ok: false, reason: "not_found" } as const;
    if (bodyMd === "") {
      const removed = await q.deleteConsultationRules(tx, consultationId);
      if (removed) await recordAudit(tx, { actorId: user!.id, action: "remove", targetType: "house_rules", targetId: removed });
    } else {
      const id = await q.upsertConsultationRules(tx, consultationId, bodyMd, user!.id);
      await recordAudit(tx, { actorId: user!.id, action: "edit", targetType: "house_rules", targetId: id });
    }
    return { ok: true } as const;
  });
}

/** The editor's preview: the text rendered as the public page shows it (with the rule anchors). Saves nothing. */
export function previewHouseRules(bodyMd: string): string {
  return renderRules(bodyMd);
}
