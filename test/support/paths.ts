import { join } from "node:path";

export const repoRoot = join(__dirname, "..", "..");
export const pgliteTemplateDir = join(repoRoot, ".cache", "pglite-template");
