// The HTTP server: the edge (security headers, same-origin check, input cleaning; app/lib/edge.server.ts) around the
// Remix app, the database handle for every request, and the outbox worker. Compiled together with the app into
// build/index.js (remix.config.js).
import path from "node:path";
import { createRequestHandler } from "@remix-run/node";
import * as build from "@remix-run/dev/server-build";
import { env, EnvError } from "~/lib/env.server";
import { openDatabase, DatabaseLockedError, type OpenDatabase } from "~/lib/db.server";
import { createEdgeApp } from "~/lib/edge.server";
import { createTransport, deliverDueMail } from "~/domain/mail/mail.server";
import { cleanUpAccounts } from "~/domain/accounts/accounts.server";
import { sendClosingNotices } from "~/domain/follows/follows.server";
import { removeUnreferencedFiles } from "~/domain/files/files.server";
import { migrateToLatest } from "./db/migrate";
import { seedDemoIfEmpty } from "./db/seed";

async function main() {
  const started = Date.now();
  let settings;
  try {
    settings = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  let database: OpenDatabase;
  try {
    database = await openDatabase({ databaseUrl: settings.DATABASE_URL, dataDir: settings.DATA_DIR });
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { db } = database;
  const applied = await migrateToLatest(db);
  if (applied.length) console.log(`Migrationen ausgeführt: ${applied.join(", ")}`);
  // The embedded database gets the demo town unless DEMO_DATA=0; PostgreSQL only when asked with DEMO_DATA=1.
  const wantDemo = settings.DATABASE_URL ? settings.DEMO_DATA === "1" : settings.DEMO_DATA !== "0";
  if (wantDemo && (await seedDemoIfEmpty(db))) console.log("Demo-Daten angelegt (Musterstadt).");

  // Headers, same-origin check, body refusals, static files and the Remix adapter that cleans every input: lib/edge.
  const app = createEdgeApp({
    handleRequest: createRequestHandler(build, build.mode),
    getLoadContext: (req, res) => ({ db, nonce: res.locals.nonce as string, clientIp: req.ip ?? "unknown" }),
    publicUrl: settings.PUBLIC_URL,
    tileUrl: settings.TILE_URL,
    secure: settings.secure,
    trustProxy: settings.TRUST_PROXY,
    publicDir: path.resolve("public"),
  });

  const server = app.listen(settings.PORT, settings.HOST, () => {
    console.log(
      `Ratschlag läuft auf ${settings.PUBLIC_URL} (${database.kind === "embedded" ? `eingebettete Datenbank in ${settings.DATA_DIR}` : "PostgreSQL"}), ` +
        `bereit nach ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  // The outbox worker and the periodic clean-up run in this process.
  const transport = createTransport(settings.SMTP_URL);
  let delivering = false;
  const mailTimer = setInterval(async () => {
    if (delivering) return;
    delivering = true;
    try {
      await deliverDueMail(db, { transport, from: settings.MAIL_FROM });
    } catch (error) {
      console.error("[mail] Fehler im Postausgang:", error);
    } finally {
      delivering = false;
    }
  }, 2000);
  const cleanupTimer = setInterval(() => {
    cleanUpAccounts(db).catch((e) => console.error(e));
    removeUnreferencedFiles(db).catch((e) => console.error("[dateien] Fehler beim Aufräumen:", e));
  }, 3600_000);
  // Followers hear when a consultation closes; the job is safe to run in several processes at once.
  let noticing = false;
  const closingTimer = setInterval(async () => {
    if (noticing) return;
    noticing = true;
    try {
      await sendClosingNotices(db, new Date());
    } catch (error) {
      console.error("[mail] Fehler bei den Hinweisen zum Ende von Beteiligungen:", error);
    } finally {
      noticing = false;
    }
  }, 60_000);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} empfangen, fahre herunter …`);
    clearInterval(mailTimer);
    clearInterval(cleanupTimer);
    clearInterval(closingTimer);
    server.close();
    server.closeAllConnections();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
