import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { answering, HttpError, requireMethod } from "./http-io";

/**
 * Next to this file in the source tree and, because the build copies non-TypeScript files,
 * in dist/ too. (The build runs the .js pages through swc, which only reformats them.)
 */
const PAGES_DIR = join(__dirname, "pages");

const PAGES: Record<string, string> = {
  "/": "index.html",
  "/index.html": "index.html",
  "/cadre": "cadre.html",
  "/cadre/": "cadre.html",
};

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  map: "application/json; charset=utf-8",
};

/** Only flat names with a known type, so a request can never reach outside the pages folder. */
const ASSET_NAME = /^\/assets\/([a-z0-9][a-z0-9-]*\.(js|css|svg|map))$/;

/** Everything a page loads comes from this origin; message text is never markup. */
const PAGE_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  // Chat ids and tokens travel in query strings of the event streams; keep them out of Referer.
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

/** Serves the resident page at /, the cadre page at /cadre and their files under /assets/. */
export async function pageRoutes(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const page = PAGES[url.pathname];
  const asset = ASSET_NAME.exec(url.pathname);
  if (page === undefined && !asset && !url.pathname.startsWith("/assets/")) return false;
  return answering(res, async () => {
    requireMethod(req, "GET", "HEAD");
    const file = page ?? asset?.[1];
    const type = file === undefined ? undefined : TYPES[file.slice(file.lastIndexOf(".") + 1)];
    if (file === undefined || type === undefined) throw new HttpError(404, "no such file");
    let content: Buffer;
    try {
      content = await readFile(join(PAGES_DIR, file));
    } catch {
      throw new HttpError(404, "no such file");
    }
    res.writeHead(200, {
      ...PAGE_HEADERS,
      "Content-Type": type,
      "Content-Length": String(content.length),
      // Pages and scripts change together; revalidating keeps a browser from mixing versions.
      "Cache-Control": "no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : content);
  });
}
