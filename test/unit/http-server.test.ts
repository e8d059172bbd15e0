import { connect } from "node:net";
import { HttpServer } from "../../src/http/http-server";
import { requestUrl } from "../../src/http/request-target";
import { captureLogger } from "../support/capture-logger";
import { waitUntil } from "../support/wait-until";

/** Sends raw bytes and returns everything the server wrote before it closed (or `ms` passed). */
function raw(port: number, bytes: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    };
    const timer = setTimeout(done, ms);
    socket.on("data", (c) => chunks.push(c));
    socket.on("close", done);
    socket.on("error", done);
    socket.write(bytes);
  });
}
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;

describe("the request target", () => {
  test.each(["//[", "http://x:99999/", "//a:b:c/", "*", "//elsewhere/x", "/\\elsewhere/x", "mailto:x", "ftp://x/y", ""])("%j is refused", (target) => {
    expect(requestUrl(target)).toBeUndefined();
  });
  test.each([
    ["/", "/"],
    ["/chat/messages?x=1", "/chat/messages?x=1"],
    ["http://minqing.example/dashboard?lang=en", "/dashboard?lang=en"],
    ["/a//b", "/a//b"],
    ["/%zz/..", "/"],
  ])("%j is %j", (target, path) => {
    const url = requestUrl(target);
    expect(url && url.pathname + url.search).toBe(path);
    expect(url?.host).toBe("localhost");
  });
});

describe("no request stops the HTTP server", () => {
  const log = captureLogger();
  const server = new HttpServer(log.logger);
  let port = 0;
  beforeAll(async () => {
    server.mount("/throws", () => {
      throw new Error("boom before any answer");
    });
    server.mount("/rejects-late", async (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write("a,b\r\n");
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error("boom halfway through the answer");
    });
    server.mount("/ends-then-throws", (_req, res) => {
      res.end("done");
      throw new Error("boom after the answer");
    });
    server.mount("/writes-after-end", (_req, res) => {
      res.end("done");
      res.write("more");
      return true;
    });
    server.mount("/rejects-with-nothing", () => Promise.reject(undefined));
    server.mount("/reads", async (req, res) => {
      for await (const _chunk of req) void _chunk;
      res.end("read");
      return true;
    });
    server.mount("/ok", (_req, res) => {
      res.end("ok");
      return true;
    });
    port = await server.listen(0, "127.0.0.1");
  });
  afterAll(() => server.close());

  test.each(["//[", "http://x:99999/", "//a:b:c/"])("the target %j is answered 400 in JSON", async (target) => {
    const answer = await raw(port, get(target));
    expect(statusOf(answer)).toBe(400);
    expect(answer).toContain('{"error":"the request target must be a path such as /chat/messages"}');
    expect(statusOf(await raw(port, get("/ok")))).toBe(200);
  });

  test("a handler that throws before answering: 500, and the log names the route and path", async () => {
    const answer = await raw(port, get("/throws/x?token=secret"));
    expect(statusOf(answer)).toBe(500);
    expect(answer).toContain('{"error":"internal error"}');
    const line = log.lines("error").find((l) => l.includes("boom before any answer")) ?? "";
    expect(line).toContain('"route":"/throws"');
    expect(line).toContain('"path":"/throws/x"');
    expect(line).not.toContain("secret");
  });

  test("a handler that fails halfway through its answer: the connection is cut, not passed off as whole", async () => {
    const answer = await raw(port, get("/rejects-late"));
    expect(statusOf(answer)).toBe(200);
    expect(answer).not.toContain("internal error");
    expect(answer).not.toMatch(/\r\n0\r\n\r\n$/); // no final chunk: the client knows it is truncated
    await waitUntil(() => log.lines("error").some((l) => l.includes("boom halfway")));
  });

  test("a handler that throws after it answered, one that writes after the end, one that rejects with nothing", async () => {
    expect(statusOf(await raw(port, get("/ends-then-throws")))).toBe(200);
    expect(statusOf(await raw(port, get("/writes-after-end")))).toBe(200);
    expect(statusOf(await raw(port, get("/rejects-with-nothing")))).toBe(500);
    await waitUntil(() => log.lines("error").some((l) => l.includes("boom after the answer")));
    expect(statusOf(await raw(port, get("/ok")))).toBe(200);
  });

  test("a client that hangs up halfway through its body is no handler failure", async () => {
    const errorsBefore = log.lines("error").length;
    await raw(port, "POST /reads HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc", 200);
    await waitUntil(() => log.lines("debug").some((l) => l.includes("went away") && l.includes('"route":"/reads"')));
    expect(log.lines("error").slice(errorsBefore)).toEqual([]);
  });

  test.each([
    ["not HTTP at all", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400],
    ["a bad header", "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", 400],
    ["two Content-Lengths", "POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400],
    ["a bad chunk", "POST /reads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400],
    // Node stops parsing a request that asks for an upgrade once its headers are read, and a bad
    // chunk after them is then neither an error nor a body: the request would wait for ever.
    ["a bad chunk after an upgrade request", "POST /reads HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400],
    ["headers too large", `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431],
  ])("malformed HTTP (%s) is answered in JSON and the connection closes", async (_name, bytes, status) => {
    const answer = await raw(port, Buffer.from(bytes, "latin1"));
    expect(statusOf(answer)).toBe(status);
    expect(answer).toMatch(/\r\n\r\n\{"error":"[^"]+"\}$/);
  });
});
