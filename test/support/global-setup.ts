import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteTemplateDir } from "./paths";

/**
 * Initialising a PGlite data directory takes seconds; copying one takes milliseconds.
 * So it is done once per checkout and every test database starts from a copy.
 */
export default async function globalSetup(): Promise<void> {
  if (existsSync(pgliteTemplateDir)) return;
  mkdirSync(dirname(pgliteTemplateDir), { recursive: true });
  // Built aside and renamed, so an interrupted run never leaves a half-made template.
  const building = `${pgliteTemplateDir}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const db = await PGlite.create(building);
  await db.close();
  renameSync(building, pgliteTemplateDir);
}
