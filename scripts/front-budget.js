#!/usr/bin/env node
// Measures what a phone downloads to open the resident page: the scripts and styles its built
// page (dist/front/resident/index.html) names, and every module those scripts import statically,
// gzipped as the server sends them. Fails (exit 1) above the budget, or if Element Plus got in.
// Lazy chunks (import()) are listed but not counted: the page opens without them.
//   node scripts/front-budget.js [--json] [--budget-kb 120] [--dir dist/front] [--page resident/index.html]
const { existsSync, readFileSync } = require("node:fs");
const { join, posix } = require("node:path");
const { gzipSync } = require("node:zlib");

const root = join(__dirname, "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const dir = join(root, option("--dir", "dist/front"));
const page = option("--page", "resident/index.html");
const budgetBytes = Number(option("--budget-kb", "120")) * 1024;

/** The page's own assets: <script src>, <link rel=stylesheet|modulepreload href>, as the server path /static/x. */
function pageAssets(html) {
  const found = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isScript = tag.startsWith("<script");
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (!isScript && rel !== "stylesheet" && rel !== "modulepreload") continue;
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (url && url.startsWith("/")) found.push(url.slice(1));
  }
  return found;
}

/** Static imports of a built module (`import … from "./x.js"`, `import "./x.js"`, `export … from`), and its import() chunks. */
function importsOf(file, code) {
  const base = posix.dirname(file);
  const resolve = (spec) => (spec.startsWith("/") ? spec.slice(1) : posix.normalize(posix.join(base, spec)));
  const local = (spec) => spec.startsWith(".") || spec.startsWith("/");
  const staticImports = [...code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]*?\bfrom\s*)?["']([^"']+)["']/g)].map((m) => m[1]).filter(local).map(resolve);
  const lazy = [...code.matchAll(/\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]).filter(local).map(resolve);
  return { staticImports, lazy };
}

function measure() {
  const htmlPath = join(dir, page);
  if (!existsSync(htmlPath)) throw new Error(`${htmlPath} is missing: build the pages first (node scripts/build-front.js)`);
  const counted = new Map();
  const lazy = new Set();
  const queue = pageAssets(readFileSync(htmlPath, "utf8"));
  while (queue.length > 0) {
    const file = queue.shift();
    if (counted.has(file)) continue;
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`${page} names ${file}, which the build did not write`);
    const content = readFileSync(path);
    counted.set(file, { bytes: content.length, gzip: gzipSync(content, { level: 9 }).length, elementPlus: /\bel-button\b|ElementPlus|element-plus/.test(content.toString("utf8")) });
    if (file.endsWith(".js")) {
      const { staticImports, lazy: chunks } = importsOf(file, content.toString("utf8"));
      queue.push(...staticImports);
      chunks.forEach((c) => lazy.add(c));
    }
  }
  for (const file of counted.keys()) lazy.delete(file);
  const files = [...counted].map(([file, size]) => ({ file, ...size }));
  const total = files.reduce((sum, f) => sum + f.gzip, 0);
  return { page, budgetBytes, totalGzipBytes: total, files, lazy: [...lazy], elementPlus: files.filter((f) => f.elementPlus).map((f) => f.file) };
}

try {
  const result = measure();
  const ok = result.totalGzipBytes <= budgetBytes && result.elementPlus.length === 0;
  if (args.includes("--json")) {
    process.stdout.write(`${JSON.stringify({ ...result, ok })}\n`);
  } else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    for (const f of result.files) console.log(`${kb(f.gzip).padStart(9)} gzip  ${kb(f.bytes).padStart(9)} raw  ${f.file}`);
    console.log(`${kb(result.totalGzipBytes).padStart(9)} gzip in all for ${result.page} (budget ${kb(budgetBytes)})${result.lazy.length ? `; lazy, not counted: ${result.lazy.join(", ")}` : ""}`);
    if (result.elementPlus.length) console.log(`Element Plus is in the page: ${result.elementPlus.join(", ")}`);
  }
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.error(`front budget: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
}
