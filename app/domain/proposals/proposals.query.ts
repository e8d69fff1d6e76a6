// The list's, map's and export's filters and sort orders as URLs carry them. Without zod: the consultation page
// builds its filter links in the browser too.
import { ownEntry } from "~/lib/lookup";
import { parseId } from "~/lib/ids";
import { parseStatusParam } from "../answers/answers.statuses";

export const SORTS = ["newest", "supported", "discussed", "controversial"] as const;
const sortParam: Record<string, (typeof SORTS)[number]> = {
  neu: "newest",
  unterstuetzt: "supported",
  diskutiert: "discussed",
  umstritten: "controversial",
};
export const sortParamOf = Object.fromEntries(Object.entries(sortParam).map(([k, v]) => [v, k])) as Record<(typeof SORTS)[number], string>;

/** The URL parameters that filter (the list, the map and the export share them); the sort applies to the list. */
export const FILTER_PARAMS = ["kategorie", "status", "suche"];

/** The list's and map's filters from the URL (?kategorie=…&status=…&suche=…&sortierung=…); anything odd falls back. */
export function parseProposalQuery(params: URLSearchParams) {
  const search = (params.get("suche") ?? "").trim().slice(0, 200);
  return {
    categoryId: parseId(params.get("kategorie")),
    status: parseStatusParam(params.get("status")),
    search: search || null,
    sort: ownEntry(sortParam, params.get("sortierung")) ?? "newest",
  } as const;
}
