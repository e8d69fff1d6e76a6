// The one generic reference to a contribution (decision 0016): flags, and later moderation decisions, objections and
// citations, point at (type, id). "comment" covers comments on proposals and on document sections; "photo" is a
// proposal's photo and its id is the proposal's. Pure and free of server code: pages and policies use it too.

export const CONTRIBUTION_TYPES = ["proposal", "comment", "photo"] as const;
export type ContributionType = (typeof CONTRIBUTION_TYPES)[number];
export type ContributionRef = { type: ContributionType; id: string };

/** The German word for each type in URLs (`/melden?typ=…`), and back. */
export const contributionTypeSlugs: Record<ContributionType, string> = { proposal: "vorschlag", comment: "kommentar", photo: "foto" };

export function contributionTypeFromSlug(slug: string | null): ContributionType | null {
  const found = CONTRIBUTION_TYPES.find((t) => contributionTypeSlugs[t] === slug);
  return found ?? null;
}

/** The address of the report form for one contribution. */
export const flagUrl = (ref: ContributionRef) => `/melden?typ=${contributionTypeSlugs[ref.type]}&id=${ref.id}`;

/** The reasons a report can give (issue 9); the flags table's CHECK lists the same. Here, not in the zod schema, so the
 * report form's page can list them without bringing zod into the browser. */
export const FLAG_REASONS = ["insult", "spam", "personal_data", "illegal", "off_topic", "other"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export const FLAG_NOTE_MAX = 1000;
