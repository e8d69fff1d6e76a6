import { de } from "~/i18n/de";
import { en } from "~/i18n/en";

// The pages the edge answers with before Remix runs: plain HTML, German with the English text below.

type ErrorCode =
  "request_too_large" | "request_too_large_here" | "request_not_form" | "request_malformed" | "address_invalid" | "uploads_busy";

function page(title: string, text: string, english: string, link: { href: string; label: string } = { href: "/", label: de.nav.home }) {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${text}</p>
<p lang="en">${english}</p><p><a href="${link.href}">${link.label}</a></p></main></body></html>`;
}

/** The page for a refused cross-origin write; it is answered before Remix runs, so it is plain HTML. */
export function crossOriginPage(): string {
  return page(de.errors.cross_origin_title, de.errors.cross_origin, en.errors.cross_origin);
}

/**
 * The page for a refused request body: not a form, no declared size, too large (at all, or for this address: a large
 * body only goes to an upload form), or too many large uploads at once (503).
 */
export function bodyRefusedPage(status: 411 | 413 | 415 | 503, reason: "anywhere" | "here" = "anywhere"): string {
  const code: ErrorCode =
    status === 503
      ? "uploads_busy"
      : status === 413
        ? reason === "here"
          ? "request_too_large_here"
          : "request_too_large"
        : "request_not_form";
  return page(de.errors.request_refused_title, de.errors[code], en.errors[code]);
}

/** The page for a large upload without a valid session (401): sign in first. */
export function signInToUploadPage(): string {
  return page(de.errors.upload_login_required_title, de.errors.upload_login_required, en.errors.upload_login_required, {
    href: "/anmelden",
    label: de.nav.login,
  });
}

/** The page for a request the edge cannot read: a damaged form body, or a path with control characters (400). */
export function badRequestPage(code: "request_malformed" | "address_invalid"): string {
  return page(de.errors.request_refused_title, de.errors[code], en.errors[code]);
}
