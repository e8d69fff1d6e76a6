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
