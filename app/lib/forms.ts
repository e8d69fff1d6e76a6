import { z as zod } from "~/lib/zod";
import type { z } from "zod";
import { parseId } from "./ids";

/** Field name → error code (an i18n key under `errors`). */
export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

// Parses form fields with a zod schema whose messages are i18n error codes.
export function parseForm<S extends z.ZodType>(schema: S, form: FormData | Record<string, unknown>): Parsed<z.infer<S>> {
  const input = form instanceof FormData ? Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) : form;
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    // Our schemas give i18n codes as messages; zod's own English messages (missing fields) become "required".
    fieldErrors[field] ??= /^[a-z_]+$/.test(issue.message) ? issue.message : "required";
  }
  return { ok: false, fieldErrors };
}

/** An optional id field: empty is null, anything but an id is refused with `message`. */
export function optionalIdField(message: string) {
  return zod
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const id = parseId(v);
      if (!id) ctx.addIssue({ code: "custom", message });
      return id;
    });
}

/**
 * A decimal number as people type it: "50,55", "50.55", "-7", "+7". Anything else is NaN, so the field's number
 * schema refuses it: JavaScript's Number() would also read "0x10" as 16, "1e3" as 1000 and "Infinity".
 */
export function decimalNumber(text: string): number {
  const trimmed = text.trim();
  return /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(trimmed) ? Number(trimmed.replace(",", ".")) : NaN;
}

/** A decimal number as people type it (decimalNumber); empty is "required". */
export function decimalField(schema: z.ZodNumber) {
  return zod.string("required").trim().min(1, "required").transform(decimalNumber).pipe(schema);
}

/** An optional decimal number: empty or missing is null, anything else must pass `schema`. */
export function optionalDecimalField(schema: z.ZodNumber) {
  return zod
    .string()
    .optional()
    .transform((v) => {
      const text = (v ?? "").trim();
      return text === "" ? null : decimalNumber(text);
    })
    .pipe(schema.nullable());
}

/**
 * The text fields of a submitted form, to give back with a refusal so the form shows what was typed
 * (without JavaScript the page is rendered anew). Passwords are never sent back.
 */
export function submittedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}
