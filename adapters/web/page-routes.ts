import { join } from "node:path";
import { staticFiles } from "../../src/http/static-files";

/**
 * The cadre page at /cadre and its files under /assets/ (the resident page is built from
 * front/resident and served at / by src/http/front-files.ts). The files sit next to this one in
 * the source tree and, because the build copies non-TypeScript files, in dist/ too. (The build
 * runs the .js pages through swc, which only reformats them.)
 */
export const pageRoutes = staticFiles({
  dir: join(__dirname, "pages"),
  pages: { "/cadre": "cadre.html", "/cadre/": "cadre.html" },
  assetPrefix: "/assets/",
});
