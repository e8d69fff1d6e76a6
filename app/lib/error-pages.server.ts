import { de } from "~/i18n/de";
import { en } from "~/i18n/en";

/** The page for a refused cross-origin write; it is answered before Remix runs, so it is plain HTML. */
export function crossOriginPage(): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${de.errors.cross_origin_title}</title></head>
<body><main><h1>${de.errors.cross_origin_title}</h1><p>${de.errors.cross_origin}</p>
<p lang="en">${en.errors.cross_origin}</p><p><a href="/">${de.nav.home}</a></p></main></body></html>`;
}
