import { join } from "node:path";
import { staticFiles } from "../../src/http/static-files";

/**
 * The resident page at / and its files under /assets/ (the cadres' page is the workspace's, at /workspace). The files
 * sit next to this one in the source tree and, because the build copies non-TypeScript files,
 * in dist/ too. (The build runs the .js pages through swc, which only reformats them.)
 */
export const pageRoutes = staticFiles({
  dir: join(__dirname, "pages"),
  pages: { "/": "index.html", "/index.html": "index.html" },
  assetPrefix: "/assets/",
});
