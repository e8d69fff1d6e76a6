import type { ColumnType, Generated, GeneratedAlways, JSONColumnType } from "kysely";
import type { MultiPolygon, Polygon } from "geojson";

// The Database interface for Kysely. Changes go into the same commit as their migration.
// bigint ids come back from pg as strings.
type Id = GeneratedAlways<string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type FkId = ColumnType<string, string | number | bigint, string | number | bigint>;
type NullableFkId = ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;

export type Role = "resident" | "moderator" | "admin" | "council";

export interface UsersTable {
  id: Id;
  email: string;
  display_name: string;
  password_hash: string;
  role: Generated<Role>;
  email_verified_at: NullableTimestamp;
  /** Suspended by an admin until then (reading still works); the reason is mailed and shown. Both or neither. */
  suspended_until: NullableTimestamp;
  suspension_reason: string | null;
  /** Mail when someone replies to one's comment; switched off by the unsubscribe link in such a mail. */
  notify_replies: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Id;
  token_hash: string;
  user_id: FkId;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface EmailVerificationsTable {
  id: Id;
  token_hash: string;
  user_id: FkId;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface RateLimitEventsTable {
  id: Id;
  bucket: string;
  key_hash: string;
  created_at: CreatedAt;
}

export interface ConsultationsTable {
  id: Id;
  title: string;
  summary: string;
  body_md: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  center_lat: number;
  center_lng: number;
  zoom: number;
  /** GeoJSON area; proposals must lie inside it. Null: no limit. */
  area: JSONColumnType<Polygon | MultiPolygon | null, string | null | undefined, string | null>;
  published_at: NullableTimestamp;
  /** When followers were told that the consultation closed (set once, by the background job). */
  closing_notice_sent_at: NullableTimestamp;
  /** A summary in plain language ("In einfacher Sprache"), markdown; "" when none. */
  plain_summary: Generated<string>;
  /** The contact person and office residents can ask; each "" when not given. */
  contact_name: Generated<string>;
  contact_office: Generated<string>;
  contact_email: Generated<string>;
  contact_phone: Generated<string>;
  /** What happens with the input: who decides, when, and how the result is reported back (markdown). */
  input_use_md: Generated<string>;
  /** Hide an item at once, pending review, when this many distinct confirmed accounts older than a day reported it;
   * null: off. */
  auto_hide_threshold: number | null;
  /** New proposals and comments wait for a moderator's approval before anyone else sees them. */
  premoderated: Generated<boolean>;
  /** German full-text vector over title, summaries and body (generated). */
  search: GeneratedAlways<string>;
  created_by: FkId;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

/** What a revision keeps of a consultation: the fields an admin edits, as residents saw them. */
export interface ConsultationSnapshot {
  title: string;
  summary: string;
  plainSummary: string;
  body: string;
  dates: { opensAt: string; closesAt: string };
  contact: { name: string; office: string; email: string; phone: string };
  inputUse: string;
  map: { centerLat: number; centerLng: number; zoom: number; area: Polygon | MultiPolygon | null };
}

/** One published state of a consultation: number 1 is the publication, each later one an edit after it. */
export interface ConsultationRevisionsTable {
  id: Id;
  consultation_id: FkId;
  number: number;
  snapshot: JSONColumnType<ConsultationSnapshot, string, string>;
  /** The snapshot's top-level keys that differ from the revision before (empty for the first). */
  changed_fields: JSONColumnType<(keyof ConsultationSnapshot)[], string | undefined, string>;
  author_id: FkId;
  created_at: CreatedAt;
}

export interface CategoriesTable {
  id: Id;
  consultation_id: FkId;
  name: string;
  color: string;
  created_at: CreatedAt;
}

/** Who hid a contribution (decision 0017): a moderator, auto-hide after reports (pending review), or pre-moderation
 * (waiting for approval). Set exactly when hidden_at is. */
export type HiddenKind = "decision" | "automatic" | "review";

interface Hideable {
  hidden_at: NullableTimestamp;
  hidden_by: NullableFkId;
  hidden_reason: string | null;
  hidden_kind: HiddenKind | null;
  /** The house rule the decision names: its anchor, "regel-3" (platform) or "zusatz-1" (the consultation's additions). */
  hidden_rule: string | null;
}

export interface ProposalsTable extends Hideable {
  id: Id;
  consultation_id: FkId;
  author_id: FkId;
  category_id: NullableFkId;
  title: string;
  body_md: string;
  /** The point on the map; null when the place is only described (entered without the map). */
  lat: number | null;
  lng: number | null;
  place_description: string | null;
  photo_file_id: NullableFkId;
  photo_alt: string | null;
  /** The photo hidden on its own (the proposal stays visible); same meaning as the hidden_* columns. */
  photo_hidden_at: NullableTimestamp;
  photo_hidden_by: NullableFkId;
  photo_hidden_reason: string | null;
  photo_hidden_kind: HiddenKind | null;
  photo_hidden_rule: string | null;
  /** Set only together with the official answer (proposal_answers), in the same transaction. */
  status: Generated<ProposalStatus>;
  /** Tallies kept by database triggers from votes and comments; recomputable from them. */
  votes_for: Generated<number>;
  votes_against: Generated<number>;
  comment_count: Generated<number>;
  votes_net: GeneratedAlways<number>;
  search: GeneratedAlways<string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

export const PROPOSAL_STATUSES = ["submitted", "under_review", "accepted", "partly_accepted", "rejected", "implemented"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** The administration's official answer (Stellungnahme) to a proposal; one per proposal. */
export interface ProposalAnswersTable {
  id: Id;
  proposal_id: FkId;
  status: Exclude<ProposalStatus, "submitted">;
  body_md: string;
  author_id: FkId;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

/** An uploaded file; its bytes live in the storage directory under the sha256. */
export interface StoredFilesTable {
  id: Id;
  sha256: string;
  media_type: string;
  byte_size: number;
  original_name: string;
  uploaded_by: FkId;
  created_at: CreatedAt;
}

/** A consultation's document: an uploaded file, or a markdown text split into sections. */
export interface DocumentsTable {
  id: Id;
  consultation_id: FkId;
  kind: "file" | "text";
  title: string;
  description: Generated<string>;
  /** An accessible alternative: what the file says, for people who cannot read it (BITV 2.0). */
  accessible_summary: Generated<string>;
  stored_file_id: NullableFkId;
  body_md: string | null;
  version: Generated<number>;
  created_by: FkId;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

/** House rules (Netiquette) as markdown with numbered rules: the platform's (consultation_id null) or a consultation's additions. */
export interface HouseRulesTable {
  id: Id;
  consultation_id: NullableFkId;
  body_md: string;
  updated_by: FkId;
  updated_at: Generated<Date>;
  created_at: CreatedAt;
}

/** One numbered, commentable part of a text document; a section an edit removed keeps its row (and comments). */
export interface DocumentSectionsTable {
  id: Id;
  document_id: FkId;
  /** 1…n among the current sections; null once removed. */
  number: number | null;
  heading: string;
  body_md: string;
  first_version: number;
  removed_in_version: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

/** A resident follows either a proposal or a consultation (exactly one is set). */
export interface FollowsTable {
  id: Id;
  user_id: FkId;
  proposal_id: NullableFkId;
  consultation_id: NullableFkId;
  created_at: CreatedAt;
}

export interface CommentsTable extends Hideable {
  id: Id;
  /** Exactly one of proposal_id and section_id is set. */
  proposal_id: NullableFkId;
  /** Set instead of proposal_id for a comment on a document section. */
  section_id: NullableFkId;
  parent_id: NullableFkId;
  author_id: FkId;
  body_md: string;
  edited_at: NullableTimestamp;
  /** Deleted by its author: the row stays so replies keep their place; the text is emptied. */
  deleted_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface VotesTable {
  proposal_id: FkId;
  user_id: FkId;
  value: -1 | 1;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

/** The append-only record of every moderation and admin action; moderation decisions are read back from it (the
 * statement of reasons, objections, transparency figures). */
export interface AuditLogTable {
  id: Id;
  /** Null for an automatic decision (auto-hide). */
  actor_id: NullableFkId;
  action: string;
  target_type: string;
  target_id: FkId;
  reason: string | null;
  consultation_id: NullableFkId;
  /** The person the action is about: the author of a moderated contribution, a suspended account. */
  subject_id: NullableFkId;
  /** The house rule a hide decision names (anchor) and its text at the time. */
  rule: string | null;
  rule_text: string | null;
  created_at: CreatedAt;
}

export interface ResultFigures {
  participants: number;
  proposals: number;
  comments: number;
  votes: number;
  votesFor: number;
  votesAgainst: number;
  topProposals: { id: string; title: string; votesFor: number; votesAgainst: number; net: number }[];
}

export interface ResultReportsTable {
  id: Id;
  consultation_id: FkId;
  summary_md: string;
  author_id: FkId;
  figures: JSONColumnType<ResultFigures | null, string | null, string | null>;
  published_at: NullableTimestamp;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

export type MailStatus = "pending" | "sent" | "logged" | "failed";

export interface MailOutboxTable {
  id: Id;
  to_address: string;
  subject: string;
  body_text: string;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  sent_at: NullableTimestamp;
  /** One-click unsubscribe link for this mail (List-Unsubscribe header); null for mails one cannot unsubscribe from. */
  unsubscribe_url: string | null;
  created_at: CreatedAt;
}

/** A password check admitted for a (typed address, client address) pair and not (yet) successful (decision 0013). */
export interface LoginFailuresTable {
  id: Id;
  /** Keyed hash of the typed e-mail address, whether an account has it or not. */
  account_hash: string;
  ip_hash: string;
  created_at: CreatedAt;
}

/** A request for a mailed one-time login link; user and token only when the address belongs to an account. */
export interface LoginLinksTable {
  id: Id;
  account_hash: string;
  ip_hash: string;
  user_id: NullableFkId;
  token_hash: string | null;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: CreatedAt;
}

/** A device (browser) on which an account signed in: the keyed hash of the token in its long-lived cookie. */
export interface KnownDevicesTable {
  id: Id;
  user_id: FkId;
  token_hash: string;
  last_used_at: Generated<Date>;
  created_at: CreatedAt;
}

/** A report (Meldung) of a contribution, referenced by type and id (decision 0016); one per reporter and item. */
export interface FlagsTable {
  id: Id;
  contribution_type: "proposal" | "comment" | "photo";
  contribution_id: FkId;
  reporter_id: FkId;
  reason: "insult" | "spam" | "personal_data" | "illegal" | "off_topic" | "other";
  note: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  decided_at: NullableTimestamp;
  decision: string | null;
  consultation_id: FkId;
  /** The audit log entry of the decision that closed this report. */
  decision_id: NullableFkId;
  created_at: CreatedAt;
}

/** An author's objection (Widerspruch) to a decision that hid their contribution; one per decision. */
export interface ObjectionsTable {
  id: Id;
  /** The contested decision (audit_log). */
  decision_id: FkId;
  contribution_type: "proposal" | "comment" | "photo";
  contribution_id: FkId;
  consultation_id: FkId;
  author_id: FkId;
  body: string;
  /** Who made the contested decision; null when it was automatic. Whoever decides the objection must be another. */
  decided_against_by: NullableFkId;
  decided_at: NullableTimestamp;
  decided_by: NullableFkId;
  outcome: "upheld" | "restored" | null;
  outcome_reason: string | null;
  created_at: CreatedAt;
}

export interface Database {
  users: UsersTable;
  login_failures: LoginFailuresTable;
  login_links: LoginLinksTable;
  known_devices: KnownDevicesTable;
  sessions: SessionsTable;
  email_verifications: EmailVerificationsTable;
  rate_limit_events: RateLimitEventsTable;
  consultations: ConsultationsTable;
  consultation_revisions: ConsultationRevisionsTable;
  categories: CategoriesTable;
  proposals: ProposalsTable;
  comments: CommentsTable;
  votes: VotesTable;
  audit_log: AuditLogTable;
  flags: FlagsTable;
  objections: ObjectionsTable;
  result_reports: ResultReportsTable;
  mail_outbox: MailOutboxTable;
  stored_files: StoredFilesTable;
  proposal_answers: ProposalAnswersTable;
  follows: FollowsTable;
  documents: DocumentsTable;
  document_sections: DocumentSectionsTable;
  house_rules: HouseRulesTable;
}
