import { describe, expect, it } from "vitest";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { canReply, commentHiddenFor, commentRefusal, replyRefusal } from "~/domain/comments/comments.policy";

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

  it("the page offers 'Antworten' by the same rule, and only where one may write", () => {
    expect(canReply(true, top)).toBe(true);
    expect(canReply(false, top)).toBe(false);
    expect(canReply(true, { ...top, hiddenAt: now })).toBe(false);
    expect(canReply(true, { ...top, deletedAt: now })).toBe(false);
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
