/**
 * What a channel that holds cadres' live streams needs of the cadre sign-in, and nothing more:
 * whether a session is still on, and when one ends, on any instance (a sign-out, an expiry).
 * CadreAuth implements it; the web chat's adapter and the workspace's case stream depend on this.
 */
export interface SessionPort {
  /** Whether the session is still on, without counting as its use (an open stream's heartbeat). */
  isLive(sessionId: string): Promise<boolean>;
  /** Calls `handler` with the id of each session ended on any instance; resolves once listening. */
  onSessionEnded(handler: (sessionId: string) => void): Promise<() => void>;
}
