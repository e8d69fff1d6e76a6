import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { createConsultation, createUser } from "../../setup/fixtures";
import {
  houseRulesForEditing,
  platformRules,
  readHouseRules,
  saveConsultationRules,
  savePlatformRules,
} from "~/domain/houserules/houserules.server";

const t = useTestDatabase();

const auditEntries = () => t.db.selectFrom("audit_log").select(["action", "target_type", "target_id", "actor_id"]).orderBy("id").execute();
const rows = () => t.db.selectFrom("house_rules").select(["id", "consultation_id", "body_md"]).orderBy("id").execute();

describe("house rules", () => {
  it("without a stored row the built-in default applies, with numbered rules", async () => {
    const rules = await platformRules(t.db);
    expect(rules).toHaveLength(6);
    expect(rules[0]).toMatchObject({ number: 1, text: expect.stringMatching(/^Respektvoll bleiben/) });
    const read = await readHouseRules(t.db, null, null);
    expect(read).toMatchObject({ ok: true, updatedAt: null, consultation: null });
    expect(read.ok && read.html).toContain('id="regel-6"');
    const editing = await houseRulesForEditing(t.db, await createUser(t.db, { role: "admin" }), null);
    expect(editing).toMatchObject({ ok: true, isDefault: true, body: expect.stringContaining("1. **Respektvoll bleiben.**") });
  });

  it("an admin saves the platform's rules: one row, the audit log records it in the same transaction", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    expect(await savePlatformRules(t.db, admin, "1. Freundlich sein.\n2. Kurz bleiben.")).toEqual({ ok: true });
    expect(await savePlatformRules(t.db, admin, "1. Freundlich sein.")).toEqual({ ok: true });
    const stored = await rows();
    expect(stored).toEqual([{ id: expect.any(String), consultation_id: null, body_md: "1. Freundlich sein." }]);
    expect(await platformRules(t.db)).toEqual([{ number: 1, text: "Freundlich sein." }]);
    expect(await auditEntries()).toEqual([
      { action: "edit", target_type: "house_rules", target_id: stored[0].id, actor_id: admin.id },
      { action: "edit", target_type: "house_rules", target_id: stored[0].id, actor_id: admin.id },
    ]);
  });

  it("two first saves at once leave one platform row (the partial unique index)", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const results = await Promise.all([savePlatformRules(t.db, admin, "1. Eins."), savePlatformRules(t.db, admin, "1. Zwei.")]);
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    expect(await rows()).toHaveLength(1);
  });

  it("the database allows one platform row and one row per consultation", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const values = { consultation_id: null, body_md: "1. Eins.", updated_by: admin.id };
    await t.db.insertInto("house_rules").values(values).execute();
    await expect(t.db.insertInto("house_rules").values(values).execute()).rejects.toThrow(/house_rules_platform/);
    const id = await createConsultation(t.db, admin, "open");
    await t.db
      .insertInto("house_rules")
      .values({ ...values, consultation_id: id })
      .execute();
    await expect(
      t.db
        .insertInto("house_rules")
        .values({ ...values, consultation_id: id })
        .execute(),
    ).rejects.toThrow(/house_rules_consultation/);
  });

  it("moderators, residents and guests are refused, and nothing is written", async () => {
    const id = await createConsultation(t.db, await createUser(t.db, { role: "admin" }), "open");
    for (const user of [
      null,
      await createUser(t.db),
      await createUser(t.db, { role: "moderator" }),
      await createUser(t.db, { role: "council" }),
    ]) {
      expect(await savePlatformRules(t.db, user, "1. Regel.")).toEqual({ ok: false, reason: "forbidden" });
      expect(await saveConsultationRules(t.db, user, id, "- Zusatz.")).toEqual({ ok: false, reason: "forbidden" });
      expect(await houseRulesForEditing(t.db, user, null)).toEqual({ ok: false, reason: "forbidden" });
    }
    expect(await rows()).toEqual([]);
    expect(await auditEntries()).toEqual([]);
  });

  it("a consultation's additions are shown with it, removed by an empty text, each change logged", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const id = await createConsultation(t.db, admin, "open");
    expect(await saveConsultationRules(t.db, admin, id, "- Den Straßenabschnitt nennen.")).toEqual({ ok: true });
    const read = await readHouseRules(t.db, null, id);
    expect(read.ok && read.consultation).toMatchObject({ id, additionsHtml: expect.stringContaining("Den Straßenabschnitt nennen.") });
    expect(await houseRulesForEditing(t.db, admin, id)).toMatchObject({ ok: true, body: "- Den Straßenabschnitt nennen." });
    const [row] = await rows();
    expect(await saveConsultationRules(t.db, admin, id, "")).toEqual({ ok: true });
    expect(await rows()).toEqual([]);
    expect((await auditEntries()).map((e) => [e.action, e.target_id])).toEqual([
      ["edit", row.id],
      ["remove", row.id],
    ]);
    const after = await readHouseRules(t.db, null, id);
    expect(after.ok && after.consultation?.additionsHtml).toBeNull();
  });

  it("a consultation that does not exist, or a draft for a guest, is not found", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const draft = await createConsultation(t.db, admin, "draft");
    expect(await readHouseRules(t.db, null, draft)).toEqual({ ok: false, reason: "not_found" });
    expect(await readHouseRules(t.db, admin, draft)).toMatchObject({ ok: true });
    expect(await readHouseRules(t.db, null, "999999")).toEqual({ ok: false, reason: "not_found" });
    expect(await saveConsultationRules(t.db, admin, "999999", "- Zusatz.")).toEqual({ ok: false, reason: "not_found" });
    expect(await rows()).toEqual([]);
  });
});
