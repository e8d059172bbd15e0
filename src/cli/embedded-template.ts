/** Makes the embedded database's template (see ensureEmbeddedTemplate); run by scripts/embedded-template.js at `npm ci`. */
import { ensureEmbeddedTemplate } from "../db/database";

ensureEmbeddedTemplate().then(
  (template) => console.log(`embedded database template: ${template}`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
