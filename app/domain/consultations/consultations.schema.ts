import { z } from "~/lib/zod";
import { decimalField, decimalNumber } from "~/lib/forms";
import { parseArea, rectangleArea, type Area } from "./consultations.area";
import { parseLocalDateTime } from "./consultations.time";

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
