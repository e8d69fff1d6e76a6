import { Form, Link, useFetcher } from "@remix-run/react";
import { useState } from "react";
import { createPortal } from "react-dom";
import { useT } from "~/i18n";
import type { loader as sectionLoader } from "~/routes/abschnitte.$id";
import { ClientOnly } from "./ClientOnly";
import { CommentsSection } from "./proposal-page";
import { Field, FormErrors } from "./forms";
import { Markdown } from "./content";

/** "PDF, 2,4 MB": what a download is before one starts it. */
export function FileFacts({ label, byteSize }: { label: string; byteSize: number }) {
  const t = useT();
  return <span className="file-facts">({t.documents.facts(label, t.documents.size(byteSize))})</span>;
}

type ListedDocument = {
  id: string;
  kind: string;
  title: string;
  description: string;
  file: { label: string; byteSize: number } | null;
};

/** A consultation's documents: files with their type and size, texts with a link to read and comment. */
export function DocumentList({ documents }: { documents: ListedDocument[] }) {
  const t = useT();
  if (documents.length === 0) return null;
  return (
    <section aria-labelledby="unterlagen" className="panel">
      <h2 id="unterlagen">{t.documents.heading}</h2>
      <ul className="document-list">
        {documents.map((d) => (
          <li key={d.id}>
            {d.file ? (
              <>
                <a href={`/dokumente/${d.id}/datei`}>{d.title}</a> <FileFacts label={d.file.label} byteSize={d.file.byteSize} />{" "}
                <Link to={`/dokumente/${d.id}`}>
                  {t.documents.details}
                  <span className="visually-hidden"> {d.title}</span>
                </Link>
              </>
            ) : (
              <>
                <Link to={`/dokumente/${d.id}`}>{d.title}</Link> <span>({t.documents.textToComment})</span>
              </>
            )}
            {d.description ? <p className="meta">{d.description}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Title, description and markdown text of a text document (new and edit). */
export function TextDocumentForm(props: {
  result?: { formError?: string; fieldErrors?: Record<string, string> } | null;
  values?: Record<string, string | undefined>;
}) {
  const t = useT();
  const v = props.values ?? {};
  return (
    <Form method="post" noValidate className="stack">
      <input type="hidden" name="kind" value="text" />
      <FormErrors result={props.result} />
      <Field name="title" label={t.documents.title} errors={props.result?.fieldErrors} defaultValue={v.title} required />
      <Field
        name="description"
        label={t.documents.description}
        errors={props.result?.fieldErrors}
        defaultValue={v.description}
        multiline
        rows={3}
      />
      <Field
        name="body"
        label={t.documents.body}
        hint={t.documents.bodyHint}
        errors={props.result?.fieldErrors}
        defaultValue={v.body}
        multiline
        rows={20}
        required
      />
      <button type="submit" className="button button--primary">
        {t.documents.save}
      </button>
    </Form>
  );
}

type SectionView = {
  id: string;
  number: number | null;
  heading: string;
  html: string;
  commentCount: number;
  removedInVersion: number | null;
};

/** One numbered section of a text, linkable (#abschnitt-id), with its comment count and the way to its comments. */
export function DocumentSection({ section: s, headingLevel = 2 }: { section: SectionView; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const heading = s.heading || t.documents.intro;
  return (
    <section id={`abschnitt-${s.id}`} aria-labelledby={`abschnitt-${s.id}-titel`} className="document-section">
      <Heading id={`abschnitt-${s.id}-titel`}>{t.documents.sectionTitle(s.number, heading)}</Heading>
      {s.removedInVersion !== null ? <p className="alert alert--info">{t.documents.earlierVersion(s.removedInVersion)}</p> : null}
      <Markdown html={s.html} />
      <p className="section-comments">
        <Link to={`/abschnitte/${s.id}`}>
          {t.documents.comments(s.commentCount)}
          <span className="visually-hidden">
            {" "}
            – {s.number ? t.documents.showComments(s.number, heading) : t.documents.readEarlierComments(heading)}
          </span>
        </Link>
        <ClientOnly fallback={null}>{() => <InlineComments sectionId={s.id} heading={heading} />}</ClientOnly>
      </p>
      <div id={`abschnitt-${s.id}-kommentare`} />
    </section>
  );
}

/**
 * With JavaScript, a section's comments can also open right below it, so the reader keeps their place in the text;
 * they are the section page's own data and forms (posting there). Without JavaScript the link leads to that page.
 */
function InlineComments({ sectionId, heading }: { sectionId: string; heading: string }) {
  const t = useT();
  const fetcher = useFetcher<typeof sectionLoader>();
  const [open, setOpen] = useState(false);
  const panel = `abschnitt-${sectionId}-kommentare`;
  const data = fetcher.data;
  return (
    <>
      {" "}
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => {
          setOpen(!open);
          if (!open && !data && fetcher.state === "idle") fetcher.load(`/abschnitte/${sectionId}`);
        }}
      >
        {open ? t.documents.hideCommentsHere : t.documents.showCommentsHere}
        <span className="visually-hidden"> ({heading})</span>
      </button>
      {open
        ? createPortal(
            <div className="section-comments__inline">
              {data ? (
                <CommentsSection
                  data={data}
                  elsewhere={{ action: `/abschnitte/${sectionId}`, idSuffix: `-${sectionId}`, morePages: `/abschnitte/${sectionId}` }}
                />
              ) : (
                <p role="status">{t.map.previewLoading}</p>
              )}
            </div>,
            document.getElementById(panel)!,
          )
        : null}
    </>
  );
}
