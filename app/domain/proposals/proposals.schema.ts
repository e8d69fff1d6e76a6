import { z } from "zod";
import { decimalField } from "~/lib/forms";

export const proposalSchema = z.object({
  title: z.string().trim().min(5, "title_short").max(120, "title_long"),
  body: z.string().trim().min(10, "text_short").max(5000, "text_long"),
  lat: decimalField(z.number("number_invalid").min(-90, "lat_invalid").max(90, "lat_invalid")),
  lng: decimalField(z.number("number_invalid").min(-180, "lng_invalid").max(180, "lng_invalid")),
});
export type ProposalInput = z.infer<typeof proposalSchema>;

/** A map viewport: south, west, north, east. */
export const bboxSchema = z
  .string()
  .transform((s) => s.split(",").map(Number))
  .pipe(z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180)]))
  .refine(([s, w, n, e]) => s <= n && w <= e, "bbox_invalid");
