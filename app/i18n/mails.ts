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
