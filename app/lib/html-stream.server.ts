import { Transform, type TransformCallback } from "node:stream";

// React 18's streaming renderer (react-dom/server, writeStringChunk) copies text into a 2048-byte view with
// TextEncoder.encodeInto. When a multibyte character does not fit into the rest of the view, it writes the WHOLE view,
// including its unfilled tail of zero bytes, instead of `currentView.subarray(0, writtenBytes)`, and encodes the
// character into the next view. So the page gets one to three U+0000 at that place and loses no text
// (facebook/react#24985, #27554; fixed in React 19). In UTF-8 a 0x00 byte is only ever U+0000, never part of another
// character, and no page of ours contains a NUL on purpose (the JSON of Remix's context escapes it as \u0000).

/**
 * A stream that passes React's HTML through and drops every 0x00 byte. Put it between `pipe()` of
 * renderToPipeableStream and the response body. Chunks without a NUL pass unchanged.
 */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer | Uint8Array, _encoding: BufferEncoding, done: TransformCallback) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let nul = bytes.indexOf(0);
      if (nul === -1) return done(null, bytes);
      const parts: Buffer[] = [];
      let start = 0;
      while (nul !== -1) {
        if (nul > start) parts.push(bytes.subarray(start, nul));
        start = nul + 1;
        nul = bytes.indexOf(0, start);
      }
      if (start < bytes.length) parts.push(bytes.subarray(start));
      done(null, Buffer.concat(parts));
    },
  });
}
