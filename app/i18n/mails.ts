// Texts of the e-mails the platform sends. Mails go out in German with an English part below,
// since the address alone does not tell which language the person reads.

export function verificationMail(displayName: string, link: string) {
  return {
    subject: "Bitte bestätigen Sie Ihre E-Mail-Adresse / Please confirm your e-mail address",
    body: [
      `Hallo ${displayName},`,
      "",
      "Sie haben sich bei Ratschlag registriert. Bitte öffnen Sie diesen Link und bestätigen Sie dort Ihre E-Mail-Adresse:",
      link,
      "",
      "Der Link gilt 48 Stunden. Wenn Sie sich nicht registriert haben, können Sie diese Nachricht löschen.",
      "",
      "---",
      "",
      `Hello ${displayName},`,
      "you registered with Ratschlag. Please open this link to confirm your e-mail address:",
      link,
      "The link is valid for 48 hours. If you did not register, you can delete this message.",
    ].join("\n"),
  };
}

export function loginLinkMail(displayName: string, link: string, validMinutes: number) {
  return {
    subject: "Ihr Anmeldelink / Your sign-in link",
    body: [
      `Hallo ${displayName},`,
      "",
      "Sie haben einen Link zum Anmelden bei Ratschlag angefordert. Mit diesem Link melden Sie sich ohne Passwort an:",
      link,
      "",
      `Der Link gilt ${validMinutes} Minuten und nur einmal. Wenn Sie ihn nicht angefordert haben, können Sie diese Nachricht löschen: Ohne den Link kommt niemand in Ihr Konto.`,
      "",
      "---",
      "",
      `Hello ${displayName},`,
      "you asked for a link to sign in to Ratschlag. This link signs you in without your password:",
      link,
      `The link is valid for ${validMinutes} minutes and works once. If you did not ask for it, you can delete this message: without the link nobody gets into your account.`,
    ].join("\n"),
  };
}

// Notifications to followers. They name the proposal or consultation and link to it; they never quote a comment
// (it may be edited, deleted or hidden after the mail went out) nor name its author. Each ends with its
// one-click unsubscribe link.

/** A title on one line and not too long, for subjects and mail text. */
function oneLine(text: string, max = 90) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function notification(o: {
  subject: string;
  displayName: string;
  de: string[];
  en: string[];
  link: string;
  unsubscribeDe: string;
  unsubscribeEn: string;
  unsubscribeLink: string;
}) {
  return {
    subject: o.subject,
    body: [
      `Hallo ${o.displayName},`,
      "",
      ...o.de,
      o.link,
      "",
      `${o.unsubscribeDe} Abbestellen mit einem Klick:`,
      o.unsubscribeLink,
      "",
      "---",
      "",
      `Hello ${o.displayName},`,
      ...o.en,
      o.link,
      `${o.unsubscribeEn} Unsubscribe with one click:`,
      o.unsubscribeLink,
    ].join("\n"),
  };
}

export function replyNotificationMail(displayName: string, proposalTitle: string, link: string, unsubscribeLink: string) {
  const title = oneLine(proposalTitle);
  return notification({
    subject: `Neue Antwort auf Ihren Kommentar zu „${oneLine(proposalTitle, 60)}“ / New reply to your comment`,
    displayName,
    de: [`jemand hat auf Ihren Kommentar zum Vorschlag „${title}“ geantwortet. Hier lesen Sie die Antwort:`],
    en: [`someone replied to your comment on the proposal “${title}”. Read the reply here:`],
    link,
    unsubscribeDe: "Sie bekommen diese E-Mail, weil jemand auf Ihren Kommentar geantwortet hat. Keine E-Mails mehr bei Antworten?",
    unsubscribeEn: "You get this e-mail because someone replied to your comment. No more e-mails about replies?",
    unsubscribeLink,
  });
}

export function commentNotificationMail(displayName: string, proposalTitle: string, link: string, unsubscribeLink: string) {
  const title = oneLine(proposalTitle);
  return notification({
    subject: `Neuer Kommentar zu „${oneLine(proposalTitle, 60)}“ / New comment`,
    displayName,
    de: [`zum Vorschlag „${title}“, dem Sie folgen, gibt es einen neuen Kommentar. Hier lesen Sie ihn:`],
    en: [`there is a new comment on the proposal “${title}”, which you follow. Read it here:`],
    link,
    unsubscribeDe: "Sie bekommen diese E-Mail, weil Sie diesem Vorschlag folgen. Keine E-Mails mehr zu diesem Vorschlag?",
    unsubscribeEn: "You get this e-mail because you follow this proposal. No more e-mails about it?",
    unsubscribeLink,
  });
}

export function closingNotificationMail(displayName: string, consultationTitle: string, link: string, unsubscribeLink: string) {
  const title = oneLine(consultationTitle);
  return notification({
    subject: `Die Beteiligung „${oneLine(consultationTitle, 60)}“ ist beendet / The consultation has closed`,
    displayName,
    de: [
      `die Beteiligung „${title}“ ist beendet. Vielen Dank an alle, die mitgemacht haben!`,
      "Die Beiträge werden jetzt ausgewertet. Das Ergebnis veröffentlichen wir auf dieser Seite:",
    ],
    en: [
      `the consultation “${title}” has closed. Thank you to everyone who took part!`,
      "The contributions are now being evaluated. The result will be published on this page:",
    ],
    link,
    unsubscribeDe:
      "Sie bekommen diese E-Mail, weil Sie dieser Beteiligung oder einem ihrer Vorschläge folgen. Keine E-Mails mehr zu dieser Beteiligung?",
    unsubscribeEn: "You get this e-mail because you follow this consultation or one of its proposals. No more e-mails about it?",
    unsubscribeLink,
  });
}

/**
 * The receipt for a report (Meldung). It names the reported item (its kind and a short excerpt) and links to it;
 * never its author. A receipt of one's own action: no unsubscribe link.
 */
export function flagReceiptMail(displayName: string, item: { type: "proposal" | "comment" | "photo"; excerpt: string }, link: string) {
  const excerpt = oneLine(item.excerpt);
  const kindDe = { proposal: "Vorschlag", comment: "Kommentar", photo: "Foto zum Vorschlag" }[item.type];
  const kindEn = { proposal: "proposal", comment: "comment", photo: "photo of the proposal" }[item.type];
  return {
    subject: "Ihre Meldung ist eingegangen / Your report has arrived",
    body: [
      `Hallo ${displayName},`,
      "",
      `danke, Ihre Meldung zu diesem Beitrag ist eingegangen: ${kindDe} „${excerpt}“`,
      link,
      "",
      "Die Moderation prüft den Beitrag anhand der Netiquette. Über das Ergebnis informieren wir Sie per E-Mail.",
      "",
      "---",
      "",
      `Hello ${displayName},`,
      `thank you, your report about this contribution has arrived: ${kindEn} “${excerpt}”`,
      link,
      "The moderators will check it against the house rules. We will tell you the outcome by e-mail.",
    ].join("\n"),
  };
}

type ItemKind = "proposal" | "comment" | "photo";
const kindDe: Record<ItemKind, string> = { proposal: "Vorschlag", comment: "Kommentar", photo: "Foto zum Vorschlag" };
const kindEn: Record<ItemKind, string> = { proposal: "proposal", comment: "comment", photo: "photo of the proposal" };
const dateDe = (d: Date) => d.toLocaleString("de-DE", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Berlin" });
const dateEn = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Berlin" });

export interface StatementOfReasons {
  type: ItemKind;
  excerpt: string;
  hiddenAt: Date;
  /** Null when auto-hide hid it: then no rule has been named yet. */
  rule: { label: string; text: string; url: string } | null;
  reason: string | null;
  automatic: boolean;
  /** The page of the item, where the statement stands too and the objection form is linked. */
  link: string;
  objectionLink: string;
  objectionDeadline: Date;
}

/**
 * The statement of reasons (DSA Art. 17) to the author of hidden content: what, when, which house rule, the
 * moderator's reason, whether a person or the automatic rule decided, and how to object. Never the moderator's name.
 */
export function statementOfReasonsMail(displayName: string, s: StatementOfReasons) {
  const excerpt = oneLine(s.excerpt);
  const ruleDe = s.rule
    ? `Regel ${s.rule.label} der Netiquette: „${oneLine(s.rule.text)}“ (${s.rule.url})`
    : "noch keine – die Moderation prüft";
  const ruleEn = s.rule
    ? `rule ${s.rule.label} of the house rules: “${oneLine(s.rule.text)}” (${s.rule.url})`
    : "none yet – the moderators are checking";
  return {
    subject: s.automatic
      ? "Ihr Beitrag ist vorläufig ausgeblendet / Your contribution is hidden for now"
      : "Ihr Beitrag wurde ausgeblendet / Your contribution was hidden",
    body: [
      `Hallo ${displayName},`,
      "",
      s.automatic
        ? `Ihr ${kindDe[s.type]} „${excerpt}“ ist seit ${dateDe(s.hiddenAt)} vorläufig ausgeblendet. Mehrere Personen haben ihn gemeldet. Das hat automatisch die Ausblendung ausgelöst, keine Person. Die Moderation prüft den Beitrag und entscheidet dann.`
        : `Ihr ${kindDe[s.type]} „${excerpt}“ wurde am ${dateDe(s.hiddenAt)} von der Moderation ausgeblendet. Eine Person hat das entschieden.`,
      "",
      `Verletzte Regel: ${ruleDe}`,
      `Begründung: ${s.reason ? oneLine(s.reason) : "–"}`,
      "",
      `Der Beitrag bleibt gespeichert. Auf seiner Seite steht diese Begründung auch: ${s.link}`,
      "",
      `Widerspruch: Wenn Sie die Entscheidung für falsch halten, können Sie bis ${dateDe(s.objectionDeadline)} einmal widersprechen:`,
      s.objectionLink,
      "Über den Widerspruch entscheidet eine andere Person als die, die ausgeblendet hat. Das Ergebnis erhalten Sie per E-Mail.",
      "",
      "---",
      "",
      `Hello ${displayName},`,
      s.automatic
        ? `your ${kindEn[s.type]} “${excerpt}” has been hidden for now since ${dateEn(s.hiddenAt)}. Several people reported it, which hid it automatically, not a person. The moderators will check it and decide.`
        : `your ${kindEn[s.type]} “${excerpt}” was hidden by the moderators on ${dateEn(s.hiddenAt)}. A person decided this.`,
      `Rule broken: ${ruleEn}`,
      `Reason: ${s.reason ? oneLine(s.reason) : "–"}`,
      `The contribution stays stored; its page shows this statement too: ${s.link}`,
      `Objection: if you think the decision is wrong, you can object once until ${dateEn(s.objectionDeadline)}:`,
      s.objectionLink,
      "A different person than the one who hid it decides on the objection. You will get the outcome by e-mail.",
    ].join("\n"),
  };
}

/** The outcome of a report, to the person who reported: what was decided, never by whom. */
export function flagOutcomeMail(
  displayName: string,
  item: { type: ItemKind; excerpt: string },
  outcome: "hidden" | "kept" | "deleted",
  link: string,
) {
  const excerpt = oneLine(item.excerpt);
  return {
    subject: "Ergebnis Ihrer Meldung / Outcome of your report",
    body: [
      `Hallo ${displayName},`,
      "",
      `die Moderation hat Ihre Meldung zu diesem Beitrag geprüft: ${kindDe[item.type]} „${excerpt}“`,
      {
        hidden: "Ergebnis: Der Beitrag verstößt gegen die Netiquette und ist jetzt ausgeblendet.",
        kept: "Ergebnis: Die Moderation hat keinen Verstoß gegen die Netiquette festgestellt. Der Beitrag bleibt sichtbar.",
        deleted: "Ergebnis: Die Person, die den Beitrag geschrieben hat, hat ihn inzwischen gelöscht.",
      }[outcome],
      link,
      "",
      "Danke, dass Sie helfen, die Diskussion fair zu halten.",
      "",
      "---",
      "",
      `Hello ${displayName},`,
      `the moderators have checked your report about this contribution: ${kindEn[item.type]} “${excerpt}”`,
      {
        hidden: "Outcome: the contribution breaks the house rules and is now hidden.",
        kept: "Outcome: the moderators found no breach of the house rules. The contribution stays visible.",
        deleted: "Outcome: the person who wrote the contribution has deleted it in the meantime.",
      }[outcome],
      link,
    ].join("\n"),
  };
}

/** To the author: their contribution is visible (again): approved in pre-moderation, or restored. */
export function contributionVisibleMail(
  displayName: string,
  item: { type: ItemKind; excerpt: string },
  why: "approved" | "restored",
  link: string,
) {
  const excerpt = oneLine(item.excerpt);
  return {
    subject:
      why === "approved"
        ? "Ihr Beitrag ist freigegeben / Your contribution is approved"
        : "Ihr Beitrag ist wieder sichtbar / Your contribution is visible again",
    body: [
      `Hallo ${displayName},`,
      "",
      why === "approved"
        ? `die Moderation hat Ihren ${kindDe[item.type]} „${excerpt}“ geprüft und freigegeben. Jetzt sehen ihn alle.`
        : `Ihr ${kindDe[item.type]} „${excerpt}“ ist wieder für alle sichtbar. Die Moderation hat die Ausblendung aufgehoben.`,
      link,
      "",
      "---",
      "",
      `Hello ${displayName},`,
      why === "approved"
        ? `the moderators have checked and approved your ${kindEn[item.type]} “${excerpt}”. Everyone can see it now.`
        : `your ${kindEn[item.type]} “${excerpt}” is visible to everyone again. The moderators lifted the hiding.`,
      link,
    ].join("\n"),
  };
}

// Objections (Widerspruch, issue 9): the receipt and the outcome, to the author. Never the moderators' names.

/** To the author: their objection has arrived; a different person decides. */
export function objectionReceiptMail(displayName: string, item: { type: ItemKind; excerpt: string }, link: string) {
  const excerpt = oneLine(item.excerpt);
  return {
    subject: "Ihr Widerspruch ist eingegangen / Your objection has arrived",
    body: [
      `Hallo ${displayName},`,
      "",
      `Ihr Widerspruch gegen die Ausblendung Ihres Beitrags ist eingegangen: ${kindDe[item.type]} „${excerpt}“`,
      "",
      "Eine Person aus der Moderation prüft ihn, die den Beitrag nicht selbst ausgeblendet hat. Das Ergebnis erhalten Sie per E-Mail. Den Stand sehen Sie auch hier:",
      link,
      "",
      "---",
      "",
      `Hello ${displayName},`,
      `your objection to the hiding of your contribution has arrived: ${kindEn[item.type]} “${excerpt}”`,
      "A moderator who did not hide it themselves will check it. You will get the outcome by e-mail. You can also see its state here:",
      link,
    ].join("\n"),
  };
}

/**
 * To the author: the outcome of their objection with the moderator's reason. `visible` says whether the item can be
 * seen now (a restore changes nothing when the item was shown again, or hidden anew, in the meantime).
 */
export function objectionOutcomeMail(
  displayName: string,
  item: { type: ItemKind; excerpt: string },
  o: { outcome: "upheld" | "restored"; reason: string; visible: boolean; link: string },
) {
  const excerpt = oneLine(item.excerpt);
  const stateDe = o.visible
    ? "Ihr Beitrag ist jetzt wieder für alle sichtbar."
    : o.outcome === "restored"
      ? "Ihr Beitrag ist inzwischen aber aus einem anderen Grund ausgeblendet. Dazu haben Sie eine eigene Nachricht erhalten."
      : "Ihr Beitrag bleibt ausgeblendet.";
  const stateEn = o.visible
    ? "Your contribution is visible to everyone again."
    : o.outcome === "restored"
      ? "Your contribution has been hidden again for another reason in the meantime; you got a separate message about it."
      : "Your contribution stays hidden.";
  return {
    subject:
      o.outcome === "restored"
        ? "Ihr Widerspruch war erfolgreich / Your objection was successful"
        : "Ihr Widerspruch wurde zurückgewiesen / Your objection was rejected",
    body: [
      `Hallo ${displayName},`,
      "",
      `die Moderation hat über Ihren Widerspruch entschieden. Es geht um Ihren ${kindDe[item.type]} „${excerpt}“.`,
      o.outcome === "restored"
        ? "Ergebnis: Die Moderation gibt Ihnen recht. Die Ausblendung ist aufgehoben."
        : "Ergebnis: Die Moderation hat Ihren Widerspruch zurückgewiesen. Die Entscheidung bleibt bestehen.",
      stateDe,
      `Begründung: ${oneLine(o.reason, 500)}`,
      "",
      "Entschieden hat eine Person aus der Moderation, die den Beitrag nicht selbst ausgeblendet hat. Alles zu dieser Entscheidung finden Sie hier:",
      o.link,
      "",
      "---",
      "",
      `Hello ${displayName},`,
      `the moderators have decided on your objection about your ${kindEn[item.type]} “${excerpt}”.`,
      o.outcome === "restored"
        ? "Outcome: the moderators agree with you. The hiding is lifted."
        : "Outcome: the moderators rejected your objection. The decision stands.",
      stateEn,
      `Reason: ${oneLine(o.reason, 500)}`,
      "A moderator who did not hide the contribution themselves decided. Everything about this decision is here:",
      o.link,
    ].join("\n"),
  };
}

// Suspension of accounts (issue 9). A suspension lasts through its last day (town time); `until` is the midnight after.
const lastDayDe = (until: Date) =>
  new Date(until.getTime() - 1).toLocaleDateString("de-DE", {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: "Europe/Berlin",
  });
const lastDayEn = (until: Date) =>
  new Date(until.getTime() - 1).toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "Europe/Berlin" });
const flat = (text: string) => text.replace(/\s+/g, " ").trim();

/** To the person: their account is suspended (again: the new period replaces the old), until when, why, what it means. */
export function suspensionMail(displayName: string, s: { until: Date; reason: string; accountLink: string }) {
  return {
    subject: "Ihr Konto ist gesperrt / Your account is suspended",
    body: [
      `Hallo ${displayName},`,
      "",
      `die Verwaltung hat Ihr Konto bei Ratschlag gesperrt. Die Sperre gilt bis einschließlich ${lastDayDe(s.until)}.`,
      `Grund: ${flat(s.reason)}`,
      "",
      "Was heißt das?",
      "Sie können sich weiter anmelden und alles lesen.",
      "Sie können aber keine Vorschläge machen, nicht kommentieren, nicht abstimmen, nichts melden und nichts Neues abonnieren.",
      "Ihre Beiträge können Sie in dieser Zeit nicht ändern oder löschen.",
      "Einer Entscheidung der Moderation über Ihre Beiträge können Sie weiter widersprechen.",
      `Nach dem ${lastDayDe(s.until)} können Sie wieder mitmachen. Dafür müssen Sie nichts tun.`,
      "",
      "Sie haben Fragen oder halten die Sperre für falsch?",
      "Dann wenden Sie sich an die Verwaltung. Die Kontaktdaten stehen auf der Seite jeder Beteiligung.",
      `In Ihrem Konto sehen Sie die Sperre auch: ${s.accountLink}`,
      "",
      "---",
      "",
      `Hello ${displayName},`,
      `the administration has suspended your Ratschlag account until the end of ${lastDayEn(s.until)}.`,
      `Reason: ${flat(s.reason)}`,
      "You can still sign in and read everything. You cannot make proposals, comment, vote, report or follow anything new,",
      "nor change or delete your contributions. You can still object to a moderation decision about your contributions.",
      `After ${lastDayEn(s.until)} you can take part again; you need not do anything for that.`,
      "Questions, or do you think the suspension is wrong? Please contact the administration; each consultation's page names a contact.",
      `Your account shows the suspension too: ${s.accountLink}`,
    ].join("\n"),
  };
}

/** To the person: an admin lifted their suspension before its end, with the reason. */
export function suspensionLiftedMail(displayName: string, s: { reason: string; accountLink: string }) {
  return {
    subject: "Ihre Sperre ist aufgehoben / Your suspension is lifted",
    body: [
      `Hallo ${displayName},`,
      "",
      "die Verwaltung hat die Sperre Ihres Kontos bei Ratschlag aufgehoben. Sie können ab sofort wieder mitmachen.",
      `Begründung: ${flat(s.reason)}`,
      `Ihr Konto: ${s.accountLink}`,
      "",
      "---",
      "",
      `Hello ${displayName},`,
      "the administration has lifted the suspension of your Ratschlag account. You can take part again right away.",
      `Reason: ${flat(s.reason)}`,
      `Your account: ${s.accountLink}`,
    ].join("\n"),
  };
}
