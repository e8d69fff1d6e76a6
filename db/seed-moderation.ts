import { sql, type Transaction } from "kysely";
import type { Database, FlagsTable } from "./schema";

// The demo's moderation at work (issue 9), so that a newcomer sees the queue: open reports in the cycling
// consultation (auto-hide on, at 3 reports), one comment auto-hidden by three reports and waiting for review, a comment
// a moderator hid whose author (the demo resident) objected, and a pre-moderated consultation with waiting items.
// Written as rows, the way the intents write them (audit log, flags, objections), so the seed needs no mail.

const HOUR = 60 * 60 * 1000;

interface Demo {
  tx: Transaction<Database>;
  now: number;
  staff: Record<string, string>;
  /** Demo residents other than the demo login, all older than a day. */
  residents: string[];
  /** The cycling consultation (open) and its proposals. */
  open: string;
  openProposals: string[];
  /** The pre-moderated consultation (open) and its proposals. */
  premoderated: string;
  premoderatedProposals: string[];
}

type Reason = FlagsTable["reason"];

export async function seedModeration(d: Demo): Promise<void> {
  const { tx, now, staff, residents } = d;
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
  const audit = (values: Parameters<ReturnType<typeof tx.insertInto<"audit_log">>["values"]>[0]) =>
    tx
      .insertInto("audit_log")
      .values(values)
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id);
  const comment = async (proposal: string, author: string, body: string, hoursAgo: number) =>
    (
      await tx
        .insertInto("comments")
        .values({ proposal_id: proposal, author_id: author, body_md: body, created_at: at(hoursAgo) })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const report = async (
    type: FlagsTable["contribution_type"],
    id: string,
    consultation: string,
    subject: string,
    reports: { by: string; reason: Reason; note?: string; hoursAgo: number }[],
  ) => {
    for (const r of reports) {
      await tx
        .insertInto("flags")
        .values({
          contribution_type: type,
          contribution_id: id,
          consultation_id: consultation,
          reporter_id: r.by,
          reason: r.reason,
          note: r.note ?? null,
          created_at: at(r.hoursAgo),
          updated_at: at(r.hoursAgo),
        })
        .execute();
      await audit({
        actor_id: r.by,
        action: "flag",
        target_type: type,
        target_id: id,
        reason: r.reason,
        consultation_id: consultation,
        subject_id: subject,
        created_at: at(r.hoursAgo),
      });
    }
  };

  await tx.updateTable("consultations").set({ auto_hide_threshold: 3 }).where("id", "=", d.open).execute();

  // Open reports: a proposal reported twice, a comment once.
  const [p1, p2, p3] = d.openProposals;
  const p1Author = await authorOf(tx, p1);
  await report("proposal", p1, d.open, p1Author, [
    { by: residents[3], reason: "off_topic", note: "Hat mit Radverkehr nichts zu tun.", hoursAgo: 30 },
    { by: residents[4], reason: "spam", hoursAgo: 5 },
  ]);
  const advert = await comment(p2, residents[5], "Fahrräder günstig bei Zweirad Schmidt, Hauptstraße 5 – jetzt 20 % Rabatt!", 20);
  await report("comment", advert, d.open, residents[5], [{ by: residents[6], reason: "spam", note: "Werbung", hoursAgo: 18 }]);

  // Auto-hidden: three reports from accounts older than a day hid it, pending review.
  const rude = await comment(p3, residents[7], "Wer so einen Unsinn vorschlägt, sollte lieber zu Hause bleiben.", 10);
  await report("comment", rude, d.open, residents[7], [
    { by: residents[8], reason: "insult", hoursAgo: 9 },
    { by: residents[9], reason: "insult", hoursAgo: 8 },
    { by: residents[10], reason: "insult", note: "Persönlicher Angriff", hoursAgo: 7 },
  ]);
  await tx
    .updateTable("comments")
    .set({ hidden_at: at(7), hidden_kind: "automatic" })
    .where("id", "=", rude)
    .execute();
  await audit({
    actor_id: null,
    action: "auto_hide",
    target_type: "comment",
    target_id: rude,
    consultation_id: d.open,
    subject_id: residents[7],
    created_at: at(7),
  });

  // Hidden by a moderator, naming rule 4; its author, the demo resident, objected. The admin (another person) decides.
  const resident = staff.resident;
  const named = await comment(p2, resident, "Der Falschparker dort ist immer Herr K. aus der Nummer 12, Kennzeichen MS-AB 123.", 50);
  const ruleText =
    "**Keine persönlichen Daten anderer.** Nennen Sie keine Namen, Adressen, Telefonnummern oder Fotos von anderen Personen ohne deren Erlaubnis.";
  const reason = "Der Kommentar nennt eine Person und ihr Kennzeichen.";
  await report("comment", named, d.open, resident, [{ by: residents[11], reason: "personal_data", hoursAgo: 48 }]);
  await tx
    .updateTable("comments")
    .set({ hidden_at: at(40), hidden_kind: "decision", hidden_by: staff.moderator, hidden_reason: reason, hidden_rule: "regel-4" })
    .where("id", "=", named)
    .execute();
  const decision = await audit({
    actor_id: staff.moderator,
    action: "hide",
    target_type: "comment",
    target_id: named,
    reason,
    consultation_id: d.open,
    subject_id: resident,
    rule: "regel-4",
    rule_text: ruleText.replace(/\*\*/g, ""),
    created_at: at(40),
  });
  await tx
    .updateTable("flags")
    .set({ decided_at: at(40), decision: "hidden", decision_id: decision })
    .where("contribution_type", "=", "comment")
    .where("contribution_id", "=", named)
    .execute();
  await tx
    .insertInto("objections")
    .values({
      decision_id: decision,
      contribution_type: "comment",
      contribution_id: named,
      consultation_id: d.open,
      author_id: resident,
      body: "Ich wollte nur zeigen, wo das Problem ist. Den Namen kann man gern entfernen, der Hinweis auf das Falschparken soll bleiben.",
      decided_against_by: staff.moderator,
      created_at: at(20),
    })
    .execute();
  await audit({
    actor_id: resident,
    action: "object",
    target_type: "comment",
    target_id: named,
    consultation_id: d.open,
    subject_id: resident,
    created_at: at(20),
  });

  // Pre-moderation: two proposals and a comment wait for approval; the rest was approved.
  await tx.updateTable("consultations").set({ premoderated: true }).where("id", "=", d.premoderated).execute();
  const waiting = d.premoderatedProposals.slice(-2);
  await tx
    .updateTable("proposals")
    .set({ hidden_at: sql`created_at`, hidden_kind: "review" })
    .where("id", "in", waiting)
    .execute();
  const waitingComment = await comment(
    d.premoderatedProposals[0],
    residents[12],
    "Die Windräder sollten weiter weg vom Ortsrand stehen.",
    3,
  );
  await tx
    .updateTable("comments")
    .set({ hidden_at: at(3), hidden_kind: "review" })
    .where("id", "=", waitingComment)
    .execute();
}

async function authorOf(tx: Transaction<Database>, proposal: string) {
  const row = await tx.selectFrom("proposals").select("author_id").where("id", "=", proposal).executeTakeFirstOrThrow();
  return row.author_id;
}
