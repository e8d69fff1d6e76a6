import { renderMarkdown } from "~/lib/markdown.server";
import { BODY_MAX } from "./consultations.schema";

// The editor's preview: the markdown fields rendered exactly as the public page will show them (markdown-it on the
// server, HTML in the source shown as text). Nothing is saved.

export const MARKDOWN_FIELDS = ["plainSummary", "body", "inputUse"] as const;
export type MarkdownField = (typeof MARKDOWN_FIELDS)[number];
export type MarkdownPreview = Partial<Record<MarkdownField, string>>;

/** One markdown text as HTML ("" for blank text). */
export function previewMarkdown(text: string): string {
  return text.trim() ? renderMarkdown(text.slice(0, BODY_MAX)) : "";
}

/** The markdown fields of a submitted editor form as HTML, for the preview without JavaScript. */
export function previewConsultationForm(fields: Record<string, string>): MarkdownPreview {
  const preview: MarkdownPreview = {};
  for (const field of MARKDOWN_FIELDS) preview[field] = previewMarkdown(fields[field] ?? "");
  return preview;
}
