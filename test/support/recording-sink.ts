import type { InboundEvent, InboundMessage, InboundSink } from "../../src/channels/port";
import { waitUntil } from "./wait-until";

/** Records what reached the core; can fail or hold deliveries like a database would. */
export class RecordingSink {
  /** Every call, including the ones that failed. */
  readonly attempts: InboundEvent[] = [];
  /** Events that were "persisted". */
  readonly events: InboundEvent[] = [];
  private failuresLeft = 0;
  private gate: Promise<void> | undefined;

  readonly sink: InboundSink = async (event) => {
    this.attempts.push(event);
    if (this.gate !== undefined) await this.gate;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error("database unavailable");
    }
    this.events.push(event);
  };

  failNext(count: number): void {
    this.failuresLeft = count;
  }

  private openGate: (() => void) | undefined;

  /** Deliveries wait until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.gate = undefined;
    this.openGate?.();
  }

  async next(predicate: (event: InboundEvent) => boolean = () => true, timeoutMs = 3000): Promise<InboundEvent> {
    let found: InboundEvent | undefined;
    await waitUntil(() => (found = this.events.find(predicate)) !== undefined, timeoutMs, () => {
      return `no matching event reached the sink; got ${JSON.stringify(this.events)}`;
    });
    if (found === undefined) throw new Error("unreachable");
    return found;
  }
}

export function asMessage(event: InboundEvent): InboundMessage {
  if (event.kind !== "message") throw new Error(`expected a message, got ${JSON.stringify(event)}`);
  return event;
}
