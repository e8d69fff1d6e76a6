import { messagesFor, type Locale, type Messages } from "./index";

// A page's <title>, <meta name="description"> and, on pages worth sharing, Open Graph tags. Remix lets a route's
// `meta` replace its parents', so every route's meta comes from here (a one-liner in the route) and none loses the
// description. Runs in the browser too: what needs the server (the public URL, markdown) the loader prepares (share).

type Match = { id: string; data: unknown };

/** The reader's language, from the root loader's data. */
function localeOf(matches: readonly Match[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  return root?.locale ?? "de";
}

/** The page title and the platform's description, in the reader's language, for a route's `meta` export. */
export function titleFor(matches: readonly Match[], pick: (t: Messages) => string) {
  const t = messagesFor(localeOf(matches));
  return [{ title: `${pick(t)} – ${t.app.name}` }, { name: "description", content: t.app.description }];
}

/** What a shareable page (a consultation, a proposal) says about itself; made by its loader (app/lib/share.server.ts). */
export type SharePreview = {
  title: string;
  /** Plain text, at most about 160 characters; empty when the page has nothing of its own to say. */
  description: string;
  /** Absolute, from PUBLIC_URL. */
  url: string;
  type: "website" | "article";
};

/**
 * Title, description and Open Graph tags (title, description, type, url) of a shareable page. Without `share` (the
 * loader failed, or a hidden proposal, whose text must not leave the page) only the title `fallback` and the
 * platform's description.
 */
export function shareMetaFor(matches: readonly Match[], share: SharePreview | null | undefined, fallback: (t: Messages) => string) {
  if (!share) return titleFor(matches, fallback);
  const locale = localeOf(matches);
  const t = messagesFor(locale);
  const description = share.description || t.app.description;
  return [
    { title: `${share.title} – ${t.app.name}` },
    { name: "description", content: description },
    { property: "og:title", content: share.title },
    { property: "og:description", content: description },
    { property: "og:type", content: share.type },
    { property: "og:url", content: share.url },
    { property: "og:site_name", content: t.app.name },
    { property: "og:locale", content: locale === "en" ? "en_GB" : "de_DE" },
  ];
}
