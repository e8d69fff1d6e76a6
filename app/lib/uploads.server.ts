import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

/** Room for the text fields next to a file in the same multipart body. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export type UploadFormResult = { ok: true; form: FormData } | { ok: false; reason: "file_too_large" | "form_invalid" };

// Reads a form that may carry a file. The body is streamed and no part may exceed `maxFileBytes`, so an oversized
// upload is refused while reading instead of being buffered whole. Forms sent without a file (urlencoded) work too.
export async function readUploadForm(request: Request, maxFileBytes: number): Promise<UploadFormResult> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxFileBytes + FORM_OVERHEAD_BYTES) return { ok: false, reason: "file_too_large" };
  const type = request.headers.get("Content-Type") ?? "";
  try {
    if (!type.startsWith("multipart/form-data")) return { ok: true, form: await request.formData() };
    const handler = unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes });
    return { ok: true, form: await unstable_parseMultipartFormData(request, handler) };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, reason: "file_too_large" };
    return { ok: false, reason: "form_invalid" };
  }
}

/** The uploaded file of a field, or null when the field is empty (no file chosen). */
export function uploadedFile(form: FormData, field: string): File | null {
  const value = form.get(field);
  return value && typeof value !== "string" && value.size > 0 ? value : null;
}
