import { join } from "node:path";
import { embeddedTemplateDir } from "../../src/db/embedded-data-dir";

export const repoRoot = join(__dirname, "..", "..");
/** The embedded database's template, the one `npm ci` makes for the service (src/db/embedded-data-dir.ts). */
export const pgliteTemplateDir = embeddedTemplateDir();
