import { z } from "zod";
import type { CaseChange, CaseChanges } from "../../../cases/case-changes";
import { notifyChannels, type Notifications } from "../../../db/notifications";
import type { Tx } from "../../../db/tx";
import type { SseStream } from "../../sse-stream";
import { accuses, type Viewer } from "../../../vocabulary/accused";

const changeSchema = z.object({
  number: z.string(),
  departmentId: z.string(),
  fromDepartmentId: z.string().optional(),
  urgent: z.boolean(),
  state: z.string(),
  event: z.string(),
  accusedDepartmentId: z.string().optional(),
  accusedCadreId: z.string().optional(),
});

interface Watcher {
  stream: SseStream;
  /** The department a handler sees, null for a supervisor (every case). */
  departmentScope: string | null;
  /** The cadre: never told of a report about their department or them (信访工作条例 Art. 30). */
  viewer: Viewer;
  /** The session's id: a sign-out anywhere ends its streams. */
  sessionId: string;
}

/**
 * Case changes between every instance and the workspaces open on this one: each change is a
 * pg_notify in the transaction that makes it (CaseChanges), heard by one LISTEN per process and
 * fanned out to the streams whose cadre may see the case. After the listening connection was
 * lost, every stream is told to read its inbox again (what it missed is not replayed).
 */
export class CaseEventHub implements CaseChanges {
  private readonly watchers = new Set<Watcher>();
  private listening: Promise<void> | undefined;

  constructor(
    private readonly notifications: Notifications,
    private readonly onSessionEnded: (handler: (id: string) => void) => Promise<() => void>,
  ) {}

  async changed(tx: Tx, change: CaseChange): Promise<void> {
    await this.notifications.notify(tx, notifyChannels.caseChanged, JSON.stringify(change));
  }

  async changedEach(tx: Tx, changes: readonly CaseChange[]): Promise<void> {
    await this.notifications.notifyEach(tx, notifyChannels.caseChanged, changes.map((change) => JSON.stringify(change)));
  }

  /** Starts hearing (once per process) and adds the stream; resolves once nothing sent after is missed. */
  async watch(watcher: Watcher): Promise<() => void> {
    // A failed start (the database away) is tried again by the next stream, not remembered.
    this.listening ??= this.listen().catch((error: unknown) => {
      this.listening = undefined;
      throw error;
    });
    await this.listening;
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  get size(): number {
    return this.watchers.size;
  }

  private async listen(): Promise<void> {
    await this.notifications.listen(notifyChannels.caseChanged, (payload) => this.deliver(payload));
    this.notifications.onReconnect(() => {
      for (const w of this.watchers) w.stream.send("resync", {});
    });
    await this.onSessionEnded((id) => {
      for (const w of [...this.watchers]) if (w.sessionId === id) w.stream.close();
    });
  }

  private deliver(payload: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return;
    }
    const change = changeSchema.safeParse(parsed);
    if (!change.success) return;
    const c = change.data;
    for (const w of this.watchers) {
      const sees = w.departmentScope === null || w.departmentScope === c.departmentId || w.departmentScope === c.fromDepartmentId;
      const accused = accuses({ accusedDepartmentId: c.accusedDepartmentId ?? null, accusedCadreId: c.accusedCadreId ?? null }, w.viewer);
      // The hint the page hears is what every change's is, without whom a report accuses.
      if (sees && !accused) w.stream.send("case", { number: c.number, departmentId: c.departmentId, ...(c.fromDepartmentId ? { fromDepartmentId: c.fromDepartmentId } : {}), urgent: c.urgent, state: c.state, event: c.event });
    }
  }
}
