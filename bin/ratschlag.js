// Starts the built server. Production unless told otherwise: React and Express choose their fast code from
// NODE_ENV when they are loaded, so it must be set before the build is imported (as remix-serve does).
process.env.NODE_ENV ??= "production";
await import("../build/index.js");
