import path from "node:path";
import { defineConfig } from "vitest/config";

// The fuzz test (tests/fuzz/*.fuzz.ts): odd input to every route of the production build, on the embedded
// database and, with TEST_DATABASE_URL, on PostgreSQL. Needs `npm run build` first.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/fuzz/**/*.fuzz.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 180_000,
  },
});
