import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/lib/redirect";
import { withNotice } from "~/lib/follow-action.server";

// The one redirect helper (issue 8, items 14 and 19): only places on this site, checked after every transformation,
// and always a value Node accepts in a Location header.

/** Where a browser goes when it gets this Location on a page of https://ratschlag.example. */
const landsOn = (location: string) => new URL(location, "https://ratschlag.example/anmelden").origin;

describe("safeRedirectPath", () => {
  it("keeps paths on this site with their query and anchor", () => {
    expect(safeRedirectPath("/")).toBe("/");
    expect(safeRedirectPath("/vorschlaege/12?seite=2#kommentar-5")).toBe("/vorschlaege/12?seite=2#kommentar-5");
    expect(safeRedirectPath("/beteiligungen/3?suche=Rad%20weg")).toBe("/beteiligungen/3?suche=Rad%20weg");
  });

  it("percent-encodes non-ASCII characters and spaces, so the Location header never makes a 500", () => {
    expect(safeRedirectPath("/€")).toBe("/%E2%82%AC");
    expect(safeRedirectPath("/beteiligungen?suche=Straße #oben")).toBe("/beteiligungen?suche=Stra%C3%9Fe%20#oben");
    expect(safeRedirectPath("/ //angreifer.example")).toBe("/%20//angreifer.example");
    for (const value of ["/€", "/ //angreifer.example", "/ä?ö=ü#ß", "/😀", "/\u00a0"]) {
      const target = safeRedirectPath(value);
      expect(target, value).toMatch(/^\/[\x21-\x7e]*$/);
      expect(landsOn(target), value).toBe("https://ratschlag.example");
    }
  });

  it("dot segments that collapse into //host fall back, whatever spelling they have", () => {
    for (const value of ["/.//angreifer.example", "/..//x", "/%2e//x", "/%2E%2E//x", "/a/..//x", "/a/b/../..//x", "/././/x"]) {
      expect(safeRedirectPath(value), value).toBe("/");
    }
  });

  it("other hosts, schemes, backslashes and control characters fall back", () => {
    for (const value of [
      "//angreifer.example",
      "///angreifer.example",
      "https://angreifer.example/",
      "http://x.invalid/konto", // the stand-in origin itself is no way out either
      "angreifer.example",
      "\\\\x",
      "/\\angreifer.example",
      "/\t/angreifer.example",
      "/\n/angreifer.example",
      "\t//x",
      "/a\u0000b",
      "",
    ]) {
      expect(safeRedirectPath(value), JSON.stringify(value)).toBe("/");
    }
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(new File(["x"], "x.txt"))).toBe("/");
  });

  it("uses the given fallback", () => {
    expect(safeRedirectPath("//angreifer.example", "/vorschlaege/4")).toBe("/vorschlaege/4");
  });

  it("what it returns passes again unchanged and stays on this site", () => {
    const values = ["/€", "/.//x", "/%2e//x", "/a/..//x", "/ //angreifer.example", "/a/./b/../c?d=e#f", "/%zz", "/a%2F%2Fb"];
    for (const value of values) {
      const target = safeRedirectPath(value);
      expect(safeRedirectPath(target), value).toBe(target);
      expect(landsOn(target), value).toBe("https://ratschlag.example");
    }
  });
});

describe("withNotice (the follow routes' way back)", () => {
  it("adds the notice and keeps query and anchor", () => {
    expect(withNotice("/konto?seite=2#folge", "followed")).toBe("/konto?seite=2&hinweis=followed#folge");
  });

  it("checks the rebuilt URL again: collapsed dots never make //host", () => {
    for (const value of ["/.//angreifer.example", "/..//x", "/%2e//x", "/a/..//x"]) {
      expect(withNotice(value, "followed", "/vorschlaege/1?hinweis=followed"), value).toBe("/vorschlaege/1?hinweis=followed");
    }
  });
});
