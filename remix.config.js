/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // server.ts is compiled together with the app into build/index.js, so the HTTP server,
  // the database handle and the outbox worker share one module graph with the routes.
  server: "./server.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: false,
  },
};
