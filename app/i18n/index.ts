import { useRouteLoaderData } from "@remix-run/react";
import { de, type Messages } from "./de";
import { en } from "./en";
import { ownEntry } from "~/lib/lookup";

export type Locale = "de" | "en";
export type { Messages };

export const LOCALE_COOKIE = "lang";

export function messagesFor(locale: Locale): Messages {
  return locale === "en" ? en : de;
}

/** German unless the person chose English (a cookie set by the language switch). */
export function localeFromRequest(request: Request): Locale {
  const cookie = request.headers.get("Cookie") ?? "";
  return /(?:^|;\s*)lang=en(?:;|$)/.test(cookie) ? "en" : "de";
}

/** The messages of the current page's language. */
export function useT(): Messages {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return messagesFor(data?.locale ?? "de");
}

/** The text of an error code, or the generic error text for an unknown code. */
export function errorText(t: Messages, code: string | undefined | null): string {
  return ownEntry<string>(t.errors, code) || t.errors.generic;
}
