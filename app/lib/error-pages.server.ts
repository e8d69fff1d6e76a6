import { de } from "~/i18n/de";
import { en } from "~/i18n/en";

/** The page for a refused cross-origin write; it is answered before Remix runs, so it is plain HTML. */
export function crossOriginPage(): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${de.errors.cross_origin_title}</title></head>
<body><main><h1>${de.errors.cross_origin_title}</h1><p>${de.errors.cross_origin}</p>
<p lang="en">${en.errors.cross_origin}</p><p><a href="/">${de.nav.home}</a></p></main></body></html>`;
}

/** The page for a refused request body (not a form, no declared size, too large); plain HTML, before Remix runs. */
export function bodyRefusedPage(status: 411 | 413 | 415): string {
  const code = status === 413 ? "request_too_large" : "request_not_form";
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${de.errors.request_refused_title}</title></head>
<body><main><h1>${de.errors.request_refused_title}</h1><p>${de.errors[code]}</p>
<p lang="en">${en.errors[code]}</p><p><a href="/">${de.nav.home}</a></p></main></body></html>`;
}

/** The page for a request the edge cannot read: a damaged form body, or a path with control characters (400). */
export function badRequestPage(code: "request_malformed" | "address_invalid"): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${de.errors.request_refused_title}</title></head>
<body><main><h1>${de.errors.request_refused_title}</h1><p>${de.errors[code]}</p>
<p lang="en">${en.errors[code]}</p><p><a href="/">${de.nav.home}</a></p></main></body></html>`;
}
