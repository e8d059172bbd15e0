import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join, relative, sep } from "node:path";
import { answering } from "./error-response";
import { HttpError, requireMethod } from "./http-io";
import type { HttpHandler, HttpMount } from "./router";

/**
 * The pages built from front/ (Vue + Vite, `npm run build:front`) into dist/front. Scripts and
 * styles have content-hashed names under /static/ and are cached for a year; a page is revalidated
 * by its ETag at every visit, so a new build reaches every browser at once and a browser never mixes
 * two builds. Each file is served in the compression the browser accepts, made once at build time.
 */
export interface FrontPages {
  /** A path and the built page it serves, e.g. { "/workspace": "workspace/index.html" }. */
  pages: Record<string, string>;
  /** dist/front by default (found by walking up to the package root). */
  dir?: string;
}

interface BuiltFile {
  type: string;
  etag: string;
  variants: { identity: Buffer; br?: Buffer; gzip?: Buffer };
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  woff2: "font/woff2",
  json: "application/json; charset=utf-8",
};

/**
 * Everything a page loads comes from this origin; no inline script, no eval (Vue's runtime-only
 * build and precompiled templates need neither); what people typed is never markup. Styles may be
 * set from script (Element Plus and ECharts position popups that way), never from markup.
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
    "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  // Tokens and chat ids travel in query strings and fragments; keep them out of Referer.
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

const ASSET_PREFIX = "/static/";
const YEAR_SECONDS = 365 * 24 * 3600;

/** Serves the given pages and, under /static/, the files they load. */
export function mountFrontPages(http: HttpMount, front: FrontPages): void {
  const files = new BuiltFiles(front.dir ?? defaultFrontDir());
  const handler: HttpHandler = (req, res, url) => {
    const page = front.pages[url.pathname];
    const isAsset = url.pathname.startsWith(ASSET_PREFIX);
    if (page === undefined && !isAsset) return false;
    return answering(res, () => {
      requireMethod(req, "GET", "HEAD");
      const file = files.get(page ?? url.pathname.slice(1));
      if (file === undefined) throw new HttpError(404, "no such file");
      send(req, res, file, page === undefined ? `public, max-age=${YEAR_SECONDS}, immutable` : "no-cache");
    });
  };
  http.mount(ASSET_PREFIX.slice(0, -1), handler);
  for (const path of Object.keys(front.pages)) http.mount(path, handler);
}

function send(req: IncomingMessage, res: ServerResponse, file: BuiltFile, cacheControl: string): void {
  const headers: Record<string, string> = { ...PAGE_SECURITY_HEADERS, "Content-Type": file.type, "Cache-Control": cacheControl, ETag: file.etag, Vary: "Accept-Encoding" };
  if (matchesEtag(req.headers["if-none-match"], file.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const accepted = String(req.headers["accept-encoding"] ?? "");
  const [encoding, body] =
    file.variants.br && /\bbr\b/.test(accepted) ? ["br", file.variants.br] : file.variants.gzip && /\bgzip\b/.test(accepted) ? ["gzip", file.variants.gzip] : [undefined, file.variants.identity];
  if (encoding) headers["Content-Encoding"] = encoding;
  headers["Content-Length"] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  return header !== undefined && header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * The build's files, read once: dist/front is a few hundred KB, and a file is never changed in
 * place (a rebuild writes new hashed names and needs a restart to be served, as `npm start` does).
 */
class BuiltFiles {
  private files: Map<string, BuiltFile> | undefined;

  constructor(private readonly dir: string) {}

  get(name: string): BuiltFile | undefined {
    if (this.files === undefined) this.files = this.load();
    // Only names the build wrote: a request can never reach outside the folder.
    return this.files.get(name);
  }

  private load(): Map<string, BuiltFile> {
    if (!existsSync(this.dir)) {
      throw new HttpError(503, "the pages are not built yet: run `npm run build:front` (npm ci and npm start do it)");
    }
    const files = new Map<string, BuiltFile>();
    for (const path of walk(this.dir)) {
      const name = relative(this.dir, path).split(sep).join("/");
      const type = TYPES[name.slice(name.lastIndexOf(".") + 1)];
      if (type === undefined) continue;
      const identity = readFileSync(path);
      const etag = `"${createHash("sha256").update(identity).digest("base64url").slice(0, 22)}"`;
      files.set(name, { type, etag, variants: { identity, br: readIfThere(`${path}.br`), gzip: readIfThere(`${path}.gz`) } });
    }
    return files;
  }
}

function readIfThere(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** dist/front under the package root, whether this file runs from src/ (tests) or from dist/src/. */
function defaultFrontDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, "dist", "front");
}
