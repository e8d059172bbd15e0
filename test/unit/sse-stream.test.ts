import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamRegistry } from "../../adapters/web/sse";
import { SseStream } from "../../src/http/sse-stream";
import { SseClient } from "../support/sse-client";

/**
 * The event stream's own check, the backstop for a sign-out whose notification never arrived and
 * for a session that expired while its stream was open: asked at every heartbeat.
 */
describe("an event stream's heartbeat check", () => {
  let server: Server;
  let url: string;
  let allowed: () => Promise<boolean>;
  const registry = new StreamRegistry();

  beforeAll(async () => {
    server = createServer((_req, res) => {
      const stream = new SseStream(res, { heartbeatMs: 20, stillAllowed: () => allowed(), onClose: () => registry.remove(stream) });
      registry.add(stream, "session-1");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    registry.closeAll();
    await new Promise((resolve) => server.close(resolve));
  });

  test("ends the stream once the session is no longer live", async () => {
    let checks = 0;
    allowed = () => Promise.resolve(++checks < 3);
    const client = await SseClient.open(url);
    await client.waitForEnd();
    expect(checks).toBe(3);
  });

  test("keeps the stream while the check fails (the database is away), and ends it when the check says no", async () => {
    let checks = 0;
    allowed = () => (++checks < 4 ? Promise.reject(new Error("connection refused")) : Promise.resolve(false));
    const client = await SseClient.open(url);
    await client.waitForEnd();
    expect(checks).toBe(4);
  });

  test("streams tagged with a session's id end together when it is signed out", async () => {
    allowed = () => Promise.resolve(true);
    const [one, two] = [await SseClient.open(url), await SseClient.open(url)];
    expect(registry.size).toBe(2);
    registry.closeTagged("session-2");
    expect(registry.size).toBe(2);
    registry.closeTagged("session-1");
    expect(registry.size).toBe(0);
    await one.waitForEnd();
    await two.waitForEnd();
  });
});
