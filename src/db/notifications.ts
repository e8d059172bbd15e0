import { Client } from "pg";
import type { Queryable } from "./tx";

/**
 * What one instance tells every instance on the same database, itself included: "chat X has a
 * new message", "session Y was signed out". PostgreSQL's NOTIFY carries it; a notification sent
 * inside a transaction arrives when, and only if, the transaction commits.
 *
 * A notification is a hint, never the record: whoever listens reads what changed from its table.
 * So one lost while the listening connection was down costs nothing but a moment: after a
 * reconnect every `onReconnect` handler runs, and reads again what it may have missed.
 */
export interface Notifications {
  /** Tells every instance's listeners of `channel`, when `q`'s transaction commits (at once outside one). */
  notify(q: Queryable, channel: NotifyChannel, payload: string): Promise<void>;
  /** `notify` for several payloads in one statement (a batch of appends tells each of its chats). */
  notifyEach(q: Queryable, channel: NotifyChannel, payloads: readonly string[]): Promise<void>;
  /** Calls `handler` with each payload on `channel`; resolves once this instance listens (nothing sent after is missed). */
  listen(channel: NotifyChannel, handler: (payload: string) => void): Promise<() => void>;
  /** Called after the listening connection came back: notifications sent meanwhile were lost. */
  onReconnect(handler: () => void): () => void;
  close(): Promise<void>;
}

/** The channels, in one place: a NOTIFY channel is an SQL identifier, so only these names are ever used. */
export const notifyChannels = {
  webChat: "minqing_web_chat",
  sessionEnded: "minqing_session_ended",
  /** A case was filed or changed: the cadres' workspaces refresh its row (src/http/dashboard/inbox/). */
  caseChanged: "minqing_case_changed",
} as const;

export type NotifyChannel = (typeof notifyChannels)[keyof typeof notifyChannels];

/** PostgreSQL refuses a payload of 8000 bytes or more; ours are ids. */
const MAX_PAYLOAD_BYTES = 7999;

function checkPayload(payload: string): void {
  if (Buffer.byteLength(payload, "utf8") > MAX_PAYLOAD_BYTES) throw new Error(`notification payload of ${Buffer.byteLength(payload, "utf8")} bytes is over PostgreSQL's limit`);
}

class Handlers {
  private readonly byChannel = new Map<string, Set<(payload: string) => void>>();
  private readonly reconnects = new Set<() => void>();

  add(channel: string, handler: (payload: string) => void): { first: boolean; remove: () => boolean } {
    const set = this.byChannel.get(channel) ?? new Set();
    const first = set.size === 0;
    set.add(handler);
    this.byChannel.set(channel, set);
    return {
      first,
      remove: () => {
        set.delete(handler);
        if (set.size > 0) return false;
        this.byChannel.delete(channel);
        return true;
      },
    };
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  deliver(channel: string, payload: string): void {
    for (const handler of [...(this.byChannel.get(channel) ?? [])]) {
      // One listener's mistake must not keep the others from hearing.
      try {
        handler(payload);
      } catch {
        /* the listener's own business */
      }
    }
  }

  addReconnect(handler: () => void): () => void {
    this.reconnects.add(handler);
    return () => this.reconnects.delete(handler);
  }

  reconnected(): void {
    for (const handler of [...this.reconnects]) handler();
  }
}

/**
 * Notifications between the processes on one PostgreSQL: `pg_notify` on the pool, and one
 * dedicated connection that LISTENs (a pooled connection cannot: it goes back to the pool).
 * The listening connection reconnects after 0.5 s, 1 s, 2 s … 10 s, for as long as it takes.
 */
export class PostgresNotifications implements Notifications {
  private readonly handlers = new Handlers();
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private closed = false;
  private failures = 0;
  private everConnected = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly url: string) {}

  async notify(q: Queryable, channel: NotifyChannel, payload: string): Promise<void> {
    checkPayload(payload);
    await q.query("SELECT pg_notify($1, $2)", [channel, payload]);
  }

  async notifyEach(q: Queryable, channel: NotifyChannel, payloads: readonly string[]): Promise<void> {
    if (payloads.length === 0) return;
    payloads.forEach(checkPayload);
    await q.query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", [channel, [...payloads]]);
  }

  async listen(channel: NotifyChannel, handler: (payload: string) => void): Promise<() => void> {
    const { first, remove } = this.handlers.add(channel, handler);
    if (first) {
      // LISTEN on a connection made after this already includes the channel (connect() lists them all).
      const client = await this.connected();
      if (this.client === client) await client.query(`LISTEN ${channel}`);
    }
    return () => {
      if (remove() && this.client) this.client.query(`UNLISTEN ${channel}`).catch(() => {});
    };
  }

  onReconnect(handler: () => void): () => void {
    return this.handlers.addReconnect(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private connected(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    for (;;) {
      if (this.closed) throw new Error("notifications are closed");
      const client = new Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: 10_000 });
      try {
        await client.connect();
        for (const channel of this.handlers.channels()) await client.query(`LISTEN ${channel}`);
      } catch {
        await client.end().catch(() => {});
        this.failures += 1;
        await new Promise((resolve) => {
          this.retry = setTimeout(resolve, Math.min(500 * 2 ** (this.failures - 1), 10_000));
          this.retry.unref();
        });
        continue;
      }
      const wasLost = this.everConnected;
      this.failures = 0;
      this.everConnected = true;
      client.on("notification", (n) => this.handlers.deliver(n.channel, n.payload ?? ""));
      const lost = () => {
        if (this.client !== client) return;
        this.client = undefined;
        client.end().catch(() => {});
        if (!this.closed) this.connected().catch(() => {});
      };
      client.on("error", lost);
      client.on("end", lost);
      this.client = client;
      if (wasLost) this.handlers.reconnected();
      return client;
    }
  }
}

/**
 * The embedded database serves one process, so its notifications stay in it: they are delivered
 * once the statement that sent them has run, even if its transaction then rolls back: a hint for
 * nothing, which the listener's read of the table shows. (That read queues behind the sender's
 * transaction on the one connection, so it sees what the transaction committed.)
 */
export class LocalNotifications implements Notifications {
  private readonly handlers = new Handlers();

  notify(_q: Queryable, channel: NotifyChannel, payload: string): Promise<void> {
    checkPayload(payload);
    setImmediate(() => this.handlers.deliver(channel, payload));
    return Promise.resolve();
  }

  async notifyEach(q: Queryable, channel: NotifyChannel, payloads: readonly string[]): Promise<void> {
    for (const payload of payloads) await this.notify(q, channel, payload);
  }

  listen(channel: NotifyChannel, handler: (payload: string) => void): Promise<() => void> {
    const { remove } = this.handlers.add(channel, handler);
    return Promise.resolve(() => void remove());
  }

  onReconnect(handler: () => void): () => void {
    return this.handlers.addReconnect(handler);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
