import type { Fields, FieldValue, FilePart } from "./http";
import { percentEncode } from "./http";
import { HEAVY_VALUES, PAGE_VALUES, type FormTarget, type Ids, type PageTarget, type Role, typedValues } from "./targets";
import { APPENDED, BAD_UTF8, FEW, FULL, LONE_HIGH, LONG, NUL, PATH_IDS, PROTO, SOME, wtf8, type FuzzValue } from "./values";

// Turns the targets into requests: each odd value in one parameter or field at a time, the others valid. The roles
// that only get a refusal ("shallow") get whole forms and queries of odd values instead of one field at a time.

export interface PlannedRequest {
  route: string;
  form: string;
  role: Role;
  method: string;
  /** Path with query string, ASCII only. */
  path: string;
  encoding?: "urlencoded" | "multipart";
  /** Form fields; `{n}` in them is filled in when sent. */
  fields?: Fields;
  /** What is odd about it, for the report. */
  what: string;
  perAddress?: boolean;
  /** A request head over Node's 16 kB: a 431 or a reset connection is the expected answer. */
  oversized?: boolean;
}

const text = (s: string) => Buffer.from(s, "utf8");
const valueOf = (v: FuzzValue): FieldValue => (v.raw ? { raw: v.bytes.toString("latin1") } : v.bytes);

/** Field names whose multipart value is a file. */
const FILE_FIELDS = new Set(["photo", "file", "areaFile"]);

const FILE_VARIANTS: { label: string; file: FilePart }[] = [
  { label: "empty file", file: { filename: text("leer.png"), type: "image/png", data: Buffer.alloc(0) } },
  {
    label: "garbage bytes as PNG",
    file: { filename: text("bild.png"), type: "image/png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) },
  },
  { label: "NUL in file name", file: { filename: text("bi\u0000ld.png"), type: "image/png", data: Buffer.from("x") } },
  { label: "lone surrogate in file name", file: { filename: wtf8("bild\ud800.png"), type: "image/png", data: Buffer.from("x") } },
  { label: "invalid UTF-8 file name", file: { filename: BAD_UTF8.bytes, type: "image/png", data: Buffer.from("x") } },
  { label: "10 kB file name", file: { filename: text(`${"n".repeat(10_000)}.png`), type: "image/png", data: Buffer.from("x") } },
  { label: "path in file name", file: { filename: text("../../../etc/passwd.geojson"), type: "application/geo+json", data: text("{}") } },
  {
    label: "deeply nested JSON file",
    file: { filename: text("gebiet.geojson"), type: "application/geo+json", data: text("[".repeat(100_000)) },
  },
  { label: "odd content type", file: { filename: text("bild.png"), type: "text/html; charset=x", data: text("<p>") } },
];

function withField(
  fields: Fields,
  name: string,
  value: FieldValue | null,
  mode: "replace" | "append-array" | "prepend-array" = "replace",
): Fields {
  const key = text(name);
  const others = fields.filter(([k]) => !k.equals(key));
  const existing = fields.find(([k]) => k.equals(key))?.[1];
  if (value === null) return others;
  if (mode === "append-array" && existing) return [...others, [key, existing], [key, value]];
  if (mode === "prepend-array" && existing) return [...others, [key, value], [key, existing]];
  return [...others, [key, value]];
}

/** Every text field of a form set to `value` (or the valid value followed by it). */
function everyField(fields: Fields, value: FuzzValue, appended: boolean): Fields {
  return fields.map(([k, v]) => [k, Buffer.isBuffer(v) ? (appended ? Buffer.concat([v, value.bytes]) : value.bytes) : v]);
}

export function planForm(target: FormTarget, ids: Ids, seenRoutes: Set<string>): PlannedRequest[] {
  const out: PlannedRequest[] = [];
  const common = { route: target.route, form: target.form, method: "POST", path: target.path(ids), perAddress: target.perAddress };
  const light = target.depth === "light";
  const fieldNames = target.only ?? [...Object.keys(target.base(ids)), ...(target.optional ?? []), ...Object.keys(target.files ?? {})];
  const base = (multipart: boolean): Fields => {
    const fields: Fields = Object.entries(target.base(ids)).map(([k, v]) => [text(k), text(v)]);
    if (multipart) for (const [k, f] of Object.entries(target.files ?? {})) fields.push([text(k), f]);
    return fields;
  };
  const encodings = target.encodings ?? ["urlencoded", "multipart"];

  for (const role of target.deep) {
    for (const encoding of encodings) {
      const multipart = encoding === "multipart";
      const valid = base(multipart);
      const add = (fields: Fields, what: string) => out.push({ ...common, role, encoding, fields, what });
      add(valid, "valid form");
      for (const name of fieldNames) {
        const own = valid.find(([k]) => k.equals(text(name)))?.[1];
        if (FILE_FIELDS.has(name)) {
          if (!multipart) continue;
          for (const variant of FILE_VARIANTS) add(withField(valid, name, variant.file), `${name}: ${variant.label}`);
          add(withField(valid, name, NUL.bytes), `${name}: text instead of a file`);
          add(withField(valid, name, null), `${name} missing`);
          continue;
        }
        const lightField = light || !!target.lightFields?.includes(name);
        const values = multipart ? FEW : lightField ? SOME : [...FULL, ...typedValues(target.types?.[name])];
        for (const v of values) add(withField(valid, name, valueOf(v)), `${name}=${v.label}`);
        if (own && Buffer.isBuffer(own)) {
          for (const v of multipart || lightField ? [NUL, LONE_HIGH] : APPENDED) {
            add(withField(valid, name, Buffer.concat([own, v.bytes])), `${name}=valid value + ${v.label}`);
          }
        }
        if (multipart) continue;
        if (own) add(withField(valid, name, null), `${name} missing`);
        add(withField(valid, name, NUL.bytes, "append-array"), `${name}=valid&${name}=NUL`);
        if (!lightField) add(withField(valid, name, PROTO.bytes, "prepend-array"), `${name}=__proto__&${name}=valid`);
      }
      add([...valid, [text("a\u0000b"), text("x")], [wtf8("\ud800"), text("x")]], "field names with NUL and a lone surrogate");
      if (multipart) continue;
      add([], "no fields at all");
      add(
        [...valid, [text("__proto__"), text("x")], [text("constructor"), text("x")], [text("toString"), text("x")]],
        "fields named __proto__, constructor, toString",
      );
      add([...valid, [text("extra"), LONG.bytes]], "an extra 100 kB field");
    }
  }
  // The roles that are refused: whole forms of odd values.
  for (const role of target.shallow ?? []) {
    const valid = base(false);
    const add = (fields: Fields, what: string) => out.push({ ...common, role, encoding: "urlencoded", fields, what });
    add(valid, "valid form");
    add(everyField(valid, NUL, true), "every field + NUL");
    add(everyField(valid, LONE_HIGH, false), "every field a lone surrogate");
    add(everyField(valid, PROTO, false), "every field __proto__");
  }
  const role = target.deep[0];
  out.push({ ...common, method: "PUT", role, encoding: "urlencoded", fields: base(false), what: "method PUT" });
  // Odd ids in the path, once per route.
  if (target.route.includes(":id") && !seenRoutes.has(`POST ${target.route}`)) {
    seenRoutes.add(`POST ${target.route}`);
    for (const v of PATH_IDS) {
      out.push({
        ...common,
        role,
        encoding: "urlencoded",
        path: target.route.replace(":id", percentEncode(v)),
        fields: base(false),
        what: `:id=${v.label}`,
      });
    }
  }
  return out;
}

const query = (pairs: [string | Buffer, Buffer | FuzzValue][]) =>
  pairs.length ? `?${pairs.map(([k, v]) => `${percentEncode(typeof k === "string" ? text(k) : k)}=${percentEncode(v)}`).join("&")}` : "";

export function planPage(target: PageTarget, ids: Ids, seenRoutes: Set<string>): PlannedRequest[] {
  const out: PlannedRequest[] = [];
  const path = target.path(ids);
  const base = Object.entries(target.base ?? {}).map(([k, v]) => [k, text(v)] as [string, Buffer]);
  const common = { route: target.route, form: "GET", method: "GET" };
  for (const role of target.deep) {
    const add = (pairs: [string | Buffer, Buffer | FuzzValue][], what: string) =>
      out.push({ ...common, role, path: `${path}${query(pairs)}`, what });
    add(base, "valid");
    for (const name of target.params) {
      const others = base.filter(([k]) => k !== name);
      for (const v of [...(target.heavy ? HEAVY_VALUES : PAGE_VALUES), ...typedValues(target.types?.[name])])
        add([...others, [name, v]], `${name}=${v.label}`);
      const valid = base.find(([k]) => k === name)?.[1];
      if (valid) for (const v of APPENDED) add([...others, [name, Buffer.concat([valid, v.bytes])]], `${name}=valid value + ${v.label}`);
      add([...others, [name, text("1")], [name, NUL.bytes]], `${name}=1&${name}=NUL`);
    }
    add(
      [...base, ["__proto__", text("x")], ["constructor", text("x")], [text("a\u0000b"), text("x")], [wtf8("\ud800"), LONE_HIGH]],
      "odd parameter names",
    );
  }
  const first = target.deep[0];
  out.push({
    ...common,
    role: first,
    path: `${path}${query([...base, [target.params[0], LONG]])}`,
    what: `${target.params[0]}=100 kB`,
    oversized: true,
  });
  // A POST to the page: its action, or a 405 where it has none.
  out.push({
    ...common,
    role: first,
    method: "POST",
    form: "POST",
    path,
    encoding: "urlencoded",
    fields: [[text("intent"), NUL.bytes]],
    what: "a form posted to the page",
  });
  for (const role of target.shallow ?? []) {
    const add = (pairs: [string | Buffer, Buffer | FuzzValue][], what: string) =>
      out.push({ ...common, role, path: `${path}${query(pairs)}`, what });
    for (const v of [NUL, LONE_HIGH, PROTO])
      add(
        target.params.map((p) => [p, v]),
        `every parameter ${v.label}`,
      );
  }
  // Odd ids (and tile coordinates) in the path, once per route.
  const role = target.deep[0];
  const variants: [string, string][] = [];
  if (!seenRoutes.has(`GET ${target.route}`)) {
    seenRoutes.add(`GET ${target.route}`);
    if (target.route.includes(":id"))
      for (const v of PATH_IDS) variants.push([target.route.replace(":id", percentEncode(v)), `:id=${v.label}`]);
    if (target.route === "/kacheln") {
      for (const v of PATH_IDS) {
        variants.push([`/kacheln/${percentEncode(v)}/1/1.png`, `z=${v.label}`]);
        variants.push([`/kacheln/1/1/${percentEncode(v)}.png`, `y=${v.label}`]);
      }
    }
    if (target.route === "/*")
      for (const v of [...PATH_IDS, ...SOME]) variants.push([`/gibt-es-nicht/${percentEncode(v)}`, `path=${v.label}`]);
  }
  for (const [p, what] of variants) out.push({ ...common, role, path: p, what });
  return out;
}
