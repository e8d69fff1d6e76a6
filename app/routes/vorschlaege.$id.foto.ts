import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { getProposal } from "~/domain/proposals/proposals.server";
import { findStoredFile } from "~/domain/files/files.server";
import { currentUser } from "~/lib/session.server";
import { notFound } from "~/lib/http.server";
import { parseId } from "~/lib/ids";

// A proposal's photo, to whoever may see the proposal itself and the photo (visibilityFor, issue 9): a hidden
// proposal's photo is hidden with it, and a photo hidden on its own has no file for anybody but the moderators
// (getProposal leaves its file id out), so its address answers 404 like one that never existed.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseId(params.id) ?? notFound();
  const user = await currentUser(request, context);
  const result = await getProposal(context.db, user, id);
  if (!result.ok || !result.proposal.photoFileId || result.proposal.hiddenForReader) notFound();
  const file = await findStoredFile(context.db, result.proposal.photoFileId);
  if (!file || !fs.existsSync(file.path)) notFound();
  const etag = `"${file.sha256}"`;
  const headers = {
    "Content-Type": file.mediaType,
    ETag: etag,
    // Private: a photo can be hidden by moderation later, so shared caches must not keep it.
    "Cache-Control": "private, max-age=3600",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  const stream = createReadableStreamFromReadable(fs.createReadStream(file.path));
  return new Response(stream, { headers: { ...headers, "Content-Length": String(file.byteSize) } });
}
