import { withDatabase } from "./cli";

// npm run db:migrate: brings the configured database to the newest schema (withDatabase migrates and reports).
await withDatabase(async () => {});
