import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { documentDownload } from "~/domain/documents/documents.server";
import { contentDisposition } from "~/domain/files/files.download";
import { canView } from "~/domain/consultations/consultations.policy";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";

// A document's file, to whoever may see its consultation. The stored type, a download name made from the
// document's title, and caching by the content hash (ETag): an unchanged file is not sent twice.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const download = await documentDownload(context.db, user, id);
  if (!download || !fs.existsSync(download.path)) notFound();
  const etag = `"${download.file.sha256}"`;
  const headers = {
    "Content-Type": download.file.mediaType,
    "Content-Disposition": contentDisposition(download.document.title, download.file.mediaType),
    ETag: etag,
    // What a guest may see (the consultations' canView) may sit in a shared cache; anything else (drafts) never.
    "Cache-Control": canView(null, download.consultation) ? "public, max-age=300, must-revalidate" : "private, no-cache",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  const stream = createReadableStreamFromReadable(fs.createReadStream(download.path));
  return new Response(stream, { headers: { ...headers, "Content-Length": String(download.file.byteSize) } });
}
