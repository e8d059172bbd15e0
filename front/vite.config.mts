import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import vue from "@vitejs/plugin-vue";
import { defineConfig, type Plugin } from "vite";

const here = import.meta.dirname;
const outDir = resolve(here, "../dist/front");

/** Files worth compressing; images other than SVG are compressed already. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|map)$/;

/**
 * Writes name.gz and name.br beside every compressible file once, at build time, so the server
 * only picks the variant a browser accepts (src/http/front-files.ts) and never compresses per request.
 */
function precompress(): Plugin {
  return {
    name: "minqing-precompress",
    apply: "build",
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * One build, one entry per audience. Hashed names under /static/ are cached for a year; the
 * pages themselves are revalidated (ETag), so a new build reaches every browser at its next visit.
 */
export default defineConfig({
  root: here,
  base: "/",
  plugins: [vue(), precompress()],
  resolve: { alias: { "@shared": resolve(here, "shared") } },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: "static",
    // Pages run under a strict CSP (no inline scripts): keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: false,
    // The largest chunk is the statistics' (ECharts, ~600 KB, ~200 KB gzip), loaded only when 统计
    // opens; the resident's page has its own budget (scripts/front-budget.js). Warn above that only.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      input: {
        resident: resolve(here, "resident/index.html"),
        workspace: resolve(here, "workspace/index.html"),
      },
    },
  },
  define: {
    // vue-i18n: no legacy API, no message compiler that needs eval (the CSP forbids it).
    __VUE_I18N_LEGACY_API__: "false",
    __VUE_I18N_FULL_INSTALL__: "false",
    __INTLIFY_PROD_DEVTOOLS__: "false",
    __VUE_OPTIONS_API__: "false",
    __VUE_PROD_DEVTOOLS__: "false",
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
  },
});
