import { deleteSession, deleteSessionsEndedBy, findSession, insertSession, touchSession } from "../db/repositories/cadre-session-repository";
import { notifyChannels, type Notifications } from "../db/notifications";
import type { Queryable } from "../db/tx";
import type { SessionStore, StoredSession } from "./session-store";

/** Sessions in cadre_sessions; a sign-out is told to every instance on `minqing_session_ended`. */
export class DatabaseSessionStore implements SessionStore {
  constructor(
    private readonly db: Queryable,
    private readonly notifications: Notifications,
  ) {}

  async add(s: StoredSession): Promise<void> {
    await insertSession(this.db, {
      tokenHash: s.id,
      cadreId: s.cadreId,
      account: s.account,
      createdAt: new Date(s.createdAt),
      lastSeenAt: new Date(s.lastSeenAt),
      idleExpiresAt: new Date(s.idleExpiresAt),
      expiresAt: new Date(s.expiresAt),
    });
  }

  async find(id: string): Promise<StoredSession | undefined> {
    const row = await findSession(this.db, id);
    return (
      row && {
        id,
        cadreId: row.cadreId,
        account: row.account,
        createdAt: row.createdAt.getTime(),
        lastSeenAt: row.lastSeenAt.getTime(),
        idleExpiresAt: row.idleExpiresAt.getTime(),
        expiresAt: row.expiresAt.getTime(),
      }
    );
  }

  touch(id: string, at: number, idleExpiresAt: number): Promise<void> {
    return touchSession(this.db, id, new Date(at), new Date(idleExpiresAt));
  }

  /**
   * The row goes first, so every instance's next lookup refuses the session; the notification
   * then lets the instances end its open event streams at once. (Should it be lost, the streams'
   * own check at their next heartbeat finds the row gone.)
   */
  async end(id: string): Promise<void> {
    if (await deleteSession(this.db, id)) await this.notifications.notify(this.db, notifyChannels.sessionEnded, id);
  }

  deleteEnded(now: number): Promise<void> {
    return deleteSessionsEndedBy(this.db, new Date(now));
  }

  onEnded(handler: (id: string) => void): Promise<() => void> {
    return this.notifications.listen(notifyChannels.sessionEnded, handler);
  }
}
