import { describe, expect, it } from "vitest";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { isAuthor, proposalCreateRefusal, proposalEditRefusal, proposalHiddenFor } from "~/domain/proposals/proposals.policy";
import { voteRefusal } from "~/domain/votes/votes.policy";
import { followTargetRefusal } from "~/domain/follows/follows.policy";

// The proposals' and votes' rules as pure functions: each case here fails when its rule is taken out.

const DAY = 24 * 3600 * 1000;
const now = new Date("2026-11-25T12:00:00Z");
const open = {
  publishedAt: new Date(now.getTime() - 10 * DAY),
  opensAt: new Date(now.getTime() - DAY),
  closesAt: new Date(now.getTime() + DAY),
  resultPublishedAt: null,
};
const closed = { ...open, closesAt: new Date(now.getTime() - 1) };
const scheduled = { ...open, opensAt: new Date(now.getTime() + DAY) };
const person = (id: string, role: Role = "resident", verified = true): CurrentUser => ({
  id,
  email: `${id}@example.org`,
  displayName: id,
  role,
  verified,
  suspendedUntil: null,
  suspensionReason: null,
});
const anna = person("1");
const bert = person("2");
const visible = { authorId: "1", hiddenAt: null };
const hidden = { authorId: "1", hiddenAt: new Date(now.getTime() - DAY) };

describe("proposals.policy", () => {
  it("the author edits while the consultation is open and the proposal is not hidden", () => {
    expect(proposalEditRefusal(anna, open, visible, now)).toBeNull();
    expect(proposalEditRefusal(bert, open, visible, now)).toBe("not_author");
    expect(proposalEditRefusal(anna, closed, visible, now)).toBe("not_open");
    expect(proposalEditRefusal(anna, scheduled, visible, now)).toBe("not_open");
    expect(proposalEditRefusal(anna, open, hidden, now)).toBe("hidden");
  });

  it("editing needs what every contribution needs: a login, a confirmed address, a role that contributes", () => {
    expect(proposalEditRefusal(null, open, visible, now)).toBe("login_required");
    expect(proposalEditRefusal(person("1", "resident", false), open, visible, now)).toBe("not_verified");
    expect(proposalEditRefusal(person("1", "council"), open, visible, now)).toBe("role_cannot_contribute");
    // Staff edit only their own proposals as well.
    expect(proposalEditRefusal(person("9", "moderator"), open, visible, now)).toBe("not_author");
    expect(proposalEditRefusal(person("9", "admin"), open, visible, now)).toBe("not_author");
  });

  it("submitting a new proposal: only while open, by verified residents and staff", () => {
    expect(proposalCreateRefusal(anna, open, now)).toBeNull();
    expect(proposalCreateRefusal(person("9", "moderator"), open, now)).toBeNull();
    expect(proposalCreateRefusal(anna, closed, now)).toBe("not_open");
    expect(proposalCreateRefusal(null, open, now)).toBe("login_required");
    expect(proposalCreateRefusal(person("3", "council"), open, now)).toBe("role_cannot_contribute");
  });

  it("a hidden proposal is only its placeholder for everyone but moderators and admins", () => {
    for (const reader of [null, anna, bert, person("3", "council")]) expect(proposalHiddenFor(reader, hidden)).toBe(true);
    for (const reader of [person("4", "moderator"), person("5", "admin")]) expect(proposalHiddenFor(reader, hidden)).toBe(false);
    for (const reader of [null, anna, person("4", "moderator")]) expect(proposalHiddenFor(reader, visible)).toBe(false);
  });

  it("isAuthor compares the person with the author", () => {
    expect(isAuthor(anna, visible)).toBe(true);
    expect(isAuthor(bert, visible)).toBe(false);
    expect(isAuthor(null, visible)).toBe(false);
  });

  it("a hidden proposal takes no new followers", () => {
    expect(followTargetRefusal(visible)).toBeNull();
    expect(followTargetRefusal(hidden)).toBe("hidden");
    expect(followTargetRefusal({})).toBeNull();
  });
});

describe("votes.policy", () => {
  it("verified residents and staff vote while open, not on a hidden proposal", () => {
    expect(voteRefusal(anna, open, visible, now)).toBeNull();
    expect(voteRefusal(person("4", "moderator"), open, visible, now)).toBeNull();
    expect(voteRefusal(anna, open, hidden, now)).toBe("hidden");
    expect(voteRefusal(anna, closed, visible, now)).toBe("not_open");
    expect(voteRefusal(anna, scheduled, visible, now)).toBe("not_open");
    expect(voteRefusal(null, open, visible, now)).toBe("login_required");
    expect(voteRefusal(person("1", "resident", false), open, visible, now)).toBe("not_verified");
    expect(voteRefusal(person("3", "council"), open, visible, now)).toBe("role_cannot_contribute");
  });

  it("one may vote on one's own proposal (a vote is an opinion, not a contribution to someone else's)", () => {
    expect(voteRefusal(anna, open, { hiddenAt: null }, now)).toBeNull();
  });
});
