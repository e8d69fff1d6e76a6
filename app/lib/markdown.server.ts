import MarkdownIt from "markdown-it";

// HTML in the source is shown as text; links are marked as user content and open nothing with privileges.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, envArg, self) => {
  tokens[idx].attrSet("rel", "nofollow ugc noopener");
  return defaultLinkOpen(tokens, idx, options, envArg, self);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}
