import { z } from "~/lib/zod";
import { ownEntry } from "~/lib/lookup";
import { parseForm, type FieldErrors, type Parsed } from "~/lib/forms";
import { parseLocalDateTime, TOWN_TIME_ZONE } from "../consultations/consultations.time";
import { SUSPENSION_DAYS, SUSPENSION_MAX_DAYS, SUSPENSION_REASON } from "./accounts.policy";
import type { AccountFilter } from "./suspension.queries.server";

// The forms of suspending an account and of lifting a suspension (issue 9).
//
// A suspension lasts whole days in town time: through the last day it names, to the midnight after it (stored as that
// instant, `until`). "7 days" on 12.12. means through 19.12.; a date of one's own is that last day. Today is the
// earliest last day (through tonight), a day before it is in the past.

const DAY_MS = 24 * 3600 * 1000;
const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TOWN_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** The calendar day (YYYY-MM-DD) in town time at this instant. */
export const townDay = (at: Date) => dayFormat.format(at);

/** The day `days` after a day (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a suspension whose last day is `lastDay` ends: the midnight after it, in town time. */
export function suspensionEnd(lastDay: string): Date {
  return parseLocalDateTime(`${addDays(lastDay, 1)}T00:00`)!;
}

/** A typed date as a day (YYYY-MM-DD): the date field's 2026-12-12, or 12.12.2026 where the browser has no date field. */
function parseDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]].map(Number) : german ? [german[3], german[2], german[1]].map(Number) : [];
  if (y === undefined || y < 1900 || y > 9999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : null;
}

const reason = z
  .string("suspension_reason_length")
  .trim()
  .min(SUSPENSION_REASON.min, "suspension_reason_length")
  .max(SUSPENSION_REASON.max, "suspension_reason_length");

const DURATIONS: [string, ...string[]] = ["date", ...SUSPENSION_DAYS.map(String)];

const suspendFields = z.object({
  duration: z.enum(DURATIONS, "duration_invalid"),
  reason,
});

export interface SuspendInput {
  /** The instant the suspension ends (the midnight after its last day, in town time). */
  until: Date;
  reason: string;
}

/**
 * The suspend form: a period (1, 7 or 30 days, or "date" with a last day of one's own) and a reason. A last day before
 * today (in town time, at `now`) is refused, and one more than ten years ahead.
 */
export function parseSuspension(form: FormData | Record<string, unknown>, now: Date = new Date()): Parsed<SuspendInput> {
  const parsed = parseForm(suspendFields, form);
  const fieldErrors: FieldErrors = parsed.ok ? {} : { ...parsed.fieldErrors };
  // The last value of a repeated field, as parseForm reads it, so that this branch and zod see the same period.
  const lastValue = (name: string) =>
    form instanceof FormData
      ? form
          .getAll(name)
          .filter((v) => typeof v === "string")
          .at(-1)
      : form[name];
  const today = townDay(now);
  let lastDay: string | null = null;
  if (lastValue("duration") === "date") {
    const until = lastValue("until");
    const typed = typeof until === "string" ? until.trim() : "";
    lastDay = typed ? parseDay(typed) : null;
    if (!typed) fieldErrors.until = "until_missing";
    else if (!lastDay) fieldErrors.until = "until_invalid";
    else if (lastDay < today) fieldErrors.until = "until_past";
    else if (lastDay > addDays(today, SUSPENSION_MAX_DAYS)) fieldErrors.until = "until_far";
  } else if (parsed.ok) {
    lastDay = addDays(today, Number(parsed.data.duration));
  }
  if (!parsed.ok || Object.keys(fieldErrors).length > 0 || !lastDay) return { ok: false, fieldErrors };
  return { ok: true, data: { until: suspensionEnd(lastDay), reason: parsed.data.reason } };
}

/** The lift form; its field has a name of its own, as the suspend form's reason is on the same page. */
export const liftSchema = z.object({ liftReason: reason }).transform((v) => ({ reason: v.liftReason }));
export type LiftInput = z.infer<typeof liftSchema>;

// The account list's query (/verwaltung/konten?suche=…&rolle=…&zustand=…&seite=…), with German values in the URL.
export const ROLE_PARAMS = { einwohner: "resident", moderation: "moderator", verwaltung: "admin", rat: "council" } as const;
export const STATE_PARAMS = { gesperrt: "suspended", unbestaetigt: "unverified", aktiv: "active" } as const;
const SEARCH_MAX = 100;

const paramValue = <V extends string>(map: Readonly<Record<string, V>>, value: string | null): V | null => ownEntry(map, value) ?? null;

/** The list's filter from the query string; anything unknown means "all", an overlong search is cut. */
export function parseAccountQuery(params: URLSearchParams): AccountFilter {
  return {
    search: (params.get("suche") ?? "").trim().slice(0, SEARCH_MAX),
    role: paramValue(ROLE_PARAMS, params.get("rolle")),
    state: paramValue(STATE_PARAMS, params.get("zustand")),
  };
}

/** The query string's values of a filter (for the filter form): the German words, empty for "all". */
export function accountQueryParams(filter: AccountFilter) {
  const paramOf = (map: Record<string, string>, value: string | null) => Object.entries(map).find(([, v]) => v === value)?.[0] ?? "";
  return { suche: filter.search, rolle: paramOf(ROLE_PARAMS, filter.role), zustand: paramOf(STATE_PARAMS, filter.state) };
}
