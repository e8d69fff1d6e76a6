// The odd values the fuzz test sends. A value is bytes, not a JS string: over HTTP a "lone surrogate" can only
// arrive as the bytes ED A0 80 (or their percent-encoding), and invalid UTF-8 only as raw bytes.

export interface FuzzValue {
  label: string;
  bytes: Buffer;
  /** Sent into a query string or urlencoded body as it is (malformed percent escapes), not percent-encoded. */
  raw?: boolean;
}

/** UTF-8, except that a lone surrogate code unit is encoded as its own three bytes (WTF-8), as a buggy client would. */
export function wtf8(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out.push(...Buffer.from(text.slice(i, i + 2), "utf8"));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
    } else {
      out.push(...Buffer.from(text[i], "utf8"));
    }
  }
  return Buffer.from(out);
}

const v = (label: string, text: string): FuzzValue => ({ label, bytes: wtf8(text) });
const bytes = (label: string, data: number[] | Buffer): FuzzValue => ({ label, bytes: Buffer.from(data) });
const raw = (label: string, text: string): FuzzValue => ({ label, bytes: Buffer.from(text, "latin1"), raw: true });

export const NUL = v("NUL", "a\u0000b");
export const NUL_ONLY = v("NUL only", "\u0000");
export const C0 = v("C0 controls", "Text \u0001\u0008\u000b\u000c\u001b[2J\u007f Ende");
export const C1 = v("C1 controls", "Text \u0085\u009b Ende");
export const CRLF = v("CR, LF, tab", "Zeile\r\nZeile\rZeile\tEnde");
export const LONE_HIGH = v("lone surrogate \\uD800 (ED A0 80)", "Text \ud800 Ende");
export const LONE_LOW = v("lone surrogate \\uDC00", "\udc00");
export const BAD_UTF8 = bytes("invalid UTF-8 (FF, overlong C0 AF, cut E2 82)", [0x41, 0xff, 0xc0, 0xaf, 0x42, 0xe2, 0x82]);
export const LONG = v("100 kB", "x".repeat(100_000));
export const LONG_MULTIBYTE = v("100 kB of ä", "ä".repeat(50_000));
/** Long, but within the 16 kB that Node allows for a request's head: reaches the route. */
export const LONG_QUERY = v("8 kB", "x".repeat(8_000));
export const LONG_QUERY_MULTIBYTE = v("8 kB of ä", "ä".repeat(1_300));
export const HUGE = v("huge number", "99999999999999999999999999");
export const BIGINT_OVER = v("bigint overflow", "9223372036854775808");
export const NEGATIVE = v("negative", "-1");
export const NEGATIVE_HUGE = v("huge negative", "-9223372036854775809");
export const E309 = v("1e309", "1e309");
export const NAN = v("NaN", "NaN");
export const INFINITY = v("Infinity", "Infinity");
export const MINUS_ZERO = v("-0", "-0");
export const HEX = v("0x10", "0x10");
export const FRACTION = v("1.5", "1.5");
export const ZERO = v("0", "0");
export const PROTO = v("__proto__", "__proto__");
export const CONSTRUCTOR = v("constructor", "constructor");
export const TO_STRING = v("toString", "toString");
export const EMPTY = v("empty", "");
export const INVISIBLE = v("BOM, RTL override, zero-width", "\ufeff\u202eabc\u200b");
export const EMOJI = v("emoji sequence", "👩‍👩‍👧 Vorschlag");
export const NONCHAR = v("noncharacters U+FFFF U+FFFE", "\uffff\ufffe");
export const TSQUERY = v("tsquery syntax", "a:* & | ! ( ) <-> 'x' \\ \"");
export const MARKUP = v("SQL and markup", "'; drop table users; -- <script>alert(1)</script> %_ ${x} {{x}}");
export const BAD_PERCENT = raw("malformed percent escapes", "%zz%E0%A4%A%");

/** Everything, for the fields that matter most (each form field, each query parameter of the light pages). */
export const ALL: FuzzValue[] = [
  NUL,
  NUL_ONLY,
  C0,
  C1,
  CRLF,
  LONE_HIGH,
  LONE_LOW,
  BAD_UTF8,
  LONG,
  LONG_MULTIBYTE,
  HUGE,
  BIGINT_OVER,
  NEGATIVE,
  NEGATIVE_HUGE,
  E309,
  NAN,
  INFINITY,
  MINUS_ZERO,
  HEX,
  FRACTION,
  ZERO,
  PROTO,
  CONSTRUCTOR,
  TO_STRING,
  EMPTY,
  INVISIBLE,
  EMOJI,
  NONCHAR,
  TSQUERY,
  MARKUP,
  BAD_PERCENT,
];

/** One or two of each class: for every form field. */
export const FULL: FuzzValue[] = [
  NUL,
  NUL_ONLY,
  C0,
  C1,
  LONE_HIGH,
  LONE_LOW,
  BAD_UTF8,
  LONG,
  HUGE,
  BIGINT_OVER,
  NEGATIVE,
  E309,
  NAN,
  INFINITY,
  MINUS_ZERO,
  HEX,
  PROTO,
  CONSTRUCTOR,
  EMPTY,
  NONCHAR,
  TSQUERY,
  BAD_PERCENT,
];

/** Textual oddities that a length limit would refuse on their own: also sent appended to a valid value. */
export const APPENDED: FuzzValue[] = [NUL, C0, LONE_HIGH, BAD_UTF8, NONCHAR];

/** A smaller set: for slow pages, for forms that parse like another one, for multipart bodies. */
export const SOME: FuzzValue[] = [NUL, C0, LONE_HIGH, BAD_UTF8, LONG, BIGINT_OVER, E309, PROTO, EMPTY];

/** The least: multipart copies of a form. */
export const FEW: FuzzValue[] = [NUL, LONE_HIGH, BAD_UTF8, LONG];

/** Odd values for an id in the path (`/vorschlaege/:id`), sent percent-encoded where needed. */
export const PATH_IDS: FuzzValue[] = [
  ZERO,
  NEGATIVE,
  FRACTION,
  HUGE,
  BIGINT_OVER,
  E309,
  HEX,
  NAN,
  NUL,
  LONE_HIGH,
  BAD_UTF8,
  PROTO,
  CONSTRUCTOR,
  v("dot segment", ".."),
  v("encoded slash", "1/../2"),
  v("id with NUL", "1\u0000"),
];

/** Extra values for fields with a known form, next to ALL. */
export const TYPED: Record<string, FuzzValue[]> = {
  date: [
    v("impossible date", "2026-02-30T25:61"),
    v("year 0", "0000-01-01T00:00"),
    v("largest JS date", "+275760-09-13T00:00:00Z"),
    v("smallest JS date", "-271821-04-20T00:00:00Z"),
    v("year 10000", "+010000-01-01T00:00:00Z"),
    v("offset out of range", "2026-06-01T10:00+99:99"),
    v("DST gap", "2026-03-29T02:30"),
  ],
  email: [
    v("no domain", "a@"),
    v("254 characters", `${"a".repeat(64)}@${"b".repeat(185)}.de`),
    v("quoted local part", '"a b"@example.org'),
    v("IDN", "ä@bücher.example"),
    v("NUL in address", "a\u0000@example.org"),
  ],
  json: [
    v("not JSON", "{"),
    v("array", "[]"),
    v("deep nesting", "[".repeat(100_000) + "]".repeat(100_000)),
    v("huge coordinates", '{"type":"Polygon","coordinates":[[[1e309,0],[0,1e309],[0,0],[1e309,0]]]}'),
    v("feature collection of nothing", '{"type":"FeatureCollection","features":[null,{},{"geometry":null}]}'),
    v("__proto__ key", '{"__proto__":{"type":"Polygon"},"type":"Polygon","coordinates":[]}'),
  ],
  color: [v("colour name", "red"), v("short hex", "#fff"), v("hex with NUL", "#12345\u0000")],
  redirect: [
    v("non-ASCII path", "/€"),
    v("protocol-relative", "//angreifer.example"),
    v("dot segments", "/.//angreifer.example"),
    v("backslash", "/\\angreifer.example"),
    v("javascript URL", "javascript:alert(1)"),
    v("encoded CRLF", "/%0d%0aSet-Cookie:x=1"),
  ],
  number: [v("comma decimal", "50,55"), v("exponent", "5e1"), v("spaces", "  50.5  "), v("plus", "+50")],
};
