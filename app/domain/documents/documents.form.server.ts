import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { readUploadForm, uploadedFile } from "~/lib/uploads.server";
import { DOCUMENT_MAX_BYTES } from "../files/files.limits";
import { prepareDocumentFile, type PreparedFile } from "../files/files.server";
import { fileDocumentSchema, type FileDocumentInput } from "./documents.schema";

export type DocumentFormResult =
  | { ok: true; input: FileDocumentInput; file: PreparedFile }
  | { ok: false; fieldErrors: FieldErrors; values: Record<string, string>; status: number };

// Reads the document upload form: the details and the file, its type decided from the bytes.
// Every problem is reported at its field in one answer; nothing is stored before all checks pass.
export async function readDocumentForm(request: Request): Promise<DocumentFormResult> {
  const upload = await readUploadForm(request, DOCUMENT_MAX_BYTES);
  if (!upload.ok) {
    const tooLarge = upload.reason === "file_too_large";
    return { ok: false, fieldErrors: { file: tooLarge ? "file_too_large" : "form_invalid" }, values: {}, status: tooLarge ? 413 : 400 };
  }
  const values = submittedValues(upload.form);
  const parsed = parseForm(fileDocumentSchema, upload.form);
  const raw = upload.form.get("file");
  // An empty file still arrives with its name; say so rather than "no file chosen".
  const chosenEmpty = !!raw && typeof raw !== "string" && raw.size === 0 && raw.name !== "";
  const file = uploadedFile(upload.form, "file");
  const prepared = file ? await prepareDocumentFile(file) : null;
  const fileError = chosenEmpty ? "file_empty" : !prepared ? "file_missing" : !prepared.ok ? prepared.reason : null;
  if (!parsed.ok || fileError || !prepared?.ok) {
    return {
      ok: false,
      fieldErrors: { ...(parsed.ok ? {} : parsed.fieldErrors), ...(fileError ? { file: fileError } : {}) },
      values,
      status: 422,
    };
  }
  return { ok: true, input: parsed.data, file: prepared.file };
}
