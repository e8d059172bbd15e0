/**
 * Where CadreAuth keeps sessions: the database (database-session-store.ts), so that every
 * instance knows a session, a sign-out ends it everywhere and a restart keeps it. Times are ms
 * since the epoch, by CadreAuth's clock.
 */
export interface StoredSession {
  /** SHA-256 of the token: the store never holds a usable token. The session's id between instances. */
  id: string;
  cadreId: string;
  account: string;
  createdAt: number;
  lastSeenAt: number;
  /** Last seen plus the idle limit, never after `expiresAt`. */
  idleExpiresAt: number;
  expiresAt: number;
}

export interface SessionStore {
  add(session: StoredSession): Promise<void>;
  /** The session stored under `id`, expired or not. */
  find(id: string): Promise<StoredSession | undefined>;
  /** The session was seen at `at`: its idle expiry moves to `idleExpiresAt`. */
  touch(id: string, at: number, idleExpiresAt: number): Promise<void>;
  /** Ends the session on every instance: it is gone, and each instance's `onEnded` handlers hear its id. */
  end(id: string): Promise<void>;
  /** Deletes the sessions that are over by `now`. */
  deleteEnded(now: number): Promise<void>;
  /** Calls `handler` with the id of each session ended on any instance; resolves once listening. */
  onEnded(handler: (id: string) => void): Promise<() => void>;
}
