import { describe, expect, it } from "vitest";
import { headingKey, planSections, splitSections } from "~/domain/documents/documents.sections.server";

describe("splitting a text into sections", () => {
  it("starts a section at every heading down to level 3, with the text before the first heading as an introduction", () => {
    const sections = splitSections(
      [
        "Vorwort des Bürgermeisters.",
        "",
        "# 1. Ziele",
        "Mehr Grün.",
        "",
        "## 1.1 Bäume",
        "Neue Bäume.",
        "",
        "#### Kleinere Überschrift",
        "bleibt im Abschnitt",
        "",
        "### Kosten",
        "Eine Million.",
      ].join("\n"),
    );
    expect(sections.map((s) => s.heading)).toEqual(["", "1. Ziele", "1.1 Bäume", "Kosten"]);
    expect(sections[0].bodyMd).toBe("Vorwort des Bürgermeisters.");
    expect(sections[1].bodyMd).toBe("Mehr Grün.");
    expect(sections[2].bodyMd).toContain("#### Kleinere Überschrift");
    expect(sections[2].bodyMd).toContain("bleibt im Abschnitt");
  });

  it("recognises underlined (setext) headings and ignores # inside code blocks", () => {
    const sections = splitSections(
      ["Ziele", "=====", "Text", "", "```", "# kein Abschnitt", "```", "", "Kosten", "------", "Betrag"].join("\n"),
    );
    expect(sections.map((s) => s.heading)).toEqual(["Ziele", "Kosten"]);
    expect(sections[0].bodyMd).toContain("# kein Abschnitt");
    expect(sections[1].bodyMd).toBe("Betrag");
  });

  it("a text without headings is one section; Windows line ends work", () => {
    expect(splitSections("Nur ein Absatz.\r\nZweite Zeile.")).toEqual([{ heading: "", bodyMd: "Nur ein Absatz.\nZweite Zeile." }]);
  });
});

describe("matching sections after an edit", () => {
  it("compares headings without case, spacing and numbering", () => {
    expect(headingKey("3. Ziele  der Planung")).toBe(headingKey("ZIELE der planung"));
    expect(headingKey("§ 4 Kosten")).toBe(headingKey("Kosten"));
  });

  it("keeps sections whose heading stays (renumbered), adds new ones and marks vanished ones removed", () => {
    const current = [
      { id: "1", heading: "Ziele" },
      { id: "2", heading: "Kosten" },
      { id: "3", heading: "Zeitplan" },
    ];
    const plan = planSections(current, [
      { heading: "Einleitung", bodyMd: "neu" },
      { heading: "2. Ziele", bodyMd: "geändert" },
      { heading: "Zeitplan", bodyMd: "gleich" },
    ]);
    expect(plan.keep).toEqual([
      { id: "1", number: 2, heading: "2. Ziele", bodyMd: "geändert" },
      { id: "3", number: 3, heading: "Zeitplan", bodyMd: "gleich" },
    ]);
    expect(plan.add).toEqual([{ number: 1, heading: "Einleitung", bodyMd: "neu" }]);
    expect(plan.remove).toEqual(["2"]);
  });

  it("two sections with the same heading are matched in order", () => {
    const plan = planSections(
      [
        { id: "1", heading: "Hinweis" },
        { id: "2", heading: "Hinweis" },
      ],
      [{ heading: "Hinweis", bodyMd: "a" }],
    );
    expect(plan.keep.map((k) => k.id)).toEqual(["1"]);
    expect(plan.remove).toEqual(["2"]);
  });
});
