import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/i18n";

type SimilarItem = { id: string; title: string; url: string };

/** How long typing must pause before the server is asked. */
const DEBOUNCE_MS = 300;
/** Shorter titles find nothing useful (the server says the same). */
const MIN_LENGTH = 3;

/** The current text of an input, following the person's typing (for uncontrolled forms). */
function useInputValue(inputId: string | undefined): string {
  const [value, setValue] = useState("");
  useEffect(() => {
    if (!inputId) return;
    const input = document.getElementById(inputId) as HTMLInputElement | HTMLTextAreaElement | null;
    if (!input) return;
    const update = () => setValue(input.value);
    update();
    input.addEventListener("input", update);
    return () => input.removeEventListener("input", update);
  }, [inputId]);
  return value;
}

/**
 * Proposals of the same consultation that resemble the title being typed, so people can support an existing one
 * instead of writing it again. Give either `title` (a controlled field's value) or `inputId` (the id of the
 * title input, e.g. "feld-title", which is then followed by itself). Asks the server after a short pause in
 * typing; shows nothing without matches (and nothing without JavaScript). The list sits in a polite live region.
 */
export function SimilarProposals(props: { consultationId: string; title?: string; inputId?: string }) {
  const t = useT();
  const typed = useInputValue(props.title === undefined ? props.inputId : undefined);
  const text = (props.title ?? typed).trim();
  const [items, setItems] = useState<SimilarItem[]>([]);

  useEffect(() => {
    if (text.length < MIN_LENGTH) {
      setItems([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/beteiligungen/${props.consultationId}/aehnliche?titel=${encodeURIComponent(text)}`, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return setItems([]);
        const data = (await response.json()) as { items: SimilarItem[] };
        setItems(data.items);
      } catch {
        // Aborted by newer typing, or the network failed: the hint is optional, so nothing is shown.
        if (!controller.signal.aborted) setItems([]);
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [props.consultationId, text]);

  return (
    <div className="similar-proposals" aria-live="polite">
      {items.length ? (
        <>
          <p className="similar-proposals__heading" id="aehnliche-vorschlaege">
            <strong>{t.proposal.similarHeading}</strong>
          </p>
          <p className="hint">{t.proposal.similarHint}</p>
          <ul aria-labelledby="aehnliche-vorschlaege">
            {items.map((item) => (
              <li key={item.id}>
                <Link to={item.url}>{item.title}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
