// The platform's house rules when no admin has written any yet: the town can go live without writing one. The demo
// data stores the same text. Plain German, numbered: a hide decision names one of these rules by its number.
export const defaultPlatformRules = `Ratschlag lebt vom Austausch. Damit sich alle gern beteiligen, gelten hier diese Regeln. Die Moderation achtet darauf, dass sie eingehalten werden. Beiträge, die gegen eine Regel verstoßen, kann sie ausblenden. Sie nennt dabei den Grund.

1. **Respektvoll bleiben.** Schreiben Sie so, wie Sie auch mit Ihren Nachbarn sprechen würden. Kritisieren Sie Ideen, nicht Menschen.
2. **Keine Beleidigungen oder Diskriminierung.** Beleidigungen, Drohungen und abwertende Aussagen über Herkunft, Hautfarbe, Religion, Geschlecht, sexuelle Orientierung, Alter oder Behinderung sind nicht erlaubt.
3. **Keine Werbung.** Werben Sie nicht für Firmen, Produkte oder Parteien. Wiederholen Sie denselben Beitrag nicht mehrfach.
4. **Keine persönlichen Daten anderer.** Nennen Sie keine Namen, Adressen, Telefonnummern oder Fotos von anderen Personen ohne deren Erlaubnis.
5. **Nichts Rechtswidriges.** Beiträge dürfen keine Gesetze verletzen, zum Beispiel durch Volksverhetzung, Aufrufe zu Gewalt oder Verstöße gegen das Urheberrecht.
6. **Beim Thema bleiben.** Ihr Beitrag soll zur Beteiligung passen. Allgemeine Beschwerden richten Sie bitte an das Bürgerbüro.

Wenn ein Beitrag ausgeblendet wird, steht an seiner Stelle der Grund.
`;
