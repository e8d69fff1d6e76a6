import { describe, expect, it } from "vitest";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import {
  commentDeleteRefusal,
  commentEditRefusal,
  commentHiddenFor,
  commentOffers,
  commentRefusal,
  commentReplyRefusal,
  replyRefusal,
} from "~/domain/comments/comments.policy";

// Who may write and reply where: each case fails when its rule is taken out.

const DAY = 24 * 3600 * 1000;
const now = new Date("2026-11-25T12:00:00Z");
const open = {
  publishedAt: new Date(now.getTime() - 10 * DAY),
  opensAt: new Date(now.getTime() - DAY),
  closesAt: new Date(now.getTime() + DAY),
  resultPublishedAt: null,
};
const closed = { ...open, closesAt: new Date(now.getTime() - 1) };
const person = (role: Role, verified = true): CurrentUser => ({
  id: role,
  email: `${role}@example.org`,
  displayName: role,
  role,
  verified,
  suspendedUntil: null,
  suspensionReason: null,
});
const resident = person("resident");

describe("commentRefusal", () => {
  it("verified residents and staff comment while the consultation is open", () => {
    expect(commentRefusal(resident, open, {}, now)).toBeNull();
    expect(commentRefusal(person("moderator"), open, { hiddenAt: null }, now)).toBeNull();
    expect(commentRefusal(resident, closed, {}, now)).toBe("not_open");
    expect(commentRefusal(null, open, {}, now)).toBe("login_required");
    expect(commentRefusal(person("resident", false), open, {}, now)).toBe("not_verified");
    expect(commentRefusal(person("council"), open, {}, now)).toBe("role_cannot_contribute");
  });

  it("not under a hidden proposal (moderators neither), not on a section an edit removed", () => {
    expect(commentRefusal(resident, open, { hiddenAt: now }, now)).toBe("hidden");
    expect(commentRefusal(person("moderator"), open, { hiddenAt: now }, now)).toBe("hidden");
    expect(commentRefusal(resident, open, { removed: true }, now)).toBe("section_removed");
    expect(commentRefusal(resident, open, { removed: false }, now)).toBeNull();
  });
});

describe("replies", () => {
  const top = { parentId: null, hiddenAt: null, deletedAt: null };
  it("go one level deep, to a comment that can be read", () => {
    expect(replyRefusal(top)).toBeNull();
    expect(replyRefusal({ ...top, parentId: "3" })).toBe("parent_invalid");
    expect(replyRefusal({ ...top, deletedAt: now })).toBe("parent_invalid");
    expect(replyRefusal({ ...top, hiddenAt: now })).toBe("parent_invalid");
  });

  it("commentReplyRefusal: the rules of commenting here first, then the parent's", () => {
    expect(commentReplyRefusal(resident, open, {}, top, now)).toBeNull();
    expect(commentReplyRefusal(resident, closed, {}, top, now)).toBe("not_open");
    expect(commentReplyRefusal(null, open, {}, top, now)).toBe("login_required");
    expect(commentReplyRefusal(resident, open, { removed: true }, top, now)).toBe("section_removed");
    expect(commentReplyRefusal(resident, open, {}, { ...top, hiddenAt: now }, now)).toBe("parent_invalid");
    expect(commentReplyRefusal(resident, open, {}, { ...top, deletedAt: now }, now)).toBe("parent_invalid");
  });
});

describe("editing and deleting a comment where it stands", () => {
  const own = { authorId: resident.id, parentId: null, createdAt: new Date(now.getTime() - 60_000), hiddenAt: null, deletedAt: null };
  const late = new Date(now.getTime() + 20 * 60_000);
  const lateOpen = { ...open, closesAt: new Date(late.getTime() + DAY) };

  it("commentEditRefusal: only while commenting here is possible, then the comment's own rules", () => {
    expect(commentEditRefusal(resident, open, {}, own, now)).toBeNull();
    expect(commentEditRefusal(resident, closed, {}, own, now)).toBe("not_open");
    expect(commentEditRefusal(resident, open, { hiddenAt: now }, own, now)).toBe("hidden");
    expect(commentEditRefusal(resident, open, { removed: true }, own, now)).toBe("section_removed");
    expect(commentEditRefusal(person("moderator"), open, {}, own, now)).toBe("not_author");
    expect(commentEditRefusal(resident, lateOpen, {}, own, late)).toBe("edit_window_closed");
  });

  it("commentDeleteRefusal: like editing, without the time limit, and also under a section an edit removed", () => {
    expect(commentDeleteRefusal(resident, open, {}, own, now)).toBeNull();
    expect(commentDeleteRefusal(resident, lateOpen, {}, own, late)).toBeNull();
    expect(commentDeleteRefusal(resident, open, { removed: true }, own, now)).toBeNull();
    expect(commentDeleteRefusal(resident, closed, { removed: true }, own, now)).toBe("not_open");
    expect(commentDeleteRefusal(resident, open, { hiddenAt: now }, own, now)).toBe("hidden");
    expect(commentDeleteRefusal(resident, open, {}, { ...own, hiddenAt: now }, now)).toBe("hidden");
    expect(commentDeleteRefusal(person("moderator"), open, {}, own, now)).toBe("not_author");
  });

  it("commentOffers: what the page shows under a comment is these answers", () => {
    expect(commentOffers(resident, open, {}, own, now)).toEqual({ canEdit: true, canDelete: true, canReply: true });
    expect(commentOffers(resident, open, { removed: true }, own, now)).toEqual({ canEdit: false, canDelete: true, canReply: false });
    expect(commentOffers(resident, closed, {}, own, now)).toEqual({ canEdit: false, canDelete: false, canReply: false });
    expect(commentOffers(person("moderator"), open, {}, own, now)).toEqual({ canEdit: false, canDelete: false, canReply: true });
    // Nothing left to delete: no "Löschen", although deleting again would be accepted.
    expect(commentOffers(resident, open, {}, { ...own, deletedAt: now }, now)).toEqual({
      canEdit: false,
      canDelete: false,
      canReply: false,
    });
  });
});

describe("commentHiddenFor", () => {
  it("a hidden comment is only its placeholder for everyone who does not moderate", () => {
    const hidden = { hiddenAt: now };
    for (const reader of [null, resident, person("council")]) expect(commentHiddenFor(reader, hidden)).toBe(true);
    for (const reader of [person("moderator"), person("admin")]) expect(commentHiddenFor(reader, hidden)).toBe(false);
    expect(commentHiddenFor(null, { hiddenAt: null })).toBe(false);
  });
});
