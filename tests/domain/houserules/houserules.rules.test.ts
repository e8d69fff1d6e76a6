import { describe, expect, it } from "vitest";
import { renderRules, rulesOf } from "~/domain/houserules/houserules.rules.server";
import { defaultPlatformRules } from "~/domain/houserules/houserules.default";
import { houseRulesEditRefusal } from "~/domain/houserules/houserules.policy";
import { platformRulesSchema } from "~/domain/houserules/houserules.schema";
import { parseForm } from "~/lib/forms";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";

const person = (role: Role): CurrentUser => ({
  id: "1",
  email: `${role}@example.org`,
  displayName: role,
  role,
  verified: true,
  suspendedUntil: null,
  suspensionReason: null,
});

describe("the numbered rules of house rules", () => {
  it("are the items of the ordered lists at the top level, numbered 1…n in order, as plain text", () => {
    const markdown = [
      "Einleitung mit einer Liste, die keine Regeln sind:",
      "",
      "- ein Punkt",
      "",
      "5. **Respektvoll** bleiben, [siehe hier](https://example.org).",
      "6. Keine Werbung.",
      "   1. Auch keine versteckte.",
      "",
      "## Weitere Regeln",
      "",
      "1. Beim Thema bleiben.",
    ].join("\n");
    expect(rulesOf(markdown)).toEqual([
      { number: 1, text: "Respektvoll bleiben, siehe hier." },
      { number: 2, text: "Keine Werbung. Auch keine versteckte." },
      { number: 3, text: "Beim Thema bleiben." },
    ]);
  });

  it("the default platform text has the six rules", () => {
    expect(rulesOf(defaultPlatformRules).map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rulesOf(defaultPlatformRules)[0].text).toMatch(/^Respektvoll bleiben\./);
    expect(rulesOf(defaultPlatformRules)[5].text).toMatch(/^Beim Thema bleiben\./);
  });

  it("text without an ordered list has no rules", () => {
    expect(rulesOf("Nur ein Absatz.\n\n- ein Punkt\n- noch einer")).toEqual([]);
    expect(rulesOf("")).toEqual([]);
  });

  it("render with the anchor regel-N on each rule, lists numbered as the rules are, HTML shown as text", () => {
    const html = renderRules("3. Erste <script>alert(1)</script>\n4. Zweite\n\nZwischentext\n\n1. Dritte\n   1. keine Regel");
    expect(html).toContain('<ol>\n<li id="regel-1">');
    expect(html).toContain('<li id="regel-2">');
    expect(html).toContain('<ol start="3">\n<li id="regel-3">');
    expect(html.match(/id="regel-/g)).toHaveLength(3);
    expect(html).not.toContain("<script");
  });
});

describe("the house rules form", () => {
  it("needs at least one numbered rule and at most 20,000 characters", () => {
    expect(parseForm(platformRulesSchema, { body: "Nur Text ohne Regel." })).toEqual({
      ok: false,
      fieldErrors: { body: "house_rules_no_rule" },
    });
    expect(parseForm(platformRulesSchema, { body: `1. Regel\n\n${"x".repeat(20_000)}` })).toEqual({
      ok: false,
      fieldErrors: { body: "house_rules_long" },
    });
    expect(parseForm(platformRulesSchema, { body: "  1. Respektvoll bleiben.  " })).toEqual({
      ok: true,
      data: { body: "1. Respektvoll bleiben." },
    });
  });

  it("only admins edit them", () => {
    expect(houseRulesEditRefusal(null)).toBe("forbidden");
    expect((["resident", "council", "moderator"] as const).map((r) => houseRulesEditRefusal(person(r)))).toEqual([
      "forbidden",
      "forbidden",
      "forbidden",
    ]);
    expect(houseRulesEditRefusal(person("admin"))).toBeNull();
  });
});
