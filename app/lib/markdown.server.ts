import MarkdownIt from "markdown-it";

// HTML in the source is shown as text; links are marked as user content and open nothing with privileges.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, envArg, self) => {
  tokens[idx].attrSet("rel", "nofollow ugc noopener");
  return defaultLinkOpen(tokens, idx, options, envArg, self);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}

export type MarkdownToken = ReturnType<typeof md.parse>[number];

/** The block tokens of Markdown, parsed by the same settings as renderMarkdown. */
export function parseMarkdown(source: string): MarkdownToken[] {
  return md.parse(source, {});
}

/** Renders Markdown by the same settings as renderMarkdown, after `adjust` has set attributes on its tokens (ids, start). */
export function renderMarkdownAdjusted(source: string, adjust: (tokens: MarkdownToken[]) => void): string {
  const env = {};
  const tokens = md.parse(source, env);
  adjust(tokens);
  return md.renderer.render(tokens, md.options, env);
}

/**
 * A short plain-text excerpt of Markdown (no markup, whitespace collapsed), cut at a word boundary so that it
 * has at most `max` characters including the ellipsis.
 */
export function plainTextExcerpt(source: string, max = 200): string {
  const parts: string[] = [];
  for (const token of md.parse(source, {})) {
    if (token.type === "inline") {
      for (const child of token.children ?? []) {
        if (child.type === "text" || child.type === "code_inline") parts.push(child.content);
        else if (child.type === "softbreak" || child.type === "hardbreak") parts.push(" ");
        else if (child.type === "image") parts.push(child.content);
      }
    } else if (token.type === "code_block" || token.type === "fence") {
      parts.push(token.content);
    }
    if (token.block) parts.push(" ");
  }
  const text = parts.join("").replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?–-]+$/, "")}…`;
}
