import { z } from "zod";
import { decimalField, optionalIdField } from "~/lib/forms";
import { parseId } from "~/lib/ids";

export const proposalSchema = z.object({
  title: z.string().trim().min(5, "title_short").max(120, "title_long"),
  categoryId: optionalIdField("category_invalid"),
  body: z.string().trim().min(10, "text_short").max(5000, "text_long"),
  lat: decimalField(z.number("number_invalid").min(-90, "lat_invalid").max(90, "lat_invalid")),
  lng: decimalField(z.number("number_invalid").min(-180, "lng_invalid").max(180, "lng_invalid")),
});
/** A proposal's fields; the category is optional (a consultation may have none). */
export type ProposalInput = Omit<z.infer<typeof proposalSchema>, "categoryId"> & { categoryId?: string | null };

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

export const SORTS = ["newest", "supported", "discussed", "controversial"] as const;
const sortParam = { neu: "newest", unterstuetzt: "supported", diskutiert: "discussed", umstritten: "controversial" } as const;
export const sortParamOf = Object.fromEntries(Object.entries(sortParam).map(([k, v]) => [v, k])) as Record<(typeof SORTS)[number], string>;

/** The list's and map's filters from the URL (?kategorie=…&suche=…&sortierung=…); anything odd falls back. */
export function parseProposalQuery(params: URLSearchParams) {
  const search = (params.get("suche") ?? "").trim().slice(0, 200);
  return {
    categoryId: parseId(params.get("kategorie")),
    search: search || null,
    sort: sortParam[(params.get("sortierung") ?? "") as keyof typeof sortParam] ?? "newest",
  } as const;
}

/** Refusals that belong to one field of the proposal form, so the message appears next to it. */
export function refusalFieldErrors(reason: string): Record<string, string> {
  const field = ({ outside_area: "lat", category_invalid: "categoryId" } as Record<string, string>)[reason];
  return field ? { [field]: reason } : {};
}
