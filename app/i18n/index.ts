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

type SuspensionFacts = { suspendedUntil?: string | null; suspensionReason?: string | null };

/**
 * The messages of the current page's language. For a suspended person the refusal "suspended" says until when and
 * why, wherever it is shown (form errors, error pages, the notes instead of a form): the root loader's user has both.
 */
export function useT(): Messages {
  const data = useRouteLoaderData("root") as { locale?: Locale; user?: SuspensionFacts | null } | undefined;
  return withSuspension(messagesFor(data?.locale ?? "de"), data?.user);
}

/** The messages with the text of the refusal "suspended" naming this person's suspension (unchanged without one). */
export function withSuspension(t: Messages, user: SuspensionFacts | null | undefined): Messages {
  if (!user?.suspendedUntil || !user.suspensionReason) return t;
  const text = t.accounts.suspendedMessage(user.suspendedUntil, user.suspensionReason);
  return {
    ...t,
    errors: { ...t.errors, suspended: text },
    consultation: { ...t.consultation, contribute: { ...t.consultation.contribute, suspended: text } },
  };
}

/** The text of an error code, or the generic error text for an unknown code. */
export function errorText(t: Messages, code: string | undefined | null): string {
  return ownEntry<string>(t.errors, code) || t.errors.generic;
}
