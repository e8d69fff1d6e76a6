import { describe, expect, it } from "vitest";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { canView, consultationAdminRefusal, publishRefusal } from "~/domain/consultations/consultations.policy";

const DAY = 24 * 3600 * 1000;
const now = Date.now();
const person = (role: Role): CurrentUser => ({
  id: role,
  email: `${role}@example.org`,
  displayName: role,
  role,
  verified: true,
  suspendedUntil: null,
  suspensionReason: null,
});
const draft = { publishedAt: null, opensAt: new Date(now + DAY), closesAt: new Date(now + 10 * DAY), resultPublishedAt: null };
const published = { ...draft, publishedAt: new Date(now - DAY) };

describe("consultationAdminRefusal", () => {
  it("lets admins into the administration, nobody else", () => {
    expect(consultationAdminRefusal(person("admin"))).toBeNull();
    for (const user of [null, person("resident"), person("moderator"), person("council")]) {
      expect(consultationAdminRefusal(user)).toBe("forbidden");
    }
  });
});

describe("publishRefusal", () => {
  it("an admin publishes a draft, once", () => {
    expect(publishRefusal(person("admin"), draft)).toBeNull();
    expect(publishRefusal(person("admin"), published)).toBe("already_published");
  });

  it("nobody else publishes anything", () => {
    expect(publishRefusal(person("moderator"), draft)).toBe("forbidden");
    expect(publishRefusal(null, draft)).toBe("forbidden");
  });
});

describe("canView for a guest (what may sit in a shared cache)", () => {
  it("guests see every published consultation, in every phase, and no draft", () => {
    expect(canView(null, draft)).toBe(false);
    expect(canView(person("admin"), draft)).toBe(true);
    expect(canView(null, published)).toBe(true);
    expect(canView(null, { ...published, opensAt: new Date(now - 20 * DAY), closesAt: new Date(now - DAY) })).toBe(true);
  });
});
