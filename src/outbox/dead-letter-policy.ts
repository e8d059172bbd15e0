import { DeliveryError } from "../channels/port";
import type { DeadReason } from "../db/repositories/outbox-repository";

/**
 * When the outbox stops retrying a message and sets it aside as a dead letter, so that it no
 * longer holds back the later messages to its chat (they are sent one after another, oldest
 * first, and a message that never goes would otherwise keep its chat waiting for good).
 *
 * Two bounds, because failures are of two kinds:
 *
 * - Failures the channel can explain as passing: the platform or the network is down (5xx, no
 *   connection, a timeout), a flood wait (429 retry_after), a channel that is not ready yet.
 *   These say nothing about the message, and an outage of an hour, or a night, must not turn
 *   every queued message into work for an operator: "nothing is lost" means they all go out once
 *   the platform is back (test/faults/platform-outage.test.ts: ten minutes of 5xx and 429 leave
 *   everything pending). So they are not counted; only the age bound ends them, and it is
 *   generous (a day by default): a message still failing a day after it was written is news
 *   nobody should be sent unseen, and the operators hear of it.
 * - Failures the channel cannot explain (an error it does not recognise, `unknown: true`, or
 *   anything thrown that is not a DeliveryError): possibly this one message's fault, e.g. text
 *   the platform's library chokes on. These are counted, and a message that failed more than
 *   `maxAttempts` times so is set aside. With the backoff (1 s doubling to 10 min) the default 12
 *   allows about 37 minutes: long enough to ride out a short unexplained hiccup, short enough
 *   that a poisonous message does not keep a resident's chat silent for an afternoon.
 *
 * A refusal the platform says is final (`permanent`) is set aside at once, except that a
 * resident who blocked the bot is only written off (`failed`): their choice, nothing to fix.
 */
export interface DeadLetterPolicy {
  /** A message that failed more than this many times for reasons the channel cannot explain is set aside. */
  maxAttempts: number;
  /** A message still failing (for any reason) this long after it was queued, or sent again by an operator, is set aside. */
  maxAgeMs: number;
  /** The longest wait between two tries. */
  maxBackoffMs: number;
}

export const defaultDeadLetterPolicy: DeadLetterPolicy = { maxAttempts: 12, maxAgeMs: 24 * 3_600_000, maxBackoffMs: 10 * 60_000 };

/** Why a message was set aside; the outbox repository stores it (dead_reason). */
export type { DeadReason };

/** What to do with a message whose send just failed. */
export type FailureVerdict =
  /** Not a failure: the channel paces the chat; back in line after `afterMs`, the try uncounted. */
  | { kind: "paced"; afterMs: number }
  | { kind: "moved"; toChatId: string }
  /** The recipient blocked the bot: given up, quietly. */
  | { kind: "written_off" }
  | { kind: "dead"; reason: DeadReason }
  /** Try again after `afterMs`; `counted`: the failure counts toward `maxAttempts`. */
  | { kind: "retry"; afterMs: number; counted: boolean };

export interface FailedTry {
  /** Tries so far, this one included (it drives the backoff). */
  attempts: number;
  /** Unexplained failures before this one. */
  failures: number;
  /** When the message was queued, or last sent again by an operator. */
  since: Date;
}

export function judgeFailure(err: unknown, message: FailedTry, now: Date, policy: DeadLetterPolicy): FailureVerdict {
  const outcome: DeliveryError["outcome"] = err instanceof DeliveryError ? err.outcome : { kind: "retry", unknown: true };
  switch (outcome.kind) {
    case "paced":
      return { kind: "paced", afterMs: outcome.afterMs };
    case "chat_moved":
      return { kind: "moved", toChatId: outcome.toChatId };
    case "permanent":
      return outcome.blocked ? { kind: "written_off" } : { kind: "dead", reason: "refused" };
    case "retry": {
      const counted = outcome.unknown === true;
      if (counted && message.failures + 1 > policy.maxAttempts) return { kind: "dead", reason: "attempts" };
      if (now.getTime() - message.since.getTime() >= policy.maxAgeMs) return { kind: "dead", reason: "age" };
      const backoff = Math.min(policy.maxBackoffMs, 1000 * 2 ** Math.min(Math.max(message.attempts - 1, 0), 20));
      return { kind: "retry", afterMs: Math.max(outcome.afterMs ?? 0, backoff), counted };
    }
  }
}
