// A small Atom 1.0 (RFC 4287) writer: text is escaped for XML, characters XML does not allow are dropped, and
// every link is absolute.

export interface AtomEntry {
  /** A permanent, unique IRI for the entry. */
  id: string;
  title: string;
  /** The page the entry announces (absolute URL). */
  link: string;
  published: Date;
  updated: Date;
  /** Plain text. */
  summary: string;
  category?: { term: string; label: string };
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own absolute URL. */
  self: string;
  /** The web page the feed belongs to (absolute URL). */
  alternate: string;
  author: string;
  lang: string;
  entries: AtomEntry[];
  /** When there are no entries: the time to give as the feed's `updated`. */
  emptyUpdated?: Date;
}

// Characters outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE, U+FFFF).
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text or attribute content, escaped for XML. */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML_CHAR, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const element = (name: string, text: string, attributes = "") => `<${name}${attributes}>${xmlEscape(text)}</${name}>`;
const attr = (name: string, value: string) => ` ${name}="${xmlEscape(value)}"`;
const linkElement = (rel: string, type: string, href: string) => `<link${attr("rel", rel)}${attr("type", type)}${attr("href", href)}/>`;

export function atomFeed(feed: AtomFeed): string {
  const updated =
    feed.entries.reduce<Date | null>((max, e) => (!max || e.updated > max ? e.updated : max), null) ?? feed.emptyUpdated ?? new Date(0);
  const entries = feed.entries.map((e) =>
    [
      "  <entry>",
      `    ${element("id", e.id)}`,
      `    ${element("title", e.title, attr("type", "text"))}`,
      `    ${linkElement("alternate", "text/html", e.link)}`,
      `    ${element("published", e.published.toISOString())}`,
      `    ${element("updated", e.updated.toISOString())}`,
      e.summary ? `    ${element("summary", e.summary, attr("type", "text"))}` : null,
      e.category ? `    <category${attr("term", e.category.term)}${attr("label", e.category.label)}/>` : null,
      "  </entry>",
    ]
      .filter((line) => line !== null)
      .join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${attr("xml:lang", feed.lang)}>`,
    `  ${element("id", feed.id)}`,
    `  ${element("title", feed.title, attr("type", "text"))}`,
    feed.subtitle ? `  ${element("subtitle", feed.subtitle, attr("type", "text"))}` : null,
    `  ${linkElement("self", "application/atom+xml", feed.self)}`,
    `  ${linkElement("alternate", "text/html", feed.alternate)}`,
    `  ${element("updated", updated.toISOString())}`,
    `  <author>${element("name", feed.author)}</author>`,
    ...entries,
    "</feed>",
    "",
  ]
    .filter((line) => line !== null)
    .join("\n");
}
