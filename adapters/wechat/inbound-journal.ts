import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { InboundEvent } from "../../src/channels/port";
import type { Logger } from "../../src/log";

/** Rewritten without its done entries once it holds this many lines and nothing is pending. */
const COMPACT_AFTER_LINES = 1000;

type Line = { event: InboundEvent } | { done: string };

/**
 * WeChat gives each message once: the puppet has taken it from WeChat's servers before the
 * adapter hears of it, and nothing asks for it again. So every event is written here, and forced
 * to the disk, before the core is handed it, and marked done once the core has recorded it. What
 * is not marked done at start (the process died, or stopped while the database was away) is
 * handed to the core again; the core knows by its deliveryId an event it had recorded already.
 *
 * One JSON object a line, appended: `{"event": …}`, then `{"done": "<deliveryId>"}`. A line cut
 * short by a crash is skipped. Done lines are not forced to the disk: one lost only means the
 * event is handed over once more.
 */
export class InboundJournal {
  private fd: number;
  private readonly waiting: InboundEvent[];
  private lines = 0;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.waiting = existsSync(file) ? this.read() : [];
    // Starts afresh with what is still to be recorded.
    this.fd = this.rewrite(this.waiting);
  }

  /** Events written and not yet recorded by the core, oldest first. */
  pending(): InboundEvent[] {
    return [...this.waiting];
  }

  /** Writes the event to the disk; returns once it is there. */
  append(event: InboundEvent): void {
    this.write({ event }, true);
    this.waiting.push(event);
  }

  /** The core has recorded the event. */
  done(event: InboundEvent): void {
    const i = this.waiting.indexOf(event);
    if (i >= 0) this.waiting.splice(i, 1);
    this.write({ done: event.deliveryId }, false);
    if (this.waiting.length === 0 && this.lines >= COMPACT_AFTER_LINES) {
      closeSync(this.fd);
      this.fd = this.rewrite([]);
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(line: Line, sync: boolean): void {
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    if (sync) fsyncSync(this.fd);
    this.lines += 1;
  }

  /** The events without a done line after them, in the order they were written. */
  private read(): InboundEvent[] {
    const pending: InboundEvent[] = [];
    let damaged = 0;
    for (const text of readFileSync(this.file, "utf8").split("\n")) {
      if (text.trim() === "") continue;
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        damaged += 1;
        continue;
      }
      if (isEventLine(line)) pending.push(line.event);
      else if (isDoneLine(line)) {
        const i = pending.findIndex((e) => e.deliveryId === line.done);
        if (i >= 0) pending.splice(i, 1);
      } else damaged += 1;
    }
    if (damaged > 0) this.logger.warn("wechat: lines of the inbound journal could not be read and are skipped (a write cut short by a crash)", { file: this.file, lines: damaged });
    if (pending.length > 0) this.logger.info("wechat: events the core had not recorded before the last stop are handed to it again", { events: pending.length });
    return pending;
  }

  /** The journal holding just `events`, written aside and renamed into place; returns it opened for appending. */
  private rewrite(events: InboundEvent[]): number {
    const aside = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(aside, "w", 0o600);
    for (const event of events) writeSync(fd, `${JSON.stringify({ event })}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(aside, this.file);
    this.lines = events.length;
    return openSync(this.file, "a", 0o600);
  }
}

function isEventLine(line: unknown): line is { event: InboundEvent } {
  if (typeof line !== "object" || line === null || !("event" in line)) return false;
  const event = (line as { event: unknown }).event;
  return typeof event === "object" && event !== null && typeof (event as { deliveryId?: unknown }).deliveryId === "string" && typeof (event as { kind?: unknown }).kind === "string";
}

function isDoneLine(line: unknown): line is { done: string } {
  return typeof line === "object" && line !== null && typeof (line as { done?: unknown }).done === "string";
}
