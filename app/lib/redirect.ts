/** A redirect target from a form: only paths on this site, never another host ("//evil", "https://…"). */
export function safeRedirectPath(value: FormDataEntryValue | null, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  // Browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil") and read "\" as "/".
  if (/[\u0000-\u001f\u007f\\]/.test(value) || value.startsWith("//")) return fallback;
  return value;
}
