import { seedDemo } from "../db/seed";
import { withDatabase } from "./cli";

// npm run db:seed: fills the demo town Musterstadt; does nothing when it is there already.
await withDatabase(async ({ db }) => {
  console.log((await seedDemo(db)) ? "Demo-Daten angelegt." : "Demo-Daten sind schon vorhanden.");
});
