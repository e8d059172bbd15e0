/**
 * For tables whose expired rows are deleted by the ordinary work that writes them: says when a
 * sweep is due, at most once per `everyMs` of the caller's clock, in this process. Several
 * instances each sweep now and then; a DELETE of nothing costs one index probe.
 */
export class Occasionally {
  private lastAt = -Infinity;

  constructor(private readonly everyMs: number) {}

  /** True (and counted as done) if the last sweep was `everyMs` or longer before `now` (ms). */
  due(now: number): boolean {
    if (now - this.lastAt < this.everyMs && now >= this.lastAt) return false;
    this.lastAt = now;
    return true;
  }
}
