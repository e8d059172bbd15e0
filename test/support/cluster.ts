import { randomUUID } from "node:crypto";
import type { WebChatMessage } from "../../adapters/web/types";
import type { Deployment } from "../../src/config/schema";
import { BrowserClient } from "./browser-client";
import { buildService, ServiceProcess, tempDir, writeDeploymentFile } from "./service-process";
import type { SseClient } from "./sse-client";
import { TEST_ADMIN_TOKEN } from "./test-app";
import { waitFor } from "./wait";

/**
 * Several real service processes on one PostgreSQL database, as an operator runs them behind a
 * load balancer: each named instance is `node dist/src/main.js` with the same settings, and can
 * be stopped, killed and started again under its name.
 */
export class Cluster {
  private readonly running = new Map<string, ServiceProcess>();
  private readonly all: ServiceProcess[] = [];

  private constructor(
    private readonly main: string,
    private readonly env: Record<string, string>,
    private readonly cleanup: () => void,
  ) {}

  static async create(databaseUrl: string, deployment: Deployment, env: Record<string, string> = {}): Promise<Cluster> {
    const build = await buildService();
    const dir = tempDir("cluster");
    return new Cluster(
      build.main,
      { DATABASE_URL: databaseUrl, MINQING_CONFIG: writeDeploymentFile(dir.path, deployment), MINQING_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env },
      () => {
        build.remove();
        dir.remove();
      },
    );
  }

  async start(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = await ServiceProcess.start(this.main, { ...this.env, ...env });
    this.running.set(name, service);
    this.all.push(service);
    return service;
  }

  get(name: string): ServiceProcess {
    const service = this.running.get(name);
    if (!service) throw new Error(`no instance ${name}`);
    return service;
  }

  /** A channel's state on an instance, as /healthz tells the operator. */
  async channelState(name: string, channel: string): Promise<string | undefined> {
    const res = await fetch(`${this.get(name).baseUrl}/healthz`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    const body = (await res.json()) as { channels?: Record<string, string> };
    return body.channels?.[channel];
  }

  describe(): string {
    return [...this.running].map(([name, s]) => `--- ${name}: ${s.describe()}`).join("\n");
  }

  async stop(): Promise<void> {
    for (const service of this.all) await service.stop();
    this.cleanup();
  }
}

export const bot = (m: WebChatMessage) => m.from.kind === "bot";

/** A resident's page in a browser, talking to one instance (the load balancer sent them there). */
export async function residentPage(base: string) {
  let browser = new BrowserClient(base);
  const chat = await browser.residentChat();
  let events: SseClient = await browser.sse("/chat/events");
  const say = async (fields: { text?: string; button?: string }, clientMessageId = randomUUID()) => {
    const res = await browser.post("/chat/messages", { clientMessageId, ...fields });
    if (res.status !== 202) throw new Error(`POST /chat/messages answered ${res.status}: ${res.text}`);
  };
  const hear = async (predicate: (m: WebChatMessage) => boolean, timeoutMs = 15_000) => (await events.nextMessage<WebChatMessage>((m) => bot(m) && predicate(m), timeoutMs)).data;
  return {
    get browser() {
      return browser;
    },
    chat,
    get events() {
      return events;
    },
    say,
    hear,
    /** Files an appeal the way a resident does: describe it, then confirm the summary; resolves with its number. */
    async file(text: string): Promise<string> {
      await say({ text });
      await hear((m) => m.text.includes("请核对"));
      await say({ button: "confirm" });
      const receipt = await hear((m) => m.text.includes("诉求已登记"));
      return /MQ-\d{8}-\d{4}/.exec(receipt.text)![0];
    },
    /** The page reloads, or the balancer sends it to another instance: same cookie, a new stream resuming after `after`. */
    async reconnect(to: string, after?: number) {
      events.close();
      const moved = new BrowserClient(to);
      for (const [k, v] of browser.cookies) moved.cookies.set(k, v);
      browser = moved;
      events = await moved.sse(`/chat/events${after === undefined ? "" : `?after=${after}`}`);
      return events;
    },
  };
}

/** A cadre's page, signed in on `base`, following their department's group. */
export async function cadrePage(base: string, account: string, chat: string) {
  const browser = new BrowserClient(base);
  const login = await browser.post("/dashboard/api/login", { account, password: "demo" });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${login.text}`);
  const events = await browser.sse(`/cadre/events?chat=${chat}`);
  return {
    browser,
    events,
    async say(text: string, replyTo?: string) {
      const res = await browser.post("/cadre/messages", { chat, clientMessageId: randomUUID(), text, replyTo });
      if (res.status !== 202) throw new Error(`POST /cadre/messages answered ${res.status}: ${res.text}`);
    },
    async hear(predicate: (m: WebChatMessage) => boolean, timeoutMs = 15_000) {
      return (await events.nextMessage<WebChatMessage>((m) => bot(m) && predicate(m), timeoutMs)).data;
    },
  };
}

/** Waits until every message `predicate` picks has arrived on `events` and returns them in the order they came. */
export async function collect(events: SseClient, count: number, predicate: (m: WebChatMessage) => boolean, timeoutMs = 30_000): Promise<{ message: WebChatMessage; seq: number }[]> {
  const got: { message: WebChatMessage; seq: number }[] = [];
  await waitFor(
    async () => {
      for (;;) {
        const next = await events.nextMessage<WebChatMessage>(predicate, 50).catch(() => undefined);
        if (!next) break;
        got.push({ message: next.data, seq: Number(next.id) });
      }
      return got.length >= count;
    },
    { timeoutMs, what: () => `${count} messages (got ${got.length})` },
  );
  return got;
}
