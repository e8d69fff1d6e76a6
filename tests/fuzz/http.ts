import http from "node:http";
import type { FuzzValue } from "./values";

// A small HTTP client that sends exactly the bytes it is given (fetch would repair lone surrogates and refuse some
// bodies), one connection per request, so that one refused request cannot disturb the next.

export interface FilePart {
  filename: Buffer;
  type: string;
  data: Buffer;
}

/** Malformed percent escapes, sent in an urlencoded body as they are (in multipart: these characters). */
export interface RawText {
  raw: string;
}

/** A form field's value: text bytes, raw escapes, or a file (multipart only). */
export type FieldValue = Buffer | RawText | FilePart;
export type Fields = [name: Buffer, value: FieldValue][];

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** A network failure (reset, timeout) instead of an answer. */
  error?: string;
}

export const isFile = (value: FieldValue): value is FilePart => !Buffer.isBuffer(value) && "data" in value;
const isRaw = (value: FieldValue): value is RawText => !Buffer.isBuffer(value) && "raw" in value;

/** Percent-encodes bytes as a form or query string does; malformed escapes (raw values) go as they are. */
export function percentEncode(value: Buffer | FuzzValue): string {
  if (!Buffer.isBuffer(value) && value.raw) return value.bytes.toString("latin1");
  const bytes = Buffer.isBuffer(value) ? value : value.bytes;
  let out = "";
  for (const b of bytes)
    out += /[A-Za-z0-9*\-._]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  return out;
}

export function urlencoded(fields: Fields): Buffer {
  return Buffer.from(
    fields
      .filter(([, value]) => !isFile(value))
      .map(([name, value]) => `${percentEncode(name)}=${isRaw(value) ? value.raw : percentEncode(value as Buffer)}`)
      .join("&"),
    "latin1",
  );
}

/** A multipart/form-data body with the bytes as they are (also where they are not UTF-8). */
export function multipart(fields: Fields): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  // Names and file names are quoted; a quote, CR or LF in them would end the header, so those are escaped as browsers do.
  const quoted = (b: Buffer) =>
    Buffer.from(b.toString("latin1").replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A"), "latin1");
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`), quoted(name), Buffer.from('"'));
    if (isFile(value)) {
      parts.push(Buffer.from('; filename="'), quoted(value.filename), Buffer.from(`"\r\nContent-Type: ${value.type}\r\n\r\n`), value.data);
    } else {
      parts.push(Buffer.from("\r\n\r\n"), isRaw(value) ? Buffer.from(value.raw, "latin1") : value);
    }
    parts.push(Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function send(
  baseUrl: string,
  request: { method: string; path: string; headers?: Record<string, string>; body?: Buffer },
  timeoutMs = 30_000,
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const headers: Record<string, string> = { Connection: "close", ...request.headers };
    if (request.body) headers["Content-Length"] = String(request.body.length);
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: String(e) }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: String(e) }));
    req.end(request.body);
  });
}

/** The `name=value` pairs of a response's Set-Cookie headers. */
export function cookiesOf(answer: Answer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of answer.headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    if (at > 0) out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}
