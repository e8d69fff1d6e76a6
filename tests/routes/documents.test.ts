import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectHttpError, expectRedirect, routes } from "../setup/routes";
import { docxBytes, geojsonBytes, odtBytes, pdfBytes, xlsxBytes } from "../setup/files";
import { photoBytes } from "../setup/photos";
import * as manage from "~/routes/verwaltung.$id_.dokumente._index";
import * as newText from "~/routes/verwaltung.$id_.dokumente.text";
import * as editDocument from "~/routes/verwaltung.dokumente.$id";
import * as documentPage from "~/routes/dokumente.$id._index";
import * as download from "~/routes/dokumente.$id.datei";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as sectionPage from "~/routes/abschnitte.$id";
import { addSectionComment, listSectionComments } from "~/domain/comments/comments.server";
import { DOCUMENT_MAX_BYTES } from "~/domain/files/files.limits";
import { computeFigures } from "~/domain/results/results.queries.server";
import { uploadsDir } from "~/domain/files/files.storage.server";

const t = useTestDatabase();
const r = routes(t);

async function setting(phase: "open" | "draft" | "scheduled" | "closed" = "open") {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, phase);
  const resident = await createUser(t.db);
  return {
    admin,
    adminCookie: await sessionCookieFor(t.db, admin),
    consultation,
    resident,
    residentCookie: await sessionCookieFor(t.db, resident),
  };
}

const details = {
  title: "Bebauungsplan Nr. 12 „Am Lindenpark“",
  description: "Entwurf",
  accessibleSummary: "Der Plan zeigt 40 neue Wohnungen und einen Park.",
};

function upload(consultation: string, cookie: string, bytes: Uint8Array, name: string, values: Record<string, string> = details) {
  const form = new FormData();
  for (const [k, v] of Object.entries(values)) form.append(k, v);
  form.append("file", new File([new Uint8Array(bytes)], name));
  return r.post(manage.action, `/verwaltung/${consultation}/dokumente`, { params: { id: consultation }, multipart: form, cookie });
}

/** Every file in the storage directory (other test files may share it, so compare before and after). */
const filesOnDisk = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir(), { recursive: true }).map(String).sort() : []);

const documentIds = async () => (await t.db.selectFrom("documents").select("id").orderBy("id").execute()).map((d) => d.id);

describe("uploading documents", () => {
  it("accepts PDF, ODT, DOCX, XLSX, PNG, JPEG and GeoJSON, typed by their bytes", async () => {
    const s = await setting();
    const files: [Buffer, string, string][] = [
      [pdfBytes(), "plan.pdf", "application/pdf"],
      [odtBytes(), "text.odt", "application/vnd.oasis.opendocument.text"],
      [docxBytes(), "brief.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      [xlsxBytes(), "kosten.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      [await photoBytes("png"), "karte.png", "image/png"],
      [await photoBytes("jpeg"), "foto.jpeg", "image/jpeg"],
      [geojsonBytes(), "gebiet.geojson", "application/geo+json"],
    ];
    for (const [bytes, name] of files) expectRedirect(await upload(s.consultation, s.adminCookie, bytes, name), /hinweis=saved/);
    const stored = await t.db
      .selectFrom("documents as d")
      .innerJoin("stored_files as f", "f.id", "d.stored_file_id")
      .select("f.media_type")
      .orderBy("d.id")
      .execute();
    expect(stored.map((f) => f.media_type)).toEqual(files.map((f) => f[2]));
  });

  it("refuses a PDF named .png, a script named .pdf, an empty file and an oversized one, each with a message, storing nothing", async () => {
    const s = await setting();
    const before = filesOnDisk();
    const cases: [Uint8Array, string, string, number][] = [
      [pdfBytes(), "plan.png", "file_name_mismatch", 422],
      [Buffer.from("#!/bin/sh\nrm -rf /\n"), "plan.pdf", "file_type", 422],
      [Buffer.from("<script>alert(1)</script>"), "seite.pdf", "file_type", 422],
      [new Uint8Array(0), "leer.pdf", "file_empty", 422],
      [Buffer.concat([pdfBytes(), Buffer.alloc(DOCUMENT_MAX_BYTES)]), "riesig.pdf", "file_too_large", 413],
    ];
    for (const [bytes, name, reason, status] of cases) {
      const res = await upload(s.consultation, s.adminCookie, bytes, name);
      expect({ name, status: res.status }).toEqual({ name, status });
      expect((await bodyOf(res)).fieldErrors.file, name).toBe(reason);
    }
    expect(await countRows(t.db, "stored_files")).toBe(0);
    expect(await documentIds()).toEqual([]);
    expect(filesOnDisk()).toEqual(before);
  });

  it("needs a title and a summary in words; nothing is kept when they are missing", async () => {
    const s = await setting();
    const res = await upload(s.consultation, s.adminCookie, pdfBytes(), "plan.pdf", { title: "", accessibleSummary: "" });
    expect(res.status).toBe(422);
    expect((await bodyOf(res)).fieldErrors).toMatchObject({ title: "title_short", accessibleSummary: "summary_missing" });
    expect(await countRows(t.db, "stored_files")).toBe(0);
  });

  it("the same file uploaded twice is stored once", async () => {
    const s = await setting();
    await upload(s.consultation, s.adminCookie, pdfBytes("gleich"), "a.pdf");
    await upload(s.consultation, s.adminCookie, pdfBytes("gleich"), "kopie.pdf", { ...details, title: "Noch einmal" });
    expect(await documentIds()).toHaveLength(2);
    const files = await t.db.selectFrom("stored_files").select("sha256").execute();
    expect(files).toHaveLength(1);
    expect(fs.readdirSync(uploadsDir(), { recursive: true }).filter((f) => String(f).endsWith(files[0].sha256))).toHaveLength(1);
  });

  it("only admins upload; residents and moderators get 403 and nothing is stored", async () => {
    const s = await setting();
    const moderator = await createUser(t.db, { role: "moderator" });
    for (const cookie of [s.residentCookie, await sessionCookieFor(t.db, moderator)]) {
      await expectHttpError(await upload(s.consultation, cookie, pdfBytes(), "plan.pdf"), 403);
    }
    expect(await countRows(t.db, "stored_files")).toBe(0);
  });
});

describe("downloading a document", () => {
  it("is served with its type, a safe file name from the title, nosniff-safe headers and an ETag from the hash", async () => {
    const s = await setting();
    await upload(s.consultation, s.adminCookie, pdfBytes(), "x.pdf");
    const [id] = await documentIds();
    const res = await r.get(download.loader, `/dokumente/${id}/datei`, { params: { id } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    const disposition = res.headers.get("Content-Disposition")!;
    expect(disposition).toMatch(/^attachment; filename="Bebauungsplan Nr. 12 Am Lindenpark.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe("Bebauungsplan Nr. 12 „Am Lindenpark“.pdf");
    const sha = (await t.db.selectFrom("stored_files").select("sha256").executeTakeFirstOrThrow()).sha256;
    expect(res.headers.get("ETag")).toBe(`"${sha}"`);
    expect(res.headers.get("Cache-Control")).toContain("public");
    expect(Buffer.from(await res.arrayBuffer()).equals(pdfBytes())).toBe(true);
    const again = await r.get(download.loader, `/dokumente/${id}/datei`, { params: { id }, headers: { "If-None-Match": `"${sha}"` } });
    expect(again.status).toBe(304);
  });

  it("documents of a draft consultation are for admins only, never cached publicly", async () => {
    const s = await setting("draft");
    await upload(s.consultation, s.adminCookie, pdfBytes(), "x.pdf");
    const [id] = await documentIds();
    expect((await r.get(download.loader, `/dokumente/${id}/datei`, { params: { id }, cookie: s.residentCookie })).status).toBe(404);
    expect((await r.get(documentPage.loader, `/dokumente/${id}`, { params: { id } })).status).toBe(404);
    const asAdmin = await r.get(download.loader, `/dokumente/${id}/datei`, { params: { id }, cookie: s.adminCookie });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get("Cache-Control")).toContain("private");
  });

  it("a file may sit in a shared cache exactly when a guest may see its consultation (canView for a guest)", async () => {
    for (const phase of ["draft", "scheduled", "open", "closed"] as const) {
      const s = await setting(phase);
      await upload(s.consultation, s.adminCookie, pdfBytes(), `${phase}.pdf`);
      const id = (await documentIds()).at(-1)!;
      const guest = await r.get(download.loader, `/dokumente/${id}/datei`, { params: { id } });
      const asAdmin = await r.get(download.loader, `/dokumente/${id}/datei`, { params: { id }, cookie: s.adminCookie });
      expect({ phase, guest: guest.status, cache: asAdmin.headers.get("Cache-Control") }).toEqual({
        phase,
        guest: phase === "draft" ? 404 : 200,
        cache: phase === "draft" ? "private, no-cache" : "public, max-age=300, must-revalidate",
      });
    }
  });

  it("the consultation page lists files with type and size", async () => {
    const s = await setting();
    await upload(s.consultation, s.adminCookie, pdfBytes(), "x.pdf");
    const page = await bodyOf(await r.get(consultationPage.loader, `/beteiligungen/${s.consultation}`, { params: { id: s.consultation } }));
    expect(page.documents).toHaveLength(1);
    expect(page.documents[0].file).toMatchObject({ label: "PDF", byteSize: pdfBytes().length });
  });
});

const text = [
  "Einleitende Worte.",
  "",
  "## Ziele",
  "Mehr Grün im Viertel.",
  "",
  "## Kosten",
  "Eine Million Euro.",
  "",
  "## Zeitplan",
  "Baubeginn 2027.",
].join("\n");

async function textDocument(s: Awaited<ReturnType<typeof setting>>, body = text) {
  const res = await r.post(newText.action, `/verwaltung/${s.consultation}/dokumente/text`, {
    params: { id: s.consultation },
    form: { title: "Entwurf des Radverkehrskonzepts", body },
    cookie: s.adminCookie,
  });
  return expectRedirect(res, /^\/dokumente\/\d+\?hinweis=saved$/)
    .split("/")[2]
    .split("?")[0];
}

async function sectionsOf(id: string) {
  return (await bodyOf(await r.get(documentPage.loader, `/dokumente/${id}`, { params: { id } }))).sections as {
    id: string;
    number: number | null;
    heading: string;
    commentCount: number;
    removedInVersion: number | null;
  }[];
}

describe("text documents", () => {
  it("are split into numbered sections at their headings", async () => {
    const s = await setting();
    const id = await textDocument(s);
    const sections = await sectionsOf(id);
    expect(sections.map((x) => [x.number, x.heading])).toEqual([
      [1, ""],
      [2, "Ziele"],
      [3, "Kosten"],
      [4, "Zeitplan"],
    ]);
  });

  it("residents comment on one section while open; the document shows each section's count", async () => {
    const s = await setting();
    const id = await textDocument(s);
    const [, ziele, kosten] = await sectionsOf(id);
    expect((await addSectionComment(t.db, s.resident, ziele.id, { body: "Bitte auch Bänke.", parentId: null })).ok).toBe(true);
    expect((await addSectionComment(t.db, s.resident, ziele.id, { body: "Und Schatten.", parentId: null })).ok).toBe(true);
    expect((await addSectionComment(t.db, s.resident, kosten.id, { body: "Zu teuer?", parentId: null })).ok).toBe(true);
    const counts = (await sectionsOf(id)).map((x) => x.commentCount);
    expect(counts).toEqual([0, 2, 1, 0]);
  });

  it("comments stay on their sections after an edit; a removed section keeps its comments, marked as earlier version", async () => {
    const s = await setting();
    const id = await textDocument(s);
    const [, ziele, kosten] = await sectionsOf(id);
    await addSectionComment(t.db, s.resident, ziele.id, { body: "Zu den Zielen.", parentId: null });
    await addSectionComment(t.db, s.resident, kosten.id, { body: "Zu den Kosten.", parentId: null });
    const edited = [
      "## Neuer Abschnitt",
      "Vorneweg.",
      "",
      "## 1. Ziele",
      "Mehr Grün und mehr Bäume.",
      "",
      "## Zeitplan",
      "Baubeginn 2028.",
    ].join("\n");
    const res = await r.post(editDocument.action, `/verwaltung/dokumente/${id}`, {
      params: { id },
      form: { kind: "text", title: "Entwurf des Radverkehrskonzepts", body: edited },
      cookie: s.adminCookie,
    });
    expectRedirect(res, /hinweis=saved/);
    const after = await sectionsOf(id);
    const current = after.filter((x) => x.removedInVersion === null);
    expect(current.map((x) => [x.number, x.heading])).toEqual([
      [1, "Neuer Abschnitt"],
      [2, "1. Ziele"],
      [3, "Zeitplan"],
    ]);
    expect(current[1]).toMatchObject({ id: ziele.id, commentCount: 1 });
    const removed = after.filter((x) => x.removedInVersion !== null);
    expect(removed.map((x) => [x.id, x.removedInVersion, x.commentCount])).toEqual([
      [after.find((x) => x.heading === "")!.id, 2, 0],
      [kosten.id, 2, 1],
    ]);
    const kept = await listSectionComments(t.db, null, kosten.id, 1);
    expect(kept.threads.map((c) => c.bodyMd)).toEqual(["Zu den Kosten."]);
    // New comments go to the current text.
    expect(await addSectionComment(t.db, s.resident, kosten.id, { body: "Noch einer.", parentId: null })).toEqual({
      ok: false,
      reason: "section_removed",
    });
  });

  it("section comments follow the phase: refused before opening and after closing, for guests and unverified people", async () => {
    for (const phase of ["scheduled", "closed"] as const) {
      const s = await setting(phase);
      const id = await textDocument(s);
      const [section] = await sectionsOf(id);
      expect(await addSectionComment(t.db, s.resident, section.id, { body: "Zu früh oder zu spät?", parentId: null })).toEqual({
        ok: false,
        reason: "not_open",
      });
    }
    const open = await setting();
    const openId = await textDocument(open);
    const [openSection] = await sectionsOf(openId);
    expect(await addSectionComment(t.db, null, openSection.id, { body: "Gast", parentId: null })).toEqual({
      ok: false,
      reason: "login_required",
    });
    const unverified = await createUser(t.db, { verified: false });
    expect(await addSectionComment(t.db, unverified, openSection.id, { body: "Neu hier", parentId: null })).toEqual({
      ok: false,
      reason: "not_verified",
    });
    expect(await countRows(t.db, "comments")).toBe(0);
  });

  it("a text with comments cannot be removed; one without can", async () => {
    const s = await setting();
    const withComments = await textDocument(s);
    const without = await textDocument(s);
    const [section] = await sectionsOf(withComments);
    await addSectionComment(t.db, s.resident, section.id, { body: "Wichtig!", parentId: null });
    const remove = (documentId: string) =>
      r.post(manage.action, `/verwaltung/${s.consultation}/dokumente`, {
        params: { id: s.consultation },
        form: { intent: "delete", documentId },
        cookie: s.adminCookie,
      });
    expect((await remove(withComments)).status).toBe(409);
    expectRedirect(await remove(without), /hinweis=saved/);
    expect(await documentIds()).toEqual([withComments]);
  });
});

describe("the section page", () => {
  async function sectionSetting() {
    const s = await setting();
    const id = await textDocument(s);
    const [, ziele] = await sectionsOf(id);
    const post = (form: Record<string, string>, cookie = s.residentCookie) =>
      r.post(sectionPage.action, `/abschnitte/${ziele.id}`, { params: { id: ziele.id }, form, cookie });
    return { ...s, documentId: id, section: ziele, post };
  }

  it("a resident comments and replies with plain forms (no JavaScript) and is sent back to the comment", async () => {
    const s = await sectionSetting();
    const first = expectRedirect(
      await s.post({ intent: "comment", body: "Mehr Bäume bitte." }),
      new RegExp(`^/abschnitte/${s.section.id}\\?seite=1#kommentar-\\d+$`),
    );
    const parentId = first.split("kommentar-")[1];
    expectRedirect(await s.post({ intent: "comment", body: "Sehe ich auch so.", parentId }), /#kommentar-\d+$/);
    const page = await bodyOf(await r.get(sectionPage.loader, `/abschnitte/${s.section.id}`, { params: { id: s.section.id } }));
    expect(page.threads).toHaveLength(1);
    expect(page.threads[0].bodyHtml).toContain("Mehr Bäume bitte.");
    expect(page.threads[0].replies.map((c: { bodyMd: string }) => c.bodyMd)).toEqual(["Sehe ich auch so."]);
    expect(page.section).toMatchObject({ documentId: s.documentId, number: 2, heading: "Ziele" });
  });

  it("with JavaScript the new comment comes back as JSON, to be shown in place", async () => {
    const s = await sectionSetting();
    const res = await s.post({ intent: "comment", body: "In place.", _inplace: "1" });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body.comment).toMatchObject({ sectionId: s.section.id, proposalId: null, bodyMd: "In place." });
  });

  it("a reply to a comment of another section is refused, and nothing is written", async () => {
    const s = await sectionSetting();
    const [, , kosten] = await sectionsOf(s.documentId);
    const other = await addSectionComment(t.db, s.resident, kosten.id, { body: "Anderswo.", parentId: null });
    const res = await s.post({ intent: "comment", body: "Falscher Ort.", parentId: other.ok ? other.id : "" });
    expect(res.status).toBe(422);
    expect((await bodyOf(res)).formError).toBe("parent_invalid");
    expect(await countRows(t.db, "comments")).toBe(1);
  });

  it("guests are asked to log in (401) and unknown sections are a 404", async () => {
    const s = await sectionSetting();
    expect((await s.post({ intent: "comment", body: "Gast" }, "")).status).toBe(401);
    expect((await r.get(sectionPage.loader, "/abschnitte/99999", { params: { id: "99999" } })).status).toBe(404);
  });
});

describe("the result report's figures", () => {
  it("count comments on text sections and the people who wrote them", async () => {
    const s = await setting();
    const id = await textDocument(s);
    const [section] = await sectionsOf(id);
    await addSectionComment(t.db, s.resident, section.id, { body: "Nur hier kommentiert.", parentId: null });
    const figures = await computeFigures(t.db, s.consultation);
    expect(figures).toMatchObject({ comments: 1, participants: 1 });
  });
});

describe("reply mails on sections", () => {
  it("the author of a section comment hears of a reply (with reply mails on), with a link to the section", async () => {
    const s = await setting();
    const id = await textDocument(s);
    const [, ziele] = await sectionsOf(id);
    const first = await addSectionComment(t.db, s.resident, ziele.id, { body: "Frage dazu.", parentId: null });
    const other = await createUser(t.db, { name: "Bernd Beispiel" });
    const before = await countRows(t.db, "mail_outbox");
    await addSectionComment(t.db, other, ziele.id, { body: "Antwort.", parentId: first.ok ? first.id : null });
    const mails = await t.db.selectFrom("mail_outbox").selectAll().orderBy("id").execute();
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.to_address).toBe(s.resident.email);
    expect(mail.body_text).toContain(`/abschnitte/${ziele.id}?seite=1#kommentar-`);
    expect(mail.unsubscribe_url).toContain("/abbestellen?t=");
    // A top-level comment on a section tells nobody (sections are not followed).
    await addSectionComment(t.db, other, ziele.id, { body: "Noch etwas.", parentId: null });
    expect(await countRows(t.db, "mail_outbox")).toBe(before + 1);
  });
});
