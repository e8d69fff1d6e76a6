import { messagesFor, type Locale, type Messages } from "./index";

/** The page title in the reader's language, for a route's `meta` export. */
export function titleFor(matches: readonly { id: string; data: unknown }[], pick: (t: Messages) => string) {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  const t = messagesFor(root?.locale ?? "de");
  return [{ title: `${pick(t)} – ${t.app.name}` }];
}
