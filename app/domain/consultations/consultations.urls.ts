// The consultation list's address: its filters as URL parameters, readable by the UI without server code.
import { ownEntry } from "~/lib/lookup";

/** The consultation list's phase filter in the URL (`?phase=offen`), German like the rest of the address. */
export const PHASE_PARAMS = { offen: "open", demnaechst: "scheduled", beendet: "closed", ergebnis: "published", entwurf: "draft" } as const;
export type PhaseParam = keyof typeof PHASE_PARAMS;
export type ListPhase = (typeof PHASE_PARAMS)[PhaseParam];
export const phaseParamOf = Object.fromEntries(Object.entries(PHASE_PARAMS).map(([k, v]) => [v, k])) as Record<ListPhase, PhaseParam>;

export interface ConsultationQuery {
  phase?: ListPhase | null;
  /** German full-text search (websearch syntax). */
  search?: string | null;
}

/** The list's filters from the query string; anything unknown is ignored rather than refused. */
export function parseConsultationQuery(params: URLSearchParams): ConsultationQuery {
  const phase = ownEntry<ListPhase>(PHASE_PARAMS, params.get("phase")) ?? null;
  const search = (params.get("suche") ?? "").trim().slice(0, 200);
  return { phase, search: search || null };
}
