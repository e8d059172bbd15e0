import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "pg";
import type { App } from "../src/app";
import { latencies, nowMs, type Latencies } from "./measure";
import { benchDeployment, startService } from "./service";

/**
 * Message → resident page: the time from the web channel's send() (what the outbox calls for a
 * cadre's answer) to the event arriving on a resident's open page, one message at a time. On one
 * instance, and across two on one database (sent by B, page on A: the row, NOTIFY, A's LISTEN, the
 * read, the SSE write). The baseline is the same path bare: INSERT + NOTIFY on one connection,
 * LISTEN on another that writes the row to an open SSE response of a plain Node server.
 */
export interface WebChatFigures {
  messages: number;
  oneInstance: Latencies;
  twoInstances: Latencies;
  baseline: Latencies;
}

export async function benchWebChat(databaseUrl: string, messages: number): Promise<WebChatFigures> {
  const deployment = benchDeployment();
  const a = await startService({ databaseUrl, deployment });
  const b = await startService({ databaseUrl, deployment });
  try {
    const page = await ResidentPage.open(`http://127.0.0.1:${a.port}`);
    try {
      const oneInstance = await timeSends(page, a, messages);
      const twoInstances = await timeSends(page, b, messages);
      return { messages, oneInstance, twoInstances, baseline: await bareBaseline(databaseUrl, messages) };
    } finally {
      page.close();
    }
  } finally {
    await b.stop();
    await a.stop();
  }
}

async function timeSends(page: ResidentPage, sender: App, count: number): Promise<Latencies> {
  const web = sender.adapters.get("web");
  if (!web) throw new Error("the web channel is off");
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const text = `bench ${i} ${Math.random()}`;
    const arrived = page.waitFor(text);
    const t0 = nowMs();
    await web.send({ chatId: page.chat, text });
    await within(arrived, 10_000, `message ${i} never reached the resident's page`);
    times.push(nowMs() - t0);
  }
  return latencies(times);
}

async function within(promise: Promise<void>, ms: number, failure: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(failure)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A resident's page: its chat (a cookie from POST /chat/session) and its event stream, read as it arrives. */
class ResidentPage {
  private buffer = "";
  private readonly waiters = new Map<string, () => void>();

  private constructor(
    readonly chat: string,
    private readonly abort: AbortController,
  ) {}

  static async open(base: string): Promise<ResidentPage> {
    const session = await fetch(`${base}/chat/session`, { method: "POST", headers: { origin: base } });
    const cookie = session.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { chat } = (await session.json()) as { chat: string };
    const abort = new AbortController();
    const res = await fetch(`${base}/chat/events`, { headers: { cookie }, signal: abort.signal });
    const page = new ResidentPage(chat, abort);
    void page.read(res.body!);
    return page;
  }

  waitFor(text: string): Promise<void> {
    return new Promise((resolve) => this.waiters.set(JSON.stringify(text).slice(1, -1), resolve));
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf("\n\n")) >= 0) {
          const event = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          for (const [text, resolve] of this.waiters) {
            if (event.includes(text)) {
              this.waiters.delete(text);
              resolve();
            }
          }
        }
      }
    } catch {
      // closed
    }
  }
}

/** INSERT + NOTIFY → LISTEN → SELECT → SSE write on a bare server → the reader, one at a time. */
async function bareBaseline(databaseUrl: string, count: number): Promise<Latencies> {
  const writer = new Client({ connectionString: databaseUrl });
  const listener = new Client({ connectionString: databaseUrl });
  await writer.connect();
  await listener.connect();
  await writer.query(`CREATE TABLE IF NOT EXISTS bench_chat_rows (seq bigserial PRIMARY KEY, chat text, body jsonb)`);
  let stream: ServerResponse | undefined;
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    // Headers go out at the first write: without one the reader would wait for them.
    res.write(": open\n\n");
    stream = res;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const abort = new AbortController();
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { signal: abort.signal });
  let waiting: { text: string; resolve: () => void } | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (waiting && decoder.decode(value).includes(waiting.text)) waiting.resolve();
      }
    } catch {
      // closed
    }
  })();
  await listener.query("LISTEN bench_chat");
  listener.on("notification", (n) => {
    void listener.query(`SELECT body FROM bench_chat_rows WHERE seq = $1`, [n.payload]).then((r) => stream?.write(`data: ${JSON.stringify(r.rows[0]?.body)}\n\n`));
  });
  try {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const text = `bare ${i} ${Math.random()}`;
      const arrived = new Promise<void>((resolve) => (waiting = { text, resolve }));
      const t0 = nowMs();
      await writer.query(`WITH row AS (INSERT INTO bench_chat_rows (chat, body) VALUES ('r-x', $1) RETURNING seq) SELECT pg_notify('bench_chat', seq::text) FROM row`, [{ text }]);
      await within(arrived, 10_000, `bare message ${i} never arrived`);
      times.push(nowMs() - t0);
    }
    return latencies(times);
  } finally {
    abort.abort();
    server.closeAllConnections();
    server.close();
    await writer.query(`DROP TABLE IF EXISTS bench_chat_rows`);
    await writer.end();
    await listener.end();
  }
}
