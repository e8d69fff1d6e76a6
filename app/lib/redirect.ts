/** Stands in for our own origin while a target is resolved; `.invalid` never resolves (RFC 6761). */
const DUMMY_ORIGIN = "http://x.invalid";

/**
 * The one check for a redirect target that came from outside (a form field, a query parameter, or a path built from
 * one): only a place on this site, returned as the normalised, percent-encoded `pathname + search + hash` that goes
 * into the Location header; anything else gives `fallback`.
 *
 * The FINAL target is checked, after every transformation a browser or `new URL` applies: dot segments collapse
 * ("/.//evil" and "/%2e//evil" become "//evil"), tabs and newlines vanish, "\" counts as "/". So the value is resolved
 * against a stand-in origin, the result must stay on that origin, and the string we return must resolve to the same
 * place again (it must not start with "//", which a browser reads as another host). Non-ASCII characters come out
 * percent-encoded, as a Location header needs them.
 */
export function safeRedirectPath(value: FormDataEntryValue | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  // Browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil") and read "\" as "/": never ours.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(value, DUMMY_ORIGIN);
  } catch {
    return fallback;
  }
  if (resolved.origin !== DUMMY_ORIGIN) return fallback;
  const target = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  // The target as the browser will read it from the Location header must be the same place.
  const again = new URL(target, DUMMY_ORIGIN);
  if (again.origin !== DUMMY_ORIGIN || again.href !== resolved.href) return fallback;
  return target;
}
