import type { DB, Queryable } from "~/lib/db.server";
import { PAGE_SIZE } from "~/lib/ids";
import type { CurrentUser } from "../accounts/accounts.policy";
import { canView, type ContributionRefusal } from "../consultations/consultations.policy";
import { consultationCategoryExists, loadConsultation, type Consultation } from "../consultations/consultations.server";
import { areaContains } from "../consultations/consultations.area";
import { awaitsApproval } from "../consultations/consultations.moderation.policy";
import * as limits from "../ratelimits/ratelimits.server";
import { followProposalInTransaction } from "../follows/follows.server";
import { storeFile } from "../files/files.server";
import { ruleUrl } from "../houserules/houserules.server";
import { hiddenNote, type HiddenNote, type Visibility, visibilityFor } from "../moderation/moderation.policy";
import { proposalCreateRefusal, proposalEditRefusal } from "./proposals.policy";
import type { ProposalInput } from "./proposals.schema";
import * as q from "./proposals.queries.server";

type Counted = Omit<q.ProposalRow, "votesFor" | "votesAgainst" | "commentCount"> & {
  votesFor: number;
  votesAgainst: number;
  /** The visible comments, replies included (neither hidden nor deleted): the one count every page shows. */
  commentCount: number;
  net: number;
};

export type Proposal = Counted & {
  /** The policy's answer for this reader: only the placeholder of a hidden proposal is theirs to see. */
  hiddenForReader: boolean;
  /** How this reader sees the proposal (visibilityFor): its content, marked for moderators or its waiting author. */
  visibility: Visibility;
  /** Why it is hidden, for the placeholder and the moderators' mark: the reason and the rule with its link. */
  hiddenNote: HiddenNote | null;
  /** The same for its photo, hidden on its own: a photo hidden for this reader has no file id (nor description). */
  photoVisibility: Visibility;
  photoHiddenNote: HiddenNote | null;
};

function withNet(row: q.ProposalRow): Counted {
  const votesFor = row.votesFor ?? 0;
  const votesAgainst = row.votesAgainst ?? 0;
  return { ...row, votesFor, votesAgainst, commentCount: row.commentCount ?? 0, net: votesFor - votesAgainst };
}

/**
 * What this reader sees of a proposal (visibilityFor, issue 9): a hidden one is the placeholder with the reason and the
 * rule, not the content; one waiting for approval is not there at all (null) except for its author and the moderators;
 * a photo hidden on its own is left out the same way, the rest of the proposal stays.
 */
function forReader(user: CurrentUser | null, p: Counted): Proposal | null {
  const visibility = visibilityFor(user, p);
  if (visibility === "absent") return null;
  const urlOf = (key: string) => ruleUrl(p.consultationId, key);
  const hidden = { visibility, hiddenNote: hiddenNote(p, urlOf) };
  if (visibility === "placeholder") {
    return {
      ...p,
      ...hidden,
      hiddenForReader: true,
      title: "",
      bodyMd: "",
      placeDescription: null,
      photoFileId: null,
      photoAlt: null,
      lat: null,
      lng: null,
      photoVisibility: "visible",
      photoHiddenNote: null,
    };
  }
  const photo = { hiddenAt: p.photoHiddenAt, hiddenKind: p.photoHiddenKind, authorId: p.authorId };
  const photoVisibility = p.photoFileId ? visibilityFor(user, photo) : "visible";
  const photoHiddenNote = p.photoFileId
    ? hiddenNote({ ...photo, hiddenReason: p.photoHiddenReason, hiddenRule: p.photoHiddenRule }, urlOf)
    : null;
  const photoShown = photoVisibility !== "placeholder" && photoVisibility !== "absent";
  // Its author keeps their own description (the edit form sends it back, which keeps the hidden photo).
  const ownPhotoAlt = !!user && user.id === p.authorId ? p.photoAlt : null;
  return {
    ...p,
    ...hidden,
    hiddenForReader: false,
    ...(photoShown ? {} : { photoFileId: null, photoAlt: ownPhotoAlt }),
    photoVisibility: photoVisibility === "absent" ? "visible" : photoVisibility,
    photoHiddenNote: photoVisibility === "absent" ? null : photoHiddenNote,
  };
}

export type ProposalRefusal =
  ContributionRefusal | "not_found" | "not_author" | "hidden" | "rate_limited" | "outside_area" | "category_invalid" | "photo_alt_missing";

/** No category, or one of this consultation's own. */
async function categoryFits(db: Queryable, consultationId: string, categoryId: string | null | undefined) {
  return !categoryId || (await consultationCategoryExists(db, consultationId, categoryId));
}

// Submits a proposal at a point inside the consultation's area (or at a described place), with an optional photo.
// In a pre-moderated consultation a resident's proposal is stored waiting for approval (hidden_kind 'review').
// Results: ok with the id | login_required | not_verified | role_cannot_contribute | not_open | not_found
// | outside_area | category_invalid | photo_alt_missing | rate_limited.
export async function createProposal(db: DB, user: CurrentUser | null, consultationId: string, input: ProposalInput) {
  return db.transaction().execute(async (tx) => {
    const consultation = await loadConsultation(tx, consultationId);
    if (!consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
    const refusal = proposalCreateRefusal(user, consultation);
    if (refusal) return { ok: false, reason: refusal } as const;
    const invalid = await inputRefusal(tx, consultation, input);
    if (invalid) return { ok: false, reason: invalid } as const;
    const wait = await limits.hit(tx, "contributionUser", user!.id);
    if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait } as const;
    const photoFileId = input.photo ? await storeFile(tx, user!.id, input.photo) : null;
    // In a pre-moderated consultation it waits for a moderator's approval: only its author and the moderators see it.
    const { id } = await q.insertProposal(tx, consultationId, user!.id, input, photoFileId, awaitsApproval(user!, consultation));
    await followProposalInTransaction(tx, user!.id, id); // the author hears about comments on their proposal
    return { ok: true, id } as const;
  });
}

// Changes one's own proposal while the consultation is open; a moved point must stay inside the area.
// Results: ok | not_found | not_author | hidden | outside_area | and the contribution refusals.
export async function updateProposal(db: DB, user: CurrentUser | null, id: string, input: ProposalInput) {
  return db.transaction().execute(async (tx) => {
    const refusal = await editRefusal(tx, user, id, input);
    if (refusal) return { ok: false, reason: refusal } as const;
    // A new photo costs work and disk: it counts against the same limit as new contributions.
    if (input.photo) {
      const wait = await limits.hit(tx, "contributionUser", user!.id);
      if (wait) return { ok: false, reason: "rate_limited", retryAfter: wait } as const;
    }
    const photo = input.photo ? { fileId: await storeFile(tx, user!.id, input.photo) } : input.removePhoto ? { fileId: null } : undefined;
    await q.updateProposal(tx, id, input, photo);
    return { ok: true } as const;
  });
}

/** Why this person may not change this proposal now, or null. */
async function editRefusal(db: Queryable, user: CurrentUser | null, id: string, input: ProposalInput): Promise<ProposalRefusal | null> {
  const editor = await editorRefusal(db, user, id);
  if (!editor.ok) return editor.reason;
  return inputRefusal(db, editor.consultation, input, editor.hadPhoto);
}

/** Whether this person may edit this proposal at all now (before looking at what they send). */
async function editorRefusal(db: Queryable, user: CurrentUser | null, id: string) {
  const state = await q.findProposalState(db, id);
  const consultation = state && (await loadConsultation(db, state.consultationId));
  if (!state || !consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
  const refusal = proposalEditRefusal(user, consultation, state);
  if (refusal) return { ok: false, reason: refusal } as const;
  return { ok: true, consultation, hadPhoto: state.photoFileId !== null } as const;
}

// The checks that need nothing of the form, made before a large body (a photo) is read and processed: who may send
// here now, and whether they are within their limit. The intents check again inside their transaction.
// Results: null | { reason, retryAfter? } with the refusals of createProposal / updateProposal.
export async function proposalFormRefusal(db: DB, user: CurrentUser | null, target: { consultationId: string } | { proposalId: string }) {
  if ("proposalId" in target) {
    const editor = await editorRefusal(db, user, target.proposalId);
    return editor.ok ? null : { reason: editor.reason };
  }
  const consultation = await loadConsultation(db, target.consultationId);
  if (!consultation || !canView(user, consultation)) return { reason: "not_found" as const };
  const refusal = proposalCreateRefusal(user, consultation);
  if (refusal) return { reason: refusal };
  const wait = await limits.retryAfter(db, "contributionUser", user!.id);
  return wait ? { reason: "rate_limited" as const, retryAfter: wait } : null;
}

/** What is wrong with a proposal's content for this consultation, or null: the point, the category, the photo. */
async function inputRefusal(
  db: Queryable,
  consultation: Consultation,
  input: ProposalInput,
  hadPhoto = false,
): Promise<ProposalRefusal | null> {
  if (input.lat !== null && input.lng !== null && !areaContains(consultation.area, input.lat, input.lng)) return "outside_area";
  if (!(await categoryFits(db, consultation.id, input.categoryId))) return "category_invalid";
  // A photo needs a short description for people who cannot see it (BITV 2.0).
  const keepsPhoto = input.photo ? true : hadPhoto && !input.removePhoto;
  if (keepsPhoto && !input.photoAlt) return "photo_alt_missing";
  return null;
}

// One proposal with its counts and consultation, as this reader may see it. Results: ok | not_found.
export async function getProposal(db: DB, user: CurrentUser | null, id: string) {
  const row = await q.findProposal(db, id);
  if (!row) return { ok: false, reason: "not_found" } as const;
  const consultation = await loadConsultation(db, row.consultationId);
  if (!consultation || !canView(user, consultation)) return { ok: false, reason: "not_found" } as const;
  const proposal = forReader(user, withNet(row));
  if (!proposal) return { ok: false, reason: "not_found" } as const;
  return { ok: true, proposal, consultation } as const;
}

/** A page of a consultation's proposals, filtered and sorted as the URL says. */
export async function listProposals(
  db: DB,
  user: CurrentUser | null,
  consultation: Consultation,
  page: number,
  query: q.ProposalFilter & { sort: q.ProposalSort } = { sort: "newest" },
) {
  const { rows, total } = await q.listProposals(db, consultation.id, { ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  // The list shows no texts: leave them out of the page data. A proposal waiting for approval is left out for all but
  // its author and the moderators (the queries normally exclude it already).
  const items = rows.flatMap((r) => {
    const p = forReader(user, withNet(r));
    return p ? [{ ...p, bodyMd: "" }] : [];
  });
  return { items, total };
}

/** Grid cells per viewport at most; a 1920×1080 screen at 64 px per cell needs about 500. */
const MAX_CELLS = 1200;

/** The grid cell size in degrees for a zoom level: a quarter of a map tile (64 px), widened if the box needs more cells. */
export function cellSize(box: [number, number, number, number], zoom: number): number {
  const [south, west, north, east] = box;
  const tileCell = 360 / 2 ** zoom / 4;
  const minimum = Math.sqrt(((north - south) * (east - west)) / MAX_CELLS);
  return Math.max(tileCell, minimum, 1e-7);
}

export type MapCluster = {
  count: number;
  lat: number;
  lng: number;
  id: string | null;
  title: string | null;
  category?: string;
  color?: string;
};

/**
 * A latitude or longitude as the map and the export give it out: six decimals, about 10 cm, as precise as a point set
 * on a map can mean (RFC 7946, section 11.2); the stored value keeps what was sent.
 */
export function roundCoordinate(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}

// What the map needs for a viewport: visible proposals, clustered into grid cells where they are dense.
// The answer's size depends on the viewport, never on how many proposals the consultation has.
export async function proposalsForMap(
  db: DB,
  consultationId: string,
  box: [number, number, number, number],
  zoom: number,
  filter: q.ProposalFilter = {},
) {
  const cells = await q.clustersInBox(db, consultationId, box, cellSize(box, zoom), filter);
  const labels = new Map(
    (
      await q.mapLabels(
        db,
        cells.filter((c) => c.count === 1).map((c) => String(c.first_id)),
      )
    ).map((l) => [l.id, l]),
  );
  const clusters: MapCluster[] = cells.map((c) => {
    const label = c.count === 1 ? labels.get(String(c.first_id)) : undefined;
    return {
      count: c.count,
      lat: roundCoordinate(Number(c.lat)),
      lng: roundCoordinate(Number(c.lng)),
      id: label?.id ?? null,
      title: label?.title ?? null,
      // Only single proposals with a category carry it, to keep the answer small.
      ...(label?.category ? { category: label.category, color: label.color ?? undefined } : {}),
    };
  });
  return { clusters };
}

/** The licence under which the export is published (named in every file). */
export const EXPORT_LICENCE = {
  name: "Datenlizenz Deutschland – Namensnennung – Version 2.0",
  id: "dl-de/by-2-0",
  url: "https://www.govdata.de/dl-de/by-2-0",
};

// A consultation's visible proposals as GeoJSON (points with id, title, category, status, votes, link), with the licence.
export async function exportGeojson(db: DB, consultation: Consultation, filter: q.ProposalFilter, publicUrl: string) {
  const rows = await q.exportRows(db, consultation.id, filter);
  return {
    type: "FeatureCollection" as const,
    name: consultation.title,
    license: EXPORT_LICENCE,
    attribution: `${consultation.title} – ${publicUrl}/beteiligungen/${consultation.id}`,
    generated: new Date().toISOString(),
    features: rows.map((r) => ({
      type: "Feature" as const,
      // A proposal placed only by a described place has no point (GeoJSON allows a null geometry).
      geometry:
        r.lat !== null && r.lng !== null ? { type: "Point" as const, coordinates: [roundCoordinate(r.lng), roundCoordinate(r.lat)] } : null,
      properties: {
        id: r.id,
        title: r.title,
        category: r.category,
        status: r.status,
        place: r.place_description,
        votes_for: r.votes_for,
        votes_against: r.votes_against,
        net_votes: r.votes_net,
        comments: r.comment_count,
        created: r.created_at,
        link: `${publicUrl}/vorschlaege/${r.id}`,
      },
    })),
  };
}

/** Checks that the stored tallies equal the votes and comments; repairs and counts the ones that did not. */
export function recomputeTallies(db: DB): Promise<number> {
  return q.recomputeTallies(db);
}

/** For other areas: the proposal's consultation, author and visibility, or undefined. */
export function proposalState(db: Queryable, id: string) {
  return q.findProposalState(db, id);
}
