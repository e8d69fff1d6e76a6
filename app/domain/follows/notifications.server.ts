import type { DB, Queryable } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { PAGE_SIZE } from "~/lib/ids";
import { closingNotificationMail, commentNotificationMail, replyNotificationMail } from "~/i18n/mails";
import { enqueueMail, enqueueMails } from "../mail/mail.server";
import { unsubscribeUrl } from "./unsubscribe-token.server";
import * as q from "./follows.queries.server";

// Mails to followers, written into the outbox in the transaction of the event that causes them.

// Tells the people concerned about a new comment, inside the comment's transaction: the author of the comment
// replied to (if they want reply mails), and the proposal's followers. Nobody gets a mail about their own comment,
// and nobody gets two: the reply mail replaces the follower mail.
export async function notifyAboutComment(
  tx: Queryable,
  comment: { id: string; proposalId: string; parentId: string | null; authorId: string },
): Promise<void> {
  const proposal = await q.findProposalTarget(tx, comment.proposalId);
  // Comments on hidden proposals are refused; should one get here anyway, its title must not go out.
  if (!proposal || proposal.hiddenAt) return;
  const publicUrl = env().PUBLIC_URL;
  const page = await q.topLevelCommentPage(tx, { proposalId: comment.proposalId }, comment.parentId ?? comment.id, PAGE_SIZE);
  const link = `${publicUrl}/vorschlaege/${comment.proposalId}?seite=${page}#kommentar-${comment.id}`;

  const skip = [comment.authorId];
  const told = await notifyRepliedTo(tx, comment, proposal.title, link);
  if (told) skip.push(told);

  const followers = await q.proposalFollowers(tx, comment.proposalId, skip);
  await enqueueMails(
    tx,
    followers.map((f) => {
      const unsubscribe = unsubscribeUrl(f.id, { kind: "proposal", id: comment.proposalId });
      return { to: f.email, ...commentNotificationMail(f.displayName, proposal.title, link, unsubscribe), unsubscribeUrl: unsubscribe };
    }),
  );
}

/** Mails the author of the comment replied to (if they want reply mails); returns whom it told, or null. */
async function notifyRepliedTo(tx: Queryable, comment: { parentId: string | null; authorId: string }, title: string, link: string) {
  if (!comment.parentId) return null;
  const parent = await q.commentAuthor(tx, comment.parentId);
  if (!parent || parent.id === comment.authorId || !parent.notifyReplies || !parent.verifiedAt || parent.deletedAt) return null;
  const unsubscribe = unsubscribeUrl(parent.id, { kind: "replies" });
  await enqueueMail(tx, {
    to: parent.email,
    ...replyNotificationMail(parent.displayName, title, link, unsubscribe),
    unsubscribeUrl: unsubscribe,
  });
  return parent.id;
}

// A reply to a comment on a section of a text: its author hears of it like on a proposal (sections are not
// followed, so there are no follower mails). Runs in the reply's transaction (outbox).
export async function notifyAboutSectionReply(
  tx: Queryable,
  comment: { id: string; sectionId: string; parentId: string | null; authorId: string },
  title: string,
): Promise<void> {
  if (!comment.parentId) return;
  const page = await q.topLevelCommentPage(tx, { sectionId: comment.sectionId }, comment.parentId, PAGE_SIZE);
  await notifyRepliedTo(tx, comment, title, `${env().PUBLIC_URL}/abschnitte/${comment.sectionId}?seite=${page}#kommentar-${comment.id}`);
}

/** How many consultations one run handles at most; the rest waits for the next run. */
const CLOSING_BATCH = 50;

// The background job: for every published consultation whose closing time has passed and whose followers were
// not told yet, marks the notice sent and enqueues one mail per follower (of the consultation or of any of its
// proposals, once per person), all in one transaction per consultation. Safe to run in several processes at once:
// the mark is claimed with a conditional UPDATE, so each consultation's mails are written exactly once.
// Returns how many consultations were handled and how many mails were enqueued.
export async function sendClosingNotices(db: DB, now: Date = new Date()): Promise<{ consultations: number; mails: number }> {
  const due = await q.dueClosingNotices(db, now, CLOSING_BATCH);
  let consultations = 0;
  let mails = 0;
  for (const id of due) {
    mails += await db.transaction().execute(async (tx) => {
      const claimed = await q.claimClosingNotice(tx, id, now);
      if (!claimed) return 0; // another run was first
      consultations += 1;
      const link = `${env().PUBLIC_URL}/beteiligungen/${id}`;
      const followers = await q.consultationFollowers(tx, id);
      await enqueueMails(
        tx,
        followers.map((f) => {
          const unsubscribe = unsubscribeUrl(f.id, { kind: "consultation", id });
          return { to: f.email, ...closingNotificationMail(f.displayName, claimed.title, link, unsubscribe), unsubscribeUrl: unsubscribe };
        }),
      );
      return followers.length;
    });
  }
  return { consultations, mails };
}
