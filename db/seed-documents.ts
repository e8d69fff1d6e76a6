import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";
import { storeFile } from "../app/domain/files/files.server";
import { splitSections } from "../app/domain/documents/documents.sections.server";

// The demo consultation's documents: a text to comment on section by section, a plan as PDF and the area as GeoJSON.

/** A small, valid one-page PDF with a few lines of text (Helvetica, WinAnsi), for the demo only. */
export function demoPdf(lines: string[]): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines.map((line, i) => `BT /F1 ${i === 0 ? 18 : 12} Tf 56 ${780 - i * 24} Td (${escape(line)}) Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

const concept = `Die Stadt Musterstadt will das Radfahren sicherer und bequemer machen. Dieser Entwurf beschreibt, was wir vorhaben.
Sie können jeden Abschnitt einzeln kommentieren.

## Ziele

Bis 2030 sollen doppelt so viele Wege mit dem Rad gemacht werden wie heute. Kinder sollen sicher mit dem Rad zur Schule fahren können.

## Radwege in der Innenstadt

Die Bahnhofstraße und die Hauptstraße bekommen eigene Radspuren. Wo der Platz nicht reicht, wird Tempo 30 eingeführt.

## Abstellanlagen

Am Bahnhof, am Rathaus und an den Schulen entstehen 400 neue Stellplätze, die Hälfte davon überdacht.

## Kosten und Zeitplan

Die Maßnahmen kosten rund 2,4 Millionen Euro. Das Land fördert sie zur Hälfte. Der Bau beginnt 2027.`;

export async function seedDocuments(tx: Kysely<Database> | Transaction<Database>, consultationId: string, adminId: string, area: object) {
  const { id: textId } = await tx
    .insertInto("documents")
    .values({
      consultation_id: consultationId,
      kind: "text",
      title: "Entwurf des Radverkehrskonzepts",
      description: "Der Entwurf der Verwaltung, Stand November",
      body_md: concept,
      created_by: adminId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, section] of splitSections(concept).entries()) {
    await tx
      .insertInto("document_sections")
      .values({ document_id: textId, number: i + 1, heading: section.heading, body_md: section.bodyMd, first_version: 1 })
      .execute();
  }
  const files = [
    {
      title: "Übersichtsplan Radverkehr",
      summary:
        "Der Plan zeigt die geplanten Radspuren in der Bahnhofstraße und der Hauptstraße sowie die neuen Abstellanlagen am Bahnhof, am Rathaus und an den Schulen.",
      bytes: demoPdf([
        "Radverkehrskonzept Musterstadt",
        "Übersichtsplan (Entwurf)",
        "Radspuren: Bahnhofstraße, Hauptstraße",
        "Abstellanlagen: Bahnhof, Rathaus, Schulen",
      ]),
      mediaType: "application/pdf",
      name: "uebersichtsplan.pdf",
    },
    {
      title: "Gebiet der Beteiligung (GeoJSON)",
      summary: "Die Umrandung der Innenstadt von Musterstadt, in der Vorschläge gemacht werden können, als offene Geodaten.",
      bytes: Buffer.from(JSON.stringify({ type: "Feature", properties: { name: "Innenstadt Musterstadt" }, geometry: area })),
      mediaType: "application/geo+json",
      name: "gebiet.geojson",
    },
  ];
  for (const file of files) {
    const storedFileId = await storeFile(tx, adminId, { bytes: file.bytes, mediaType: file.mediaType, originalName: file.name });
    await tx
      .insertInto("documents")
      .values({
        consultation_id: consultationId,
        kind: "file",
        title: file.title,
        accessible_summary: file.summary,
        stored_file_id: storedFileId,
        created_by: adminId,
      })
      .execute();
  }
}
