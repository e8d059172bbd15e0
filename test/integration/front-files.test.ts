import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { HttpServer } from "../../src/http/http-server";
import { mountFrontPages } from "../../src/http/front-files";
import { captureLogger } from "../support/capture-logger";

/**
 * The built pages as a browser gets them: a page revalidated at every visit, a hashed script
 * cached for a year, each in the compression the browser accepts, and nothing outside the build.
 */
describe("serving the built pages", () => {
  const dir = mkdtempSync(join(tmpdir(), "minqing-front-"));
  const script = "console.log('民情通');\n".repeat(200);
  let server: HttpServer;
  let base: string;

  beforeAll(async () => {
    mkdirSync(join(dir, "workspace"));
    mkdirSync(join(dir, "static"));
    writeFileSync(join(dir, "workspace", "index.html"), "<!doctype html><title>民情通</title>");
    writeFileSync(join(dir, "static", "workspace-AbC_12.js"), script);
    writeFileSync(join(dir, "static", "workspace-AbC_12.js.br"), brotliCompressSync(script));
    writeFileSync(join(dir, "static", "workspace-AbC_12.js.gz"), gzipSync(script));
    writeFileSync(join(dir, "static", "notes.txt"), "not a type the build makes");
    writeFileSync(join(dir, "secret.env"), "TOKEN=1");
    server = new HttpServer(captureLogger().logger);
    mountFrontPages(server, { dir, pages: { "/workspace": "workspace/index.html" } });
    base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a page is revalidated by its ETag and carries the strict CSP", async () => {
    const first = await fetch(`${base}/workspace`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("民情通");
    expect(first.headers.get("cache-control")).toBe("no-cache");
    expect(first.headers.get("content-security-policy")).toContain("script-src 'self';");
    expect(first.headers.get("content-security-policy")).not.toContain("unsafe");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);

    const again = await fetch(`${base}/workspace`, { headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
  });

  test("a hashed script is cached for a year and sent compressed when the browser accepts it", async () => {
    const brotli = await fetch(`${base}/static/workspace-AbC_12.js`, { headers: { "Accept-Encoding": "gzip, br" } });
    expect(brotli.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(brotli.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    // fetch decodes the body itself; the header and the length say what travelled.
    expect(brotli.headers.get("content-encoding")).toBe("br");
    expect(Number(brotli.headers.get("content-length"))).toBeLessThan(Buffer.byteLength(script) / 10);
    expect(await brotli.text()).toBe(script);

    const gzip = await fetch(`${base}/static/workspace-AbC_12.js`, { headers: { "Accept-Encoding": "gzip" } });
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    const plain = await fetch(`${base}/static/workspace-AbC_12.js`, { headers: { "Accept-Encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(Number(plain.headers.get("content-length"))).toBe(Buffer.byteLength(script));
  });

  test("nothing but what the build wrote is served", async () => {
    for (const path of ["/static/notes.txt", "/static/../secret.env", "/static/%2e%2e/secret.env", "/static/missing-123.js", "/workspace/../secret.env"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("TOKEN");
    }
    const post = await fetch(`${base}/workspace`, { method: "POST" });
    expect(post.status).toBe(405);
  });
});
