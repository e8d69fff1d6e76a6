import { describe, expect, it } from "vitest";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { canModerate, hiddenFor, moderationRefusal } from "~/domain/moderation/moderation.policy";
import { answerRefusal, canAnswer } from "~/domain/answers/answers.policy";
import { canManageDocuments, documentManageRefusal } from "~/domain/documents/documents.policy";

// Who moderates, answers officially and manages documents: each case fails when its rule is taken out.

const person = (role: Role, verified = true): CurrentUser => ({
  id: role,
  email: `${role}@example.org`,
  displayName: role,
  role,
  verified,
  suspendedUntil: null,
  suspensionReason: null,
});
const everyone: (CurrentUser | null)[] = [null, person("resident"), person("council"), person("moderator"), person("admin")];
const allowed = (check: (user: CurrentUser | null) => unknown) => everyone.filter((u) => check(u)).map((u) => u?.role ?? "guest");

describe("moderation.policy", () => {
  it("moderators and admins moderate; nobody else", () => {
    expect(allowed(canModerate)).toEqual(["moderator", "admin"]);
    expect(moderationRefusal(person("resident"))).toBe("forbidden");
    expect(moderationRefusal(person("council"))).toBe("forbidden");
    expect(moderationRefusal(null)).toBe("forbidden");
    expect(moderationRefusal(person("moderator"))).toBeNull();
  });

  it("a hidden contribution is only its placeholder for everyone who does not moderate", () => {
    const hidden = { hiddenAt: new Date() };
    expect(allowed((u) => !hiddenFor(u, hidden))).toEqual(["moderator", "admin"]);
    expect(allowed((u) => !hiddenFor(u, { hiddenAt: null }))).toEqual(["guest", "resident", "council", "moderator", "admin"]);
  });
});

describe("answers.policy", () => {
  it("moderators and admins write the official answer (DESIGN §1); residents and council members do not", () => {
    expect(allowed(canAnswer)).toEqual(["moderator", "admin"]);
    expect(answerRefusal(person("council"))).toBe("forbidden");
    expect(answerRefusal(null)).toBe("forbidden");
  });
});

describe("documents.policy", () => {
  it("only admins manage documents", () => {
    expect(allowed(canManageDocuments)).toEqual(["admin"]);
    expect(documentManageRefusal(person("moderator"))).toBe("forbidden");
    expect(documentManageRefusal(person("admin"))).toBeNull();
  });
});
