import { z } from "~/lib/zod";
import { optionalDecimalField, optionalIdField } from "~/lib/forms";
import { ownEntry } from "~/lib/lookup";
import type { PreparedPhoto } from "../files/files.server";

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v || null);

// Where: a point (from the map, or typed as coordinates), or a place described in words when the map cannot be used,
// or both.
export const proposalSchema = z
  .object({
    title: z.string().trim().min(5, "title_short").max(120, "title_long"),
    categoryId: optionalIdField("category_invalid"),
    body: z.string().trim().min(10, "text_short").max(5000, "text_long"),
    lat: optionalDecimalField(z.number("number_invalid").min(-90, "lat_invalid").max(90, "lat_invalid")),
    lng: optionalDecimalField(z.number("number_invalid").min(-180, "lng_invalid").max(180, "lng_invalid")),
    placeDescription: optionalText(200, "place_long"),
    photoAlt: optionalText(200, "photo_alt_long"),
    removePhoto: z
      .string()
      .optional()
      .transform((v) => v === "1"),
  })
  .superRefine((v, ctx) => {
    if (v.lat === null && v.lng !== null) ctx.addIssue({ code: "custom", path: ["lat"], message: "required" });
    if (v.lng === null && v.lat !== null) ctx.addIssue({ code: "custom", path: ["lng"], message: "required" });
    if (v.lat === null && v.lng === null && !v.placeDescription) {
      ctx.addIssue({ code: "custom", path: ["lat"], message: "location_missing" });
    }
  });

/** A proposal's fields; the category, the point or the described place, and the photo are optional. */
export type ProposalInput = Omit<z.infer<typeof proposalSchema>, "categoryId" | "placeDescription" | "photoAlt" | "removePhoto"> & {
  categoryId?: string | null;
  placeDescription?: string | null;
  photoAlt?: string | null;
  /** A new photo, already checked and re-encoded (preparePhoto). */
  photo?: PreparedPhoto | null;
  /** Remove the current photo (when no new one is given). */
  removePhoto?: boolean;
};

/** A map viewport: bbox=south,west,north,east (clamped to the world) and the map's zoom level. */
export const viewportSchema = z.object({
  bbox: z
    .string()
    .transform((s) => s.split(",").map(Number))
    .pipe(z.tuple([z.number(), z.number(), z.number(), z.number()]))
    .transform(
      ([s, w, n, e]) => [Math.max(s, -90), Math.max(w, -180), Math.min(n, 90), Math.min(e, 180)] as [number, number, number, number],
    )
    .refine(([s, w, n, e]) => s <= n && w <= e, "bbox_invalid"),
  zoom: z
    .string()
    .regex(/^\d{1,2}$/)
    .transform(Number)
    .pipe(z.number().max(22)),
});

/** Refusals that belong to one field of the proposal form, so the message appears next to it. */
export function refusalFieldErrors(reason: string): Record<string, string> {
  const field = ownEntry({ outside_area: "lat", category_invalid: "categoryId", photo_alt_missing: "photoAlt" }, reason);
  return field ? { [field]: reason } : {};
}
