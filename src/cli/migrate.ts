/** `npm run migrate`: bring the configured database's schema up to date, then exit. */
import { loadSettings } from "../config/load";
import { openDatabase } from "../db/database";
import { appliedMigrations } from "../db/repositories/migration-repository";

async function main(): Promise<void> {
  const settings = loadSettings();
  const db = await openDatabase(settings.database);
  console.log(`Schema up to date (${db.kind}): ${(await appliedMigrations(db.dataSource)).join(", ")}`);
  await db.close();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
