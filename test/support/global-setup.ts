import { ensureEmbeddedTemplate } from "../../src/db/database";

/**
 * Initialising a PGlite data directory and migrating it takes seconds; copying one takes
 * milliseconds. So it is done once (npm ci does it, or the first test run) and every test
 * database starts from a copy.
 */
export default async function globalSetup(): Promise<void> {
  await ensureEmbeddedTemplate();
}
