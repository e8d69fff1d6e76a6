// Town time: what a date typed in a form means, and how a stored instant is shown in a form again. Without zod, so
// that the pages that show dates do not load the form parser into the browser.

export const TOWN_TIME_ZONE = "Europe/Berlin";
const DAY_MS = 24 * 3600 * 1000;

// `datetime-local` fields carry no zone; the town's zone decides what "10:00" means, in summer and winter.
// Around the daylight-saving changes we follow RFC 5545 (and Temporal's "compatible"): a time that occurs twice
// (Europe/Berlin: 02:00–02:59 on the last Sunday of October) means its first occurrence, still in summer time;
// a time that does not exist (02:00–02:59 on the last Sunday of March) is read with the offset before the gap,
// so "02:30" becomes 03:30 summer time.
// Only the years 1900 to 9999 are dates: JavaScript reaches further than PostgreSQL (year -271821 made the save
// fail), and a date near JavaScript's end could not be shown in town time again (the editor failed).
export function parseLocalDateTime(value: string, timeZone = TOWN_TIME_ZONE): Date | null {
  if (/[zZ]|[+-]\d\d:\d\d$/.test(value)) return withinYears(new Date(value));
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  // Date.UTC reads the years 0 to 99 as 1900 to 1999.
  if (y < FIRST_YEAR || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(asUtc) || new Date(asUtc).getUTCDate() !== d) return null;
  // The zone's offsets a day before and a day after: a zone changes its offset at most once in between.
  const before = zoneOffsetMs(asUtc - DAY_MS, timeZone);
  const after = zoneOffsetMs(asUtc + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((instant) => asUtc - zoneOffsetMs(instant, timeZone) === instant);
  return withinYears(new Date(candidates.length ? Math.min(...candidates) : asUtc - before));
}

const FIRST_YEAR = 1900;
const LAST_YEAR = 9999;

function withinYears(date: Date): Date | null {
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < FIRST_YEAR || year > LAST_YEAR ? null : date;
}

function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return local - Math.floor(utcMs / 1000) * 1000;
}

/** The value for a `datetime-local` field, in the town's time. */
export function toLocalInputValue(date: Date | string, timeZone = TOWN_TIME_ZONE): string {
  const ms = new Date(date).getTime();
  const local = new Date(ms + zoneOffsetMs(ms, timeZone));
  return local.toISOString().slice(0, 16);
}
