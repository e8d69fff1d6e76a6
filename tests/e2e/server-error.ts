import { createRequestHandler, json, type ServerBuild } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import * as entry from "~/entry.server";
import * as root from "~/root";

// A 500 page cannot be asked for from the outside: every known way to one is a bug that gets fixed. So the app's
// real document (root.tsx with its error boundary) and its real entry.server are rendered here by Remix's own
// request handler in production mode, under routes whose loader or component fails, as a crash would.

const rootData = {
  user: null,
  locale: "de",
  showMailbox: false,
  map: { tileUrl: "/kacheln/{z}/{x}/{y}.png", attribution: "Testkacheln" },
} as const;

const crash = () => {
  throw new Error("Absturz zum Test");
};

function buildWith(options: { rootFails?: boolean }): ServerBuild {
  const manifestRoute = (id: string, parentId: string | undefined, path: string, hasErrorBoundary: boolean) => ({
    id,
    parentId,
    path,
    module: `/build/${id}.js`,
    imports: [],
    hasAction: false,
    hasLoader: true,
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary,
  });
  return {
    mode: "production",
    entry: { module: entry },
    routes: {
      root: {
        id: "root",
        path: "",
        module: { ...root, loader: options.rootFails ? crash : () => json(rootData) },
      },
      "routes/a": { id: "routes/a", parentId: "root", path: "a", module: { loader: () => json({}), default: Outlet } },
      "routes/a.loader": { id: "routes/a.loader", parentId: "routes/a", path: "kaputt", module: { loader: crash, default: () => null } },
      "routes/a.render": {
        id: "routes/a.render",
        parentId: "routes/a",
        path: "zeichnet-nicht",
        module: { loader: () => json({}), default: crash },
      },
    },
    assets: {
      version: "test",
      url: "/build/manifest-test.js",
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: {
        root: manifestRoute("root", undefined, "", true),
        "routes/a": manifestRoute("routes/a", "root", "a", false),
        "routes/a.loader": manifestRoute("routes/a.loader", "routes/a", "kaputt", false),
        "routes/a.render": manifestRoute("routes/a.render", "routes/a", "zeichnet-nicht", false),
      },
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
}

/** The 500 pages: a failing loader two levels deep, a failing component, and a failing root loader. */
export async function serverErrorPages(): Promise<{ label: string; status: number; html: string }[]> {
  const cases = [
    { label: "500 loader fails", path: "/a/kaputt", rootFails: false },
    { label: "500 component fails", path: "/a/zeichnet-nicht", rootFails: false },
    { label: "500 root loader fails", path: "/a", rootFails: true },
  ];
  const pages = [];
  const logged = console.error;
  console.error = () => {}; // the handler logs each crash; these are on purpose
  try {
    for (const c of cases) {
      const handler = createRequestHandler(buildWith({ rootFails: c.rootFails }), "production");
      const response = await handler(new Request(`http://127.0.0.1${c.path}`, { headers: { "User-Agent": "test" } }), {
        nonce: "dGVzdA",
      } as never);
      pages.push({ label: c.label, status: response.status, html: await response.text() });
    }
  } finally {
    console.error = logged;
  }
  return pages;
}
