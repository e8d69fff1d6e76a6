import { describe, expect, it } from "vitest";
import { PAGE_SIZE, parseId, parsePage } from "~/lib/ids";

describe("parseId", () => {
  it("accepts positive whole numbers that fit a bigint", () => {
    expect(parseId("1")).toBe("1");
    expect(parseId("42")).toBe("42");
    expect(parseId("999999999999999999")).toBe("999999999999999999");
  });

  it("refuses everything else, so a bad URL is a 404 and never a database error", () => {
    for (const value of [
      "0",
      "-1",
      "01",
      "1.5",
      "1e3",
      " 1",
      "1 ",
      "+1",
      "0x10",
      "abc",
      "1abc",
      "",
      "１２", // full-width digits
      "99999999999999999999",
      "9223372036854775808",
      "1;drop table users",
    ]) {
      expect(parseId(value), JSON.stringify(value)).toBeNull();
    }
  });

  it("refuses values that are not strings (missing params, files, numbers)", () => {
    for (const value of [undefined, null, 12, 12n, {}, ["1"], new Blob(["1"])]) {
      expect(parseId(value)).toBeNull();
    }
  });
});

describe("parsePage", () => {
  it("reads a page number", () => {
    expect(parsePage("1")).toBe(1);
    expect(parsePage("7")).toBe(7);
    expect(parsePage("10000")).toBe(10_000);
  });

  it("anything odd becomes page 1", () => {
    for (const value of [null, "", "0", "-1", "1.5", "abc", "NaN", "Infinity", "10001", "99999999999999999999"]) {
      expect(parsePage(value), JSON.stringify(value)).toBe(1);
    }
  });

  it("respects a smaller maximum", () => {
    expect(parsePage("5", 5)).toBe(5);
    expect(parsePage("6", 5)).toBe(1);
  });

  it("pages hold 20 items", () => {
    expect(PAGE_SIZE).toBe(20);
  });
});
