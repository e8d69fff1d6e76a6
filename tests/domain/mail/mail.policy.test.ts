import { describe, expect, it } from "vitest";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { mailboxRefusal } from "~/domain/mail/mail.policy";

const person = (role: Role): CurrentUser => ({
  id: role,
  email: `${role}@example.org`,
  displayName: role,
  role,
  verified: true,
  suspendedUntil: null,
  suspensionReason: null,
});

describe("mailboxRefusal", () => {
  it("without SMTP, everyone reads the outbox in development; in production only admins", () => {
    const development = { smtp: false, production: false };
    const production = { smtp: false, production: true };
    expect(mailboxRefusal(null, development)).toBeNull();
    expect(mailboxRefusal(person("resident"), development)).toBeNull();
    expect(mailboxRefusal(person("admin"), production)).toBeNull();
    for (const reader of [null, person("resident"), person("moderator"), person("council")]) {
      expect(mailboxRefusal(reader, production)).toBe("not_found");
    }
  });

  it("with SMTP there is no outbox to read, for nobody", () => {
    expect(mailboxRefusal(person("admin"), { smtp: true, production: true })).toBe("not_found");
    expect(mailboxRefusal(person("admin"), { smtp: true, production: false })).toBe("not_found");
  });
});
