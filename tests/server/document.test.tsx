import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Outlet, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { describe, expect, it } from "vitest";
import * as entryServer from "~/entry.server";
import { httpError, refused } from "~/lib/http.server";

// Documents as Remix renders them: our entry.server.tsx inside Remix's own request handling (createRequestHandler of
// @remix-run/node), with a small app of three routes instead of the compiled build. What a browser without JavaScript
// gets: the status, the headers and the HTML.

function Root() {
  return (
    <html lang="de">
      <head>
        <meta charSet="utf-8" />
        <title>Test</title>
      </head>
      <body>
        <Outlet />
      </body>
    </html>
  );
}

// A login form whose action refuses with 429 and a Retry-After, like the rate limits (refused(…, { retryAfter })).
const login = {
  action: async () => refused("rate_limited", { retryAfter: 120 }),
  default: function Login() {
    const result = useActionData<{ formError?: string }>();
    return <p>{result?.formError ?? "Anmelden"}</p>;
  },
};

// A page whose loader throws a 429 error page with a Retry-After.
const busy = {
  loader: async () => {
    throw httpError(429, "rate_limited", { "Retry-After": "30" });
  },
  default: function Busy() {
    return <p>nie</p>;
  },
  ErrorBoundary: function BusyError() {
    const error = useRouteError() as { status?: number };
    return <p>Fehler {error.status}</p>;
  },
};

// A page with many short German texts: umlauts and the euro sign land on React's 2048-byte chunk edges.
const text = {
  loader: async () => Array.from({ length: 400 }, (_, i) => `${"Bürgerbeteiligung".slice(0, 1 + (i % 17))} – ${i} €`),
  default: function Text() {
    const lines = useLoaderData<string[]>();
    return (
      <ul>
        {lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    );
  },
};

function route(id: string, path: string, module: Record<string, unknown>, parentId?: string) {
  return {
    server: { id, parentId, path, module: module as never },
    client: {
      id,
      parentId,
      path,
      module: `/build/${id}.js`,
      hasAction: "action" in module,
      hasLoader: "loader" in module,
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: "ErrorBoundary" in module,
      imports: [],
    },
  };
}

const routes = [
  route("root", "", { default: Root }),
  route("routes/anmelden", "anmelden", login, "root"),
  route("routes/voll", "voll", busy, "root"),
  route("routes/text", "text", text, "root"),
];

const build = {
  mode: "production",
  entry: { module: entryServer },
  routes: Object.fromEntries(routes.map((r) => [r.server.id, r.server])),
  assets: {
    entry: { imports: [], module: "/build/entry.client.js" },
    routes: Object.fromEntries(routes.map((r) => [r.client.id, r.client])),
    url: "/build/manifest-test.js",
    version: "test",
  },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: false,
  },
  isSpaMode: false,
} as unknown as ServerBuild;

const handle = createRequestHandler(build, "production");
const context = { nonce: "test-nonce" } as never;

describe("documents keep what the routes answered", () => {
  it("a 429 to a form posted without JavaScript carries the action's Retry-After (issue 8, item 15)", async () => {
    const request = new Request("http://localhost/anmelden", {
      method: "POST",
      body: new URLSearchParams({ email: "anna@example.org" }),
    });
    const response = await handle(request, context);
    expect(response.status).toBe(429);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Retry-After")).toBe("120");
    expect(await response.text()).toContain("rate_limited");
  });

  it("a thrown 429 error page keeps its Retry-After too", async () => {
    const response = await handle(new Request("http://localhost/voll"), context);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("30");
    expect(await response.text()).toMatch(/Fehler (<!-- -->)?429/);
  });

  it("a page without a refusal gets no Retry-After", async () => {
    const response = await handle(new Request("http://localhost/anmelden"), context);
    expect(response.status).toBe(200);
    expect(response.headers.get("Retry-After")).toBeNull();
  });

  it("a page full of umlauts and euro signs arrives without a NUL byte and with all its text", async () => {
    const response = await handle(new Request("http://localhost/text"), context);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(3 * 2048);
    expect(bytes.includes(0)).toBe(false);
    const html = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    for (const line of await text.loader()) expect(html).toContain(`<li>${line}</li>`);
  });
});
