import { PassThrough, type Transform } from "node:stream";
import type { ReactElement } from "react";
import { renderToPipeableStream, renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withoutNulBytes } from "~/lib/html-stream.server";

// React 18's streaming renderer pads a 2048-byte chunk with NUL bytes when a multibyte character meets its end
// (facebook/react#24985, #27554; issue 8, item 1). app/entry.server.tsx pipes every page through withoutNulBytes().
// These documents put a 2-, 3- and 4-byte character at every byte offset around the first and second chunk edge.

const CHARACTERS = ["ä", "€", "😀"];
const VIEW_SIZE = 2048;

/** Renders like entry.server.tsx: renderToPipeableStream into `destination`; returns the bytes that come out. */
function render(element: ReactElement, destination: Transform): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    destination.on("data", (chunk: Buffer) => chunks.push(chunk));
    destination.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(element, {
      onAllReady: () => pipe(destination),
      onShellError: reject,
      onError: reject,
    });
  });
}

// Short text nodes, as on a real page: React only copies strings of at most 682 characters into its 2048-byte view
// (longer ones are encoded whole and written on their own), and the bug lives in that copy.
function Page({ lead, padding, character }: { lead: number; padding: number; character: string }) {
  return (
    <main>
      {Array.from({ length: lead }, (_, i) => (
        <p key={i}>{"Beteiligung ".repeat(5)}</p>
      ))}
      <p>{`${"x".repeat(padding)}${character}${character}ende`}</p>
    </main>
  );
}

/** Every document of the sweep, with the byte offset of its first multibyte character in the correct output. */
function* documents(lead: number) {
  for (const character of CHARACTERS) {
    for (let padding = 0; padding < 200; padding++) {
      const element = <Page lead={lead} padding={padding} character={character} />;
      const expected = renderToStaticMarkup(element);
      const offset = Buffer.byteLength(expected.slice(0, expected.indexOf(character)));
      yield { character, padding, element, expected, offset };
    }
  }
}

// 29 paragraphs of 67 bytes put the padded paragraph 96 bytes before byte 2048, 60 of them 67 bytes before byte 4096.
const SWEEPS = [
  { lead: 29, edge: VIEW_SIZE },
  { lead: 60, edge: 2 * VIEW_SIZE },
];

describe("no NUL byte in a rendered page", () => {
  for (const { lead, edge } of SWEEPS) {
    it(`multibyte characters at every offset from ${edge - 60} to ${edge + 60}: no 0x00, the same text as rendered whole`, async () => {
      const offsets = new Set<number>();
      for (const { character, padding, element, expected, offset } of documents(lead)) {
        const bytes = await render(element, withoutNulBytes());
        expect(bytes.includes(0), `${character} at byte ${offset} (padding ${padding})`).toBe(false);
        expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes), `${character} at byte ${offset}`).toBe(expected);
        offsets.add(offset);
      }
      // The sweep really crossed the chunk edge at every byte.
      for (let offset = edge - 60; offset <= edge + 60; offset++) expect(offsets.has(offset), `offset ${offset}`).toBe(true);
    });
  }

  it("without the filter React's output has the NUL bytes (the bug the filter exists for), and only them in addition", async () => {
    let pagesWithNul = 0;
    for (const { lead } of SWEEPS) {
      for (const { element, expected } of documents(lead)) {
        const raw = await render(element, new PassThrough());
        if (raw.includes(0)) pagesWithNul += 1;
        // The NULs are padding: without them the bytes are exactly the page.
        expect(Buffer.from(raw.filter((b) => b !== 0)).toString("utf8")).toBe(expected);
      }
    }
    // 2 sweeps × (1 document for ä + 2 for € + 3 for 😀) straddle an edge.
    expect(pagesWithNul).toBeGreaterThanOrEqual(2 * (1 + 2 + 3));
  });

  it("passes a page without NULs through unchanged, chunk by chunk", async () => {
    const element = (
      <main>
        <h1>Öffentliche Beteiligung – Radweg Süd 🚲</h1>
      </main>
    );
    const bytes = await render(element, withoutNulBytes());
    expect(bytes.toString("utf8")).toBe(renderToStaticMarkup(element));
  });
});
