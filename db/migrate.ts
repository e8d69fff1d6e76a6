import { Migrator, type Kysely, type Migration, type MigrationProvider } from "kysely";
import * as initial from "./migrations/2026_11_22_0900_initial";
import * as consultationArea from "./migrations/2026_11_22_1200_consultation_area";
import * as commentDeletion from "./migrations/2026_11_22_1300_comment_deletion";
import * as proposalTallies from "./migrations/2026_11_22_1400_proposal_tallies_and_search";
import * as mapIndex from "./migrations/2026_11_22_1500_map_index";
import * as photosAndPlaces from "./migrations/2026_11_22_1600_photos_and_described_places";
import * as proposalAnswers from "./migrations/2026_11_22_1700_proposal_answers";
import * as follows from "./migrations/2026_11_22_1800_follows_and_notifications";
import * as documents from "./migrations/2026_11_22_2000_documents";
import * as consultationDetails from "./migrations/2026_11_22_2100_consultation_details";
import * as talliesByChange from "./migrations/2026_11_29_0900_tallies_by_change";
import * as foreignKeyIndexes from "./migrations/2026_11_29_0910_foreign_key_indexes";
import * as loginThrottling from "./migrations/2026_11_29_1000_login_throttling";
import * as knownDevices from "./migrations/2026_11_29_1100_known_devices";
import * as flags from "./migrations/2026_11_29_1200_flags";
import * as houseRules from "./migrations/2026_11_29_1210_house_rules";
import * as moderationDecisions from "./migrations/2026_11_29_1300_moderation_decisions";

// Migrations are listed here rather than read from the folder, so they also run from the bundled server build.
const migrations: Record<string, Migration> = {
  "2026_11_22_0900_initial": initial,
  "2026_11_22_1200_consultation_area": consultationArea,
  "2026_11_22_1300_comment_deletion": commentDeletion,
  "2026_11_22_1400_proposal_tallies_and_search": proposalTallies,
  "2026_11_22_1500_map_index": mapIndex,
  "2026_11_22_1600_photos_and_described_places": photosAndPlaces,
  "2026_11_22_1700_proposal_answers": proposalAnswers,
  "2026_11_22_1800_follows_and_notifications": follows,
  "2026_11_22_2000_documents": documents,
  "2026_11_22_2100_consultation_details": consultationDetails,
  "2026_11_29_0900_tallies_by_change": talliesByChange,
  "2026_11_29_0910_foreign_key_indexes": foreignKeyIndexes,
  "2026_11_29_1000_login_throttling": loginThrottling,
  "2026_11_29_1100_known_devices": knownDevices,
  "2026_11_29_1200_flags": flags,
  "2026_11_29_1210_house_rules": houseRules,
  "2026_11_29_1300_moderation_decisions": moderationDecisions,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** `schema` pins Kysely's bookkeeping tables to one schema (tests run files in parallel schemas). */
export async function migrateToLatest(db: Kysely<any>, options: { schema?: string } = {}): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableSchema: options.schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export async function migrateDown(db: Kysely<any>): Promise<string | undefined> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateDown();
  if (error) throw error;
  return results?.[0]?.migrationName;
}
