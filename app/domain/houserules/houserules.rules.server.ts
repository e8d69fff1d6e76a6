import { type MarkdownToken, parseMarkdown, renderMarkdownAdjusted } from "~/lib/markdown.server";

// The numbered rules of house rules written in markdown: the items of the ordered lists at the top level, numbered
// 1…n in the order they appear (a second list goes on counting, and is rendered so). Each gets the anchor #regel-N,
// so that a hide decision can link the rule it names.

export interface HouseRule {
  number: number;
  text: string;
}

export const ruleAnchor = (n: number) => `regel-${n}`;

/** The plain text of the tokens from `start` up to the item's closing token; returns it with the closing index. */
function itemText(tokens: MarkdownToken[], start: number): { text: string; end: number } {
  const parts: string[] = [];
  let depth = 0;
  let i = start;
  for (; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === "list_item_open") depth++;
    if (token.type === "list_item_close" && --depth === 0) break;
    if (token.type === "inline") {
      for (const child of token.children ?? []) {
        if (child.type === "text" || child.type === "code_inline") parts.push(child.content);
        else if (child.type === "softbreak" || child.type === "hardbreak") parts.push(" ");
      }
      parts.push(" ");
    }
  }
  return { text: parts.join("").replace(/\s+/g, " ").trim(), end: i };
}

/** Walks the top-level ordered lists: calls `visit` for each item with its rule number; returns the rules. */
function walkRules(
  tokens: MarkdownToken[],
  visit?: (item: MarkdownToken, list: MarkdownToken, number: number, firstOfList: boolean) => void,
): HouseRule[] {
  const rules: HouseRule[] = [];
  let list: MarkdownToken | null = null;
  let firstOfList = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.level === 0 && token.type === "ordered_list_open") [list, firstOfList] = [token, true];
    else if (token.level === 0 && token.type === "ordered_list_close") list = null;
    else if (list && token.level === 1 && token.type === "list_item_open") {
      const number = rules.length + 1;
      visit?.(token, list, number, firstOfList);
      firstOfList = false;
      const { text, end } = itemText(tokens, i);
      rules.push({ number, text });
      i = end;
    }
  }
  return rules;
}

/** The numbered rules of the markdown, 1…n. */
export function rulesOf(markdown: string): HouseRule[] {
  return walkRules(parseMarkdown(markdown));
}

/** The house rules as HTML (markdown-it, HTML off), each rule's list item with the id regel-N and its list numbered on. */
export function renderRules(markdown: string): string {
  return renderMarkdownAdjusted(markdown, (tokens) => {
    walkRules(tokens, (item, list, number, firstOfList) => {
      item.attrSet("id", ruleAnchor(number));
      if (!firstOfList) return;
      // The rule numbers are the numbers shown: a list starts at its first rule's number, whatever the source said.
      list.attrs = (list.attrs ?? []).filter(([name]) => name !== "start");
      if (number > 1) list.attrSet("start", String(number));
    });
  });
}
