import { parseArgs } from "node:util";
import { z } from "../app/lib/zod";
import { createOrUpdateAccount } from "../app/domain/accounts/accounts.server";
import { registrationSchema } from "../app/domain/accounts/accounts.schema";
import { roles } from "../app/domain/accounts/accounts.policy";
import { randomToken } from "../app/lib/crypto.server";
import { withDatabase } from "./cli";

// npm run user:create -- --email a@b.de --role admin [--name "…"] [--password "…"]
// Creates a verified account with a role (or sets the role of an existing one). Without --password one is generated.
const { values } = parseArgs({
  options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
});
const parsed = z
  .object({ email: registrationSchema.shape.email, role: z.enum(roles as [string, ...string[]]) })
  .safeParse({ email: values.email, role: values.role });
if (!parsed.success) {
  console.error(`Aufruf: npm run user:create -- --email name@example.de --role ${roles.join("|")} [--name "Anzeigename"] [--password "…"]`);
  process.exit(2);
}
const password = values.password ?? randomToken().slice(0, 20);
if (password.length < 8 || password.length > 128) {
  console.error("Das Passwort muss 8 bis 128 Zeichen lang sein.");
  process.exit(2);
}
await withDatabase(async ({ db }) => {
  const result = await createOrUpdateAccount(db, {
    email: parsed.data.email,
    displayName: values.name ?? parsed.data.email.split("@")[0],
    password,
    role: parsed.data.role as (typeof roles)[number],
  });
  if (result.outcome === "created") {
    console.log(`Konto angelegt: ${parsed.data.email} (${parsed.data.role})${values.password ? "" : `, Passwort: ${password}`}`);
  } else {
    console.log(`Konto gab es schon; Rolle gesetzt: ${parsed.data.email} (${parsed.data.role}). Das Passwort bleibt unverändert.`);
  }
});
