import { z } from "~/lib/zod";
import { decimalField, decimalNumber } from "~/lib/forms";
import { parseArea, rectangleArea, type Area } from "./consultations.area";

/** A date and time typed in the form (`datetime-local`, town time) or ISO with offset. */
const dateTime = z
  .string()
  .trim()
  .min(1, "required")
  .transform((value, ctx) => {
    const date = parseLocalDateTime(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "date_invalid" });
      return z.NEVER;
    }
    return date;
  });

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

export const AREA_MAX_BYTES = 2_000_000;

const optionalDecimal = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? decimalNumber(v) : undefined));

export const BODY_MAX = 50_000;

/** An optional text field: missing and blank are "". */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.string().max(max, message));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with the usual separators, e.g. "06621 123-456" or "+49 (0)6621 123456". */
const PHONE = /^\+?[0-9][0-9 ()/-]{2,38}$/;

export const consultationSchema = z
  .object({
    title: z.string().trim().min(5, "title_short").max(150, "title_long"),
    summary: z.string().trim().min(10, "summary_short").max(500, "summary_long"),
    body: z.string().trim().min(1, "required").max(BODY_MAX, "text_long"),
    plainSummary: optionalText(5_000, "text_long"),
    contactName: optionalText(120, "contact_long"),
    contactOffice: optionalText(200, "contact_long"),
    contactEmail: optionalText(254, "contact_email_invalid").refine((v) => v === "" || EMAIL.test(v), "contact_email_invalid"),
    contactPhone: optionalText(40, "contact_phone_invalid").refine((v) => v === "" || PHONE.test(v), "contact_phone_invalid"),
    inputUse: optionalText(10_000, "text_long"),
    opensAt: dateTime,
    closesAt: dateTime,
    centerLat: decimalField(z.number("number_invalid").min(-90, "lat_invalid").max(90, "lat_invalid")),
    centerLng: decimalField(z.number("number_invalid").min(-180, "lng_invalid").max(180, "lng_invalid")),
    zoom: decimalField(z.number("number_invalid").int("zoom_invalid").min(1, "zoom_invalid").max(19, "zoom_invalid")),
    /** GeoJSON text (pasted, or read from an uploaded file by readConsultationForm). */
    area: z.string().max(AREA_MAX_BYTES, "area_too_large").optional(),
    areaSouth: optionalDecimal,
    areaWest: optionalDecimal,
    areaNorth: optionalDecimal,
    areaEast: optionalDecimal,
  })
  .refine((c) => c.closesAt > c.opensAt, { path: ["closesAt"], message: "closes_before_opens" })
  .transform(({ area, areaSouth, areaWest, areaNorth, areaEast, ...rest }, ctx) => {
    const withArea = (value: Area | null) => ({ ...rest, area: value });
    if (area && area.trim()) {
      const parsed = parseArea(area);
      if (parsed.ok) return withArea(parsed.area);
      ctx.addIssue({ code: "custom", path: ["area"], message: parsed.reason });
      return z.NEVER;
    }
    const corners = [areaSouth, areaWest, areaNorth, areaEast];
    if (corners.every((v) => v === undefined)) return withArea(null);
    const [south, west, north, east] = corners;
    const valid =
      corners.every((v) => v !== undefined && Number.isFinite(v)) &&
      south! >= -90 &&
      north! <= 90 &&
      west! >= -180 &&
      east! <= 180 &&
      south! < north! &&
      west! < east!;
    if (!valid) {
      ctx.addIssue({ code: "custom", path: ["areaSouth"], message: "area_rectangle_invalid" });
      return z.NEVER;
    }
    return withArea(rectangleArea(south!, west!, north!, east!));
  });

export type ConsultationInput = z.infer<typeof consultationSchema>;

/**
 * The consultation form's fields as text. An uploaded GeoJSON file (field `areaFile`) takes the place of the
 * pasted text; of a large file only one byte more than allowed is read, which the schema then refuses.
 */
export async function readConsultationForm(form: FormData): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") fields[key] = value;
  const file = form.get("areaFile");
  if (file && typeof file !== "string" && file.size > 0) {
    fields.area = await file.slice(0, AREA_MAX_BYTES + 1).text();
  }
  return fields;
}

export const categorySchema = z.object({
  name: z.string().trim().min(2, "category_name_invalid").max(40, "category_name_invalid"),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "color_invalid"),
});

/** A markdown text to preview in the editor (the same limit as the longest field). */
export const previewSchema = z.object({ text: z.string().max(BODY_MAX, "text_long") });
