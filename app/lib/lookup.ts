// Tables indexed by a value from outside (a URL parameter, a form field, a stored code): `table[key]` would also find
// what every object inherits, so `?status=constructor` gave a function and `?hinweis=__proto__` an object where a
// string was expected (a 500). Every such lookup goes through here and sees only the table's own entries.

/** The table's own entry for `key`, or undefined (also for null, "", "constructor", "__proto__", "toString" …). */
export function ownEntry<V>(table: Readonly<Record<string, V>>, key: string | null | undefined): V | undefined {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}
