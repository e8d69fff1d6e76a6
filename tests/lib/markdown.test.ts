import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/lib/markdown.server";

describe("renderMarkdown", () => {
  it("renders ordinary markdown", () => {
    expect(renderMarkdown("**fett** und _kursiv_")).toBe("<p><strong>fett</strong> und <em>kursiv</em></p>\n");
  });

  it("shows raw HTML as text instead of running it", () => {
    const html = renderMarkdown(
      '<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\nText <iframe src="https://evil.example"></iframe>',
    );
    expect(html).not.toMatch(/<script|<img|<iframe/i);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("does not render javascript:, vbscript: or data: links as links", () => {
    for (const source of [
      "[klick](javascript:alert(1))",
      "[klick](JavaScript:alert(1))",
      "[klick](  javascript:alert(1))",
      "[klick](vbscript:msgbox(1))",
      "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "<javascript:alert(1)>",
      "![bild](javascript:alert(1))",
    ]) {
      const html = renderMarkdown(source);
      expect(html, source).not.toMatch(/<a\s|<img\s/);
      expect(html.toLowerCase(), source).not.toMatch(/(href|src)="\s*(javascript|vbscript|data):/);
    }
  });

  it('marks links as user content: rel="nofollow ugc noopener"', () => {
    expect(renderMarkdown("[Stadt](https://stadt.example.de)")).toContain(
      '<a href="https://stadt.example.de" rel="nofollow ugc noopener">Stadt</a>',
    );
    expect(renderMarkdown("<https://stadt.example.de/a>")).toContain('rel="nofollow ugc noopener"');
    // Bare addresses become links too, with the same attributes.
    const linkified = renderMarkdown("Siehe https://stadt.example.de/plan dazu");
    expect(linkified).toContain('<a href="https://stadt.example.de/plan" rel="nofollow ugc noopener">');
  });

  it("escapes attribute breakouts in link targets and titles", () => {
    const html = renderMarkdown('[x](https://example.de/"onmouseover="alert(1) "t\\"itle")');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });
});
