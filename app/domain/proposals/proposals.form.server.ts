import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { readUploadForm, uploadedFile } from "~/lib/uploads.server";
import { PHOTO_MAX_BYTES, preparePhoto } from "../files/files.server";
import { proposalSchema, type ProposalInput } from "./proposals.schema";

export type ProposalFormResult =
  | { ok: true; input: ProposalInput; values: Record<string, string> }
  | { ok: false; fieldErrors: FieldErrors; values: Record<string, string>; status: number };

// Reads the proposal form (new and edit): the text fields, and the optional photo, checked by its bytes and
// re-encoded without its metadata. Every problem is reported at its field in one answer.
export async function readProposalForm(request: Request): Promise<ProposalFormResult> {
  const upload = await readUploadForm(request, PHOTO_MAX_BYTES);
  if (!upload.ok) {
    const code = upload.reason === "file_too_large" ? "photo_too_large" : "form_invalid";
    return { ok: false, fieldErrors: { photo: code }, values: {}, status: upload.reason === "file_too_large" ? 413 : 400 };
  }
  const values = submittedValues(upload.form);
  const parsed = parseForm(proposalSchema, upload.form);
  const file = uploadedFile(upload.form, "photo");
  const prepared = file ? await preparePhoto(file) : null;
  if (!parsed.ok || (prepared && !prepared.ok)) {
    const fieldErrors = { ...(parsed.ok ? {} : parsed.fieldErrors), ...(prepared && !prepared.ok ? { photo: prepared.reason } : {}) };
    return { ok: false, fieldErrors, values, status: prepared && !prepared.ok && prepared.reason === "photo_too_large" ? 413 : 422 };
  }
  return { ok: true, input: { ...parsed.data, photo: prepared?.photo ?? null }, values };
}
