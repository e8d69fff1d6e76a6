import { z } from "~/lib/zod";

const title = z.string().trim().min(3, "title_short").max(150, "title_long");
const description = z
  .string()
  .trim()
  .max(1000, "description_long")
  .optional()
  .transform((v) => v ?? "");

/** An uploaded file's details; the accessible summary says in words what the file shows (BITV 2.0). */
export const fileDocumentSchema = z.object({
  title,
  description,
  accessibleSummary: z.string().trim().min(10, "summary_missing").max(4000, "summary_long"),
});
export type FileDocumentInput = z.infer<typeof fileDocumentSchema>;

/** A text document written or pasted as markdown; its headings make the sections. */
export const textDocumentSchema = z.object({
  title,
  description,
  body: z.string().trim().min(1, "required").max(200_000, "text_long"),
});
export type TextDocumentInput = z.infer<typeof textDocumentSchema>;
