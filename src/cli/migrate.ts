/** `npm run migrate`: bring the configured database's schema up to date, then exit. */
import { loadSettings } from "../config/load";
import { openDatabase } from "../db/database";

async function main(): Promise<void> {
  const settings = loadSettings();
  const db = await openDatabase(settings.database);
  const applied: { name: string }[] = await db.dataSource.query(`SELECT name FROM migrations ORDER BY id`);
  console.log(`Schema up to date (${db.kind}): ${applied.map((m) => m.name).join(", ")}`);
  await db.close();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
