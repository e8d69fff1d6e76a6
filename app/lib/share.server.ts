import type { SharePreview } from "~/i18n/meta";
import { env } from "./env.server";
import { plainTextExcerpt } from "./markdown.server";

// What a shareable page (a consultation, a proposal) tells search engines and link previews: its title, a short plain
// text and its absolute address. The route's meta turns it into tags (shareMetaFor in app/i18n/meta.ts).

/** Search engines show about this many characters of a description. */
export const DESCRIPTION_LENGTH = 160;

/** Plain text shortened at a word to at most `max` characters (with "…" when shortened). */
export function shorten(text: string, max = DESCRIPTION_LENGTH): string {
  const plain = text.replace(/\s+/g, " ").trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?–-]+$/, "")}…`;
}

/**
 * The preview of a page at `path` (e.g. "/beteiligungen/12"). `text` is plain text, or markdown when `markdown` is set
 * (its marks and links are dropped). The caller gives only what every reader of the page may see.
 */
export function sharePreview(page: {
  title: string;
  text: string;
  markdown?: boolean;
  path: string;
  type?: SharePreview["type"];
}): SharePreview {
  return {
    title: page.title,
    description: page.markdown ? plainTextExcerpt(page.text, DESCRIPTION_LENGTH) : shorten(page.text),
    url: `${env().PUBLIC_URL}${page.path}`,
    type: page.type ?? "website",
  };
}
