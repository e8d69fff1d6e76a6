import { describe, expect, it } from "vitest";
import { cleanText, needsCleaning } from "~/lib/clean-text";

// The one cleaning rule of the edge (decision 0012), used for query parameters, form fields and file names.

describe("cleanText", () => {
  it("removes NUL, the other C0 controls, DEL and the C1 controls", () => {
    const c0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");
    const c1 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)).join("");
    expect(cleanText(`a${c0}b\u007fc${c1}d`)).toBe("a\t\n\rbcd");
  });

  it("keeps tab, line feed and carriage return (multi-line fields), and every printable character", () => {
    const text = "Zeile 1\r\nZeile\t2 – Straße, 5 € 😀 \u00a0\u00a0 (U+00A0) \u200b";
    expect(cleanText(text)).toBe(text);
    expect(needsCleaning(text)).toBe(false);
  });

  it("replaces a lone surrogate with U+FFFD and keeps proper pairs, like String.prototype.toWellFormed", () => {
    expect(cleanText("a\ud800b")).toBe("a\ufffdb");
    expect(cleanText("\udc00x\ud83d")).toBe("\ufffdx\ufffd");
    expect(cleanText("\ud83d\ude00")).toBe("😀");
    expect(needsCleaning("\ud800")).toBe(true);
  });
});
