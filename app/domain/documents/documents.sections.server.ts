import MarkdownIt from "markdown-it";

// Splitting a text document into sections at its headings. markdown-it finds the headings (ATX "## …" and setext
// underlines alike, never a "#" inside a code block), and its line maps say where each one starts.
const parser = new MarkdownIt({ html: false });

/** Headings down to this level start a section; deeper ones stay inside their section. */
const SECTION_LEVEL = 3;

export interface SplitSection {
  /** The heading's text; "" for text before the first heading. */
  heading: string;
  /** The section's markdown, without its heading (the page shows the heading numbered). */
  bodyMd: string;
}

export function splitSections(source: string): SplitSection[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const tokens = parser.parse(lines.join("\n"), {});
  // map = [first line, line after the heading]: a setext heading spans two lines.
  const starts: { line: number; bodyLine: number; heading: string }[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== "heading_open" || Number(token.tag.slice(1)) > SECTION_LEVEL || !token.map) return;
    starts.push({ line: token.map[0], bodyLine: token.map[1], heading: tokens[i + 1]?.content.trim() ?? "" });
  });
  const sections: SplitSection[] = [];
  const intro = lines
    .slice(0, starts[0]?.line ?? lines.length)
    .join("\n")
    .trim();
  if (intro) sections.push({ heading: "", bodyMd: intro });
  starts.forEach((start, i) => {
    const body = lines
      .slice(start.bodyLine, starts[i + 1]?.line ?? lines.length)
      .join("\n")
      .trim();
    sections.push({ heading: start.heading, bodyMd: body });
  });
  return sections;
}

/** Headings compared as people read them: case, spacing and numbering such as "3." or "§ 4" do not matter. */
export function headingKey(heading: string): string {
  return heading
    .toLocaleLowerCase("de-DE")
    .replace(/^(§\s*)?[\d.]+\)?\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
}

export interface StoredSection {
  id: string;
  heading: string;
}

export interface SectionPlan {
  /** Existing sections that stay (matched by heading), with their new place and text. */
  keep: { id: string; number: number; heading: string; bodyMd: string }[];
  /** New sections to insert. */
  add: { number: number; heading: string; bodyMd: string }[];
  /** Existing sections the new text no longer has: kept with their comments, marked as removed. */
  remove: string[];
}

// Matches the new text's sections to the current ones by heading, in order, so comments stay on their section when
// the text around them changes; a section whose heading is gone is marked removed (its comments stay visible).
export function planSections(current: StoredSection[], next: SplitSection[]): SectionPlan {
  const unmatched = new Map<string, StoredSection[]>();
  for (const s of current) {
    const key = headingKey(s.heading);
    unmatched.set(key, [...(unmatched.get(key) ?? []), s]);
  }
  const plan: SectionPlan = { keep: [], add: [], remove: [] };
  next.forEach((section, i) => {
    const match = unmatched.get(headingKey(section.heading))?.shift();
    if (match) plan.keep.push({ id: match.id, number: i + 1, ...section });
    else plan.add.push({ number: i + 1, ...section });
  });
  for (const rest of unmatched.values()) plan.remove.push(...rest.map((s) => s.id));
  return plan;
}
