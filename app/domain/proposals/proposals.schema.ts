import { z } from "zod";
import { decimalField } from "~/lib/forms";

export const proposalSchema = z.object({
  title: z.string().trim().min(5, "title_short").max(120, "title_long"),
  body: z.string().trim().min(10, "text_short").max(5000, "text_long"),
  lat: decimalField(z.number("number_invalid").min(-90, "lat_invalid").max(90, "lat_invalid")),
  lng: decimalField(z.number("number_invalid").min(-180, "lng_invalid").max(180, "lng_invalid")),
});
export type ProposalInput = z.infer<typeof proposalSchema>;

/** A map viewport: bbox=south,west,north,east (clamped to the world) and the map's zoom level. */
export const viewportSchema = z.object({
  bbox: z
    .string()
    .transform((s) => s.split(",").map(Number))
    .pipe(z.tuple([z.number(), z.number(), z.number(), z.number()]))
    .transform(([s, w, n, e]) => [Math.max(s, -90), Math.max(w, -180), Math.min(n, 90), Math.min(e, 180)] as [number, number, number, number])
    .refine(([s, w, n, e]) => s <= n && w <= e, "bbox_invalid"),
  zoom: z.string().regex(/^\d{1,2}$/).transform(Number).pipe(z.number().max(22)),
});
