import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedItems } from "~/domain/consultations/consultations.server";
import { atomFeed } from "~/lib/atom.server";
import { env } from "~/lib/env.server";
import { plainTextExcerpt } from "~/lib/markdown.server";
import { de } from "~/i18n/de";

// GET /feed.atom: newly published consultations and published result reports, newest first, for feed readers and
// for announcing on Mastodon. The same for everyone (never drafts, never unpublished reports); in German, the town's
// language, since feed readers send no language choice.
export async function loader({ context }: LoaderFunctionArgs) {
  const base = env().PUBLIC_URL.replace(/\/+$/, "");
  const t = de;
  const items = await feedItems(context.db);
  const xml = atomFeed({
    id: `${base}/feed.atom`,
    title: t.feed.title,
    subtitle: t.feed.subtitle,
    self: `${base}/feed.atom`,
    alternate: `${base}/`,
    author: `${t.app.name} – ${t.app.tagline}`,
    lang: t.lang,
    emptyUpdated: new Date(),
    entries: items.map((item) =>
      item.kind === "consultation"
        ? {
            id: `${base}/beteiligungen/${item.consultationId}`,
            title: t.feed.newConsultation(item.title),
            link: `${base}/beteiligungen/${item.consultationId}`,
            published: item.publishedAt,
            updated: item.updatedAt,
            summary: item.summary,
            category: { term: "consultation", label: t.feed.consultation },
          }
        : {
            id: `${base}/beteiligungen/${item.consultationId}/ergebnis`,
            title: t.feed.result(item.title),
            link: `${base}/beteiligungen/${item.consultationId}/ergebnis`,
            published: item.publishedAt,
            updated: item.updatedAt,
            summary: plainTextExcerpt(item.summaryMd, 400),
            category: { term: "result", label: t.feed.resultCategory },
          },
    ),
  });
  return new Response(xml, {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
}
