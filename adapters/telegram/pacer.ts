/**
 * Telegram's flood limits, kept on our side so Telegram never has to say 429: at most 30
 * messages in any second over all chats, 1 in any second to one private chat, 20 in any minute
 * to one group (core.telegram.org/bots/faq). Each limit is a sliding window over the times of
 * the last sends, made a little longer than Telegram's so that a request overtaking the one
 * before it on the way does not break it.
 *
 * `slot()` answers when the next message to a chat may go. All chats share the global window,
 * so waiting for it is fair to everyone and the sender waits. A chat's own window is another
 * matter: a group that had its 20 cards this minute must not hold up every other chat's
 * messages, so beyond a short wait the answer is "not before then", and the outbox sets that
 * message aside (and the later ones of the same chat behind it) and sends other chats' meanwhile.
 */

export interface TelegramLimits {
  perSecond: number;
  perPrivateChatPerSecond: number;
  perGroupPerMinute: number;
}

export const telegramLimits: TelegramLimits = { perSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 };

/** Added to each window: more than the jitter between two requests on their way to Telegram. */
const MARGIN_MS = 100;

/** The times of the most recent sends, oldest first, never more than `max`. */
class Window {
  private readonly times: number[] = [];

  constructor(
    readonly max: number,
    readonly ms: number,
  ) {}

  /** The earliest time at or after `at` when one more send keeps at most `max` in any window. */
  earliest(at: number): number {
    if (this.times.length < this.max) return at;
    return Math.max(at, (this.times[this.times.length - this.max] ?? 0) + this.ms);
  }

  record(at: number): void {
    this.times.push(at);
    if (this.times.length > this.max) this.times.shift();
  }

  /** Nothing in it can delay a send at or after `at`. */
  idle(at: number): boolean {
    return (this.times[this.times.length - 1] ?? Number.NEGATIVE_INFINITY) <= at - this.ms;
  }
}

export type Slot = { kind: "wait"; ms: number } | { kind: "later"; ms: number };

export class Pacer {
  private readonly all: Window;
  private readonly chats = new Map<string, Window>();
  /** The latest slot given: slots are handed out in order, so the global window stays sorted. */
  private last = Number.NEGATIVE_INFINITY;
  private given = 0;

  constructor(
    private readonly limits: TelegramLimits = telegramLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.all = new Window(limits.perSecond, 1000 + MARGIN_MS);
  }

  /**
   * Takes the next slot for a message to `chatId`, if the chat can have one within `maxChatWaitMs`:
   * `wait` (send after `ms`, the slot is yours), or `later` (try again in `ms`; nothing was taken).
   */
  slot(chatId: string, maxChatWaitMs: number): Slot {
    const now = this.now();
    if (++this.given % 1000 === 0) this.forgetIdle(now);
    const chat = this.chatWindow(chatId);
    const chatAt = chat.earliest(now);
    if (chatAt - now > maxChatWaitMs) return { kind: "later", ms: Math.ceil(chatAt - now) };
    const at = this.all.earliest(Math.max(chatAt, this.last));
    this.all.record(at);
    chat.record(at);
    this.last = at;
    return { kind: "wait", ms: Math.max(0, at - now) };
  }

  private chatWindow(chatId: string): Window {
    let w = this.chats.get(chatId);
    if (!w) {
      // Telegram's groups, supergroups and channels have negative ids; people have positive ones.
      const group = chatId.startsWith("-");
      w = group ? new Window(this.limits.perGroupPerMinute, 60_000 + MARGIN_MS) : new Window(this.limits.perPrivateChatPerSecond, 1000 + MARGIN_MS);
      this.chats.set(chatId, w);
    }
    return w;
  }

  /** Chats whose windows can no longer delay anything are forgotten, so the map stays as small as the recent traffic. */
  private forgetIdle(now: number): void {
    for (const [id, w] of this.chats) if (w.idle(now)) this.chats.delete(id);
  }
}
