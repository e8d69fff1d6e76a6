import type { DB } from "~/lib/db.server";
import { plainTextExcerpt } from "~/lib/markdown.server";
import type { CurrentUser } from "../accounts/accounts.policy";
import { getProposal } from "./proposals.server";

export const EXCERPT_LENGTH = 200;

/** What a map popup shows of a proposal; a hidden one is only its placeholder for the public. */
export type ProposalPreview =
  | { id: string; url: string; placeholder: true; hiddenReason: string }
  | {
      id: string;
      url: string;
      placeholder: false;
      title: string;
      category: { name: string; color: string | null } | null;
      status: string;
      votesFor: number;
      votesAgainst: number;
      net: number;
      commentCount: number;
      excerpt: string;
      /** Only moderators get content of a hidden proposal; they see that it is hidden. */
      hidden: boolean;
    };

// A proposal's short preview for the map, loaded when its popup opens. The same visibility as the proposal page:
// drafts only for admins, hidden proposals only as the placeholder with its reason (moderators see them).
// Results: ok with the preview | not_found.
export async function proposalPreview(db: DB, user: CurrentUser | null, id: string) {
  const result = await getProposal(db, user, id);
  if (!result.ok) return result;
  const p = result.proposal;
  const url = `/vorschlaege/${p.id}`;
  const preview: ProposalPreview = p.hiddenForReader
    ? { id: p.id, url, placeholder: true, hiddenReason: p.hiddenReason ?? "" }
    : {
        id: p.id,
        url,
        placeholder: false,
        title: p.title,
        category: p.categoryName ? { name: p.categoryName, color: p.categoryColor } : null,
        status: p.status,
        votesFor: p.votesFor,
        votesAgainst: p.votesAgainst,
        net: p.net,
        commentCount: p.commentCount,
        excerpt: plainTextExcerpt(p.bodyMd, EXCERPT_LENGTH),
        hidden: !!p.hiddenAt,
      };
  return { ok: true, preview } as const;
}
