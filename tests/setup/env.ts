import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { parseEnv, setEnvForTests } from "~/lib/env.server";

// Every test file runs with a fixed, known configuration: no SMTP, a throwaway data directory.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ratschlag-test-"));
setEnvForTests(
  parseEnv({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    SESSION_SECRET: "test-secret-test-secret-test-secret-0123456789",
    PUBLIC_URL: "http://localhost:3000",
    TILE_URL: "/kacheln/{z}/{x}/{y}.png",
  }),
);
