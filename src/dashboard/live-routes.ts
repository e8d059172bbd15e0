import type { IncomingMessage, ServerResponse } from "node:http";
import { departmentScope } from "../cases/authority";
import { parseCaseChangeHint, type CaseChangeHint } from "../cases/case-changes";
import { notifyChannels, type Notifications } from "../db/notifications";
import { requireMethod } from "../http/http-io";
import type { CadreAuth } from "../auth/cadre-auth";
import { signedIn, type DashboardDeps } from "./context";

/** Comment lines keep proxies and phones from dropping an idle stream; each also asks whether the session still lives. */
const HEARTBEAT_MS = 25_000;
/** Hints are tiny; this much unread means the page is gone or stuck. */
const MAX_BUFFERED_BYTES = 256 * 1024;

interface Watcher {
  /** The cadre's department, or null for a supervisor (every case). */
  scope: string | null;
  sessionId: string;
  send(event: "case" | "resync", data: unknown): void;
  end(): void;
}

/**
 * The dashboard's live hints: every instance's case changes (src/cases/case-changes.ts, over the
 * database's notifications) pushed to the open pages of the cadres who may see the case, as
 * `case` events `{ number, state }`; the page reads what changed itself. After the listening
 * connection was lost a `resync` tells every page to read again. One listener per process,
 * started with the first stream.
 */
export class LiveCases {
  private readonly watchers = new Set<Watcher>();
  private listening: Promise<void> | undefined;

  constructor(
    private readonly notifications: Notifications,
    private readonly auth: CadreAuth,
  ) {}

  /** GET /dashboard/api/live: a Server-Sent Events stream for the signed-in cadre. */
  async open(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
    requireMethod(req, "GET");
    const { cadre, session } = await signedIn(deps, req);
    await this.listen();
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
    });
    // Every write checks: after the end (a sign-out, a client gone) a write would raise an error nobody catches.
    const open = () => !res.writableEnded && !res.destroyed;
    const end = () => open() && res.end();
    const write = (chunk: string) => {
      if (!open()) return;
      // A page that stopped reading is cut off; its EventSource comes back and the page reads afresh.
      if (res.writableLength > MAX_BUFFERED_BYTES) return void res.end();
      res.write(chunk);
    };
    write("retry: 3000\n\n");
    const watcher: Watcher = {
      scope: departmentScope(cadre),
      sessionId: session.id,
      send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
      end,
    };
    this.watchers.add(watcher);
    // Asking whether the session lives does not count as its use: an open tab does not keep a session alive.
    const heartbeat = setInterval(() => {
      void this.auth.isLive(session.id).then(
        (live) => (live ? write(": keep-alive\n\n") : end()),
        () => write(": keep-alive\n\n"),
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
    res.on("close", () => {
      clearInterval(heartbeat);
      this.watchers.delete(watcher);
    });
  }

  private listen(): Promise<void> {
    this.listening ??= (async () => {
      await this.notifications.listen(notifyChannels.caseChanged, (payload) => {
        const hint = parseCaseChangeHint(payload);
        if (hint) this.tell(hint);
      });
      this.notifications.onReconnect(() => this.each((w) => w.send("resync", {})));
      // A sign-out on any instance ends that session's streams here.
      await this.auth.onSessionEnded((id) => this.each((w) => w.sessionId === id && w.end()));
    })().catch((error: unknown) => {
      // The next stream tries again rather than inheriting this failure.
      this.listening = undefined;
      throw error;
    });
    return this.listening;
  }

  private tell(hint: CaseChangeHint): void {
    const event = { number: hint.number, state: hint.state };
    this.each((w) => (w.scope === null || hint.departments.includes(w.scope)) && w.send("case", event));
  }

  private each(fn: (w: Watcher) => unknown): void {
    for (const w of [...this.watchers]) fn(w);
  }
}
