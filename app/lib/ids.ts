/** An id from a URL or form: digits that fit a bigint, or null (so bad input gives 404, never a database error). */
export function parseId(value: unknown): string | null {
  if (typeof value !== "string" || !/^[1-9]\d{0,17}$/.test(value)) return null;
  return value;
}

/** A 1-based page number from the query string, in digits ("0x10" and "1e3" are not pages); anything odd becomes 1. */
export function parsePage(value: string | null, max = 10_000): number {
  const n = value && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  return n >= 1 && n <= max ? n : 1;
}

export const PAGE_SIZE = 20;
