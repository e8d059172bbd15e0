import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { answering } from "./error-response";
import { HttpError, requireMethod } from "./http-io";
import type { HttpHandler } from "./router";

export interface StaticSite {
  /** The folder holding the pages and their files (flat: no subfolders are served). */
  dir: string;
  /** Page paths and the file each serves, e.g. { "/cadre": "cadre.html" }. */
  pages: Record<string, string>;
  /** Where the other files are served, e.g. "/assets/": "/assets/app.js" is `dir`/app.js. */
  assetPrefix: string;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  map: "application/json; charset=utf-8",
};

/** Only flat names with a known type, so a request can never reach outside the folder. */
const ASSET_NAME = /^([a-z0-9][a-z0-9-]*\.(js|css|svg|map))$/;

/** Everything a page loads comes from this origin; what people typed is never markup. */
const PAGE_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  // Tokens and chat ids travel in query strings and fragments; keep them out of Referer.
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

/**
 * Serves a folder of pages and their scripts and styles. Answers only its pages and paths under
 * its asset prefix (404 for an unknown file there) and passes everything else on.
 */
export function staticFiles(site: StaticSite): HttpHandler {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const page = site.pages[url.pathname];
    const isAsset = url.pathname.startsWith(site.assetPrefix);
    if (page === undefined && !isAsset) return false;
    return answering(res, async () => {
      requireMethod(req, "GET", "HEAD");
      const file = page ?? ASSET_NAME.exec(url.pathname.slice(site.assetPrefix.length))?.[1];
      const type = file === undefined ? undefined : TYPES[file.slice(file.lastIndexOf(".") + 1)];
      if (file === undefined || type === undefined) throw new HttpError(404, "no such file");
      let content: Buffer;
      try {
        content = await readFile(join(site.dir, file));
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
  };
}
