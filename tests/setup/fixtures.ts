import { sql } from "kysely";
import type { DB } from "~/lib/db.server";
import type { CurrentUser, Role } from "~/domain/accounts/accounts.policy";
import { hashToken, randomToken } from "~/lib/crypto.server";

// Small builders for test data, written straight to the database so tests stay fast and explicit.

const DAY = 24 * 3600 * 1000;
let counter = 0;
// One precomputed Argon2id hash of "richtig-langes-passwort", so fixtures do not spend time hashing.
export const FIXTURE_PASSWORD = "richtig-langes-passwort";
let passwordHash: string | undefined;

async function fixtureHash() {
  if (!passwordHash) {
    const { hashPassword } = await import("~/lib/password.server");
    passwordHash = await hashPassword(FIXTURE_PASSWORD);
  }
  return passwordHash;
}

export async function createUser(
  db: DB,
  opts: { role?: Role; verified?: boolean; email?: string; name?: string } = {},
): Promise<CurrentUser> {
  counter += 1;
  const role = opts.role ?? "resident";
  const email = opts.email ?? `${role}${counter}-${Date.now()}@example.org`;
  const displayName = opts.name ?? `${role} ${counter}`;
  const verified = opts.verified ?? true;
  const row = await db
    .insertInto("users")
    .values({ email, display_name: displayName, role, password_hash: await fixtureHash(), email_verified_at: verified ? new Date() : null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, email, displayName, role, verified, suspendedUntil: null, suspensionReason: null };
}

/** A session for the user; returns the Cookie header value a browser would send. */
export async function sessionCookieFor(db: DB, user: CurrentUser): Promise<string> {
  const token = randomToken();
  await db
    .insertInto("sessions")
    .values({ user_id: user.id, token_hash: hashToken(token), expires_at: new Date(Date.now() + 30 * DAY) })
    .execute();
  return `ratschlag_session=${token}`;
}

export type PhaseName = "draft" | "scheduled" | "open" | "closed";

export async function createConsultation(db: DB, createdBy: CurrentUser, phase: PhaseName = "open") {
  const now = Date.now();
  const dates = {
    draft: [-1, 10],
    scheduled: [5, 20],
    open: [-5, 20],
    closed: [-30, -1],
  }[phase];
  const row = await db
    .insertInto("consultations")
    .values({
      title: `Beteiligung ${++counter}`,
      summary: "Eine Beteiligung für Tests.",
      body_md: "Text",
      opens_at: new Date(now + dates[0] * DAY),
      closes_at: new Date(now + dates[1] * DAY),
      center_lat: 50.55,
      center_lng: 9.67,
      zoom: 14,
      published_at: phase === "draft" ? null : new Date(now - 40 * DAY),
      created_by: createdBy.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Moves a consultation into another phase by its dates, as time would. */
export async function setPhase(db: DB, consultationId: string, phase: "open" | "closed") {
  const now = Date.now();
  await db
    .updateTable("consultations")
    .set(
      phase === "open"
        ? { opens_at: new Date(now - 5 * DAY), closes_at: new Date(now + 20 * DAY) }
        : { opens_at: new Date(now - 30 * DAY), closes_at: new Date(now - DAY) },
    )
    .where("id", "=", consultationId)
    .execute();
}

export async function createProposal(db: DB, consultationId: string, author: CurrentUser, title = "Ein guter Vorschlag") {
  const row = await db
    .insertInto("proposals")
    .values({ consultation_id: consultationId, author_id: author.id, title, body_md: "Beschreibung des Vorschlags", lat: 50.55, lng: 9.67 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Counts rows of a table, for "writes nothing" assertions. */
export async function countRows(
  db: DB,
  table:
    | "proposals"
    | "comments"
    | "votes"
    | "audit_log"
    | "mail_outbox"
    | "users"
    | "sessions"
    | "result_reports"
    | "consultations"
    | "stored_files"
    | "proposal_answers",
) {
  const row = await db
    .selectFrom(table)
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}
