import { ensureEmbeddedDataDir } from "../../src/db/embedded-data-dir";
import { pgliteTemplateDir } from "./paths";

/**
 * Initialising a PGlite data directory takes seconds; copying one takes milliseconds.
 * So it is done once per checkout and every test database starts from a copy.
 */
export default async function globalSetup(): Promise<void> {
  await ensureEmbeddedDataDir(pgliteTemplateDir);
}
