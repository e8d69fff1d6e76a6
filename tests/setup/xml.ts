// A small, strict XML 1.0 well-formedness checker for tests (no DTDs, no external entities): it throws on the
// first error with its position, and returns the element tree with references decoded, so tests can look inside.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const XML_CHAR = /^[\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeReferences(text: string, fail: (message: string) => never): string {
  return text.replace(/&([^;&\s]*);?/g, (match, body: string) => {
    if (!match.endsWith(";")) fail(`unterminated reference "${match}"`);
    if (PREDEFINED[body] !== undefined) return PREDEFINED[body];
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
    if (!numeric) fail(`unknown entity "&${body};"`);
    const code = numeric![1] ? parseInt(numeric![1], 16) : parseInt(numeric![2], 10);
    const char = code <= 0x10ffff ? String.fromCodePoint(code) : "";
    if (!char || !XML_CHAR.test(char)) fail(`reference to a character XML does not allow: &${body};`);
    return char;
  });
}

/** Parses `source` as a whole XML document; throws an Error describing the first well-formedness error. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const fail = (message: string): never => {
    const line = source.slice(0, pos).split("\n").length;
    throw new Error(`XML not well-formed at line ${line} (offset ${pos}): ${message}`);
  };
  if (!XML_CHAR.test(source)) {
    pos = [...source].findIndex((c) => !XML_CHAR.test(c));
    fail("character not allowed in XML");
  }
  const text = (value: string) => {
    if (value.includes("]]>")) fail('"]]>" in text');
    return decodeReferences(value, fail);
  };
  const skipWhitespace = () => {
    while (pos < source.length && /[ \t\r\n]/.test(source[pos])) pos++;
  };
  const readName = () => {
    const m = NAME.exec(source.slice(pos));
    if (!m) fail("name expected");
    pos += m![0].length;
    return m![0];
  };

  if (source.startsWith("<?xml")) {
    const end = source.indexOf("?>");
    if (end < 0) fail("unterminated XML declaration");
    const declaration = source.slice(0, end + 2);
    if (
      !/^<\?xml\s+version=(["'])1\.[0-9]\1(\s+encoding=(["'])[A-Za-z][-A-Za-z0-9._]*\3)?(\s+standalone=(["'])(yes|no)\5)?\s*\?>$/.test(
        declaration,
      )
    ) {
      fail(`malformed XML declaration ${declaration}`);
    }
    pos = end + 2;
  }

  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (pos < source.length) {
    if (source.startsWith("<!--", pos)) {
      const end = source.indexOf("-->", pos + 4);
      if (end < 0) fail("unterminated comment");
      if (source.slice(pos + 4, end).includes("--")) fail('"--" inside a comment');
      pos = end + 3;
    } else if (source.startsWith("<![CDATA[", pos)) {
      if (!stack.length) fail("CDATA outside the root element");
      const end = source.indexOf("]]>", pos);
      if (end < 0) fail("unterminated CDATA section");
      stack[stack.length - 1].children.push(source.slice(pos + 9, end));
      pos = end + 3;
    } else if (source.startsWith("<!", pos)) {
      fail("DOCTYPE and other declarations are not expected here");
    } else if (source.startsWith("<?", pos)) {
      const end = source.indexOf("?>", pos);
      if (end < 0) fail("unterminated processing instruction");
      pos += 2;
      if (readName().toLowerCase() === "xml") fail("XML declaration not at the start");
      pos = end + 2;
    } else if (source.startsWith("</", pos)) {
      pos += 2;
      const name = readName();
      skipWhitespace();
      if (source[pos] !== ">") fail(`">" expected after </${name}`);
      pos++;
      const open = stack.pop();
      if (!open) fail(`end tag </${name}> without a start tag`);
      if (open!.name !== name) fail(`end tag </${name}> does not match <${open!.name}>`);
    } else if (source[pos] === "<") {
      pos++;
      if (!stack.length && root) fail("a second root element");
      const element: XmlElement = { name: readName(), attributes: {}, children: [] };
      for (;;) {
        const hadSpace = /[ \t\r\n]/.test(source[pos] ?? "");
        skipWhitespace();
        if (source.startsWith("/>", pos) || source[pos] === ">") break;
        if (!hadSpace) fail("whitespace expected between attributes");
        const attribute = readName();
        skipWhitespace();
        if (source[pos] !== "=") fail(`"=" expected after attribute ${attribute}`);
        pos++;
        skipWhitespace();
        const quote = source[pos];
        if (quote !== '"' && quote !== "'") fail(`quoted value expected for attribute ${attribute}`);
        const end = source.indexOf(quote, pos + 1);
        if (end < 0) fail(`unterminated value of attribute ${attribute}`);
        const raw = source.slice(pos + 1, end);
        if (raw.includes("<")) fail(`"<" in the value of attribute ${attribute}`);
        if (Object.hasOwn(element.attributes, attribute)) fail(`attribute ${attribute} given twice`);
        element.attributes[attribute] = decodeReferences(raw, fail);
        pos = end + 1;
      }
      if (stack.length) stack[stack.length - 1].children.push(element);
      else root = element;
      if (source.startsWith("/>", pos)) {
        pos += 2;
      } else {
        pos += 1;
        stack.push(element);
      }
    } else {
      const end = source.indexOf("<", pos);
      const raw = source.slice(pos, end < 0 ? source.length : end);
      if (!stack.length) {
        if (raw.trim()) fail("text outside the root element");
      } else {
        stack[stack.length - 1].children.push(text(raw));
      }
      pos += raw.length;
    }
  }
  if (stack.length) fail(`element <${stack[stack.length - 1].name}> is not closed`);
  if (!root) fail("no root element");
  return root!;
}

/** The child elements called `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c !== "string" && c.name === name);
}

/** The text of the first child element called `name` ("" when there is none). */
export function childText(element: XmlElement, name: string): string {
  const child = childrenNamed(element, name)[0];
  return child ? child.children.map((c) => (typeof c === "string" ? c : "")).join("") : "";
}
