import type { Update } from "node-telegram-bot-api/types";
import type { FakeTelegramApi, FakeUser, SentMessage } from "../fakes/fake-telegram-api";

export const SUMMARY = "请核对您的诉求";
export const RECEIPT = "诉求已登记";
export const CASE_NUMBER = /MQ-\d{8}-\d{4}/;

/** Residents writing to the bot as people do: describe the problem, then press 确认提交 on the summary. */
export class TelegramResidents {
  private next: number;
  private readonly pressed = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly waiting = new Set<number>();
  private readonly users = new Map<number, FakeUser>();
  private readonly queue: FakeUser[] = [];
  private spacingMs = 0;
  /** Every update the residents sent, in order. */
  readonly sent: Update[] = [];
  private lastPush = 0;

  constructor(
    private readonly fake: FakeTelegramApi,
    firstId: number,
  ) {
    this.next = firstId;
  }

  create(count: number): FakeUser[] {
    return Array.from({ length: count }, () => {
      const id = this.next++;
      return { id, first_name: `居民${id}`, language_code: "zh-hans" };
    });
  }

  /**
   * A description unique to the resident with nothing left to ask: even ids go to 城市管理局,
   * odd ones to 住房和城乡建设局, so the cards go to two groups.
   */
  static description(resident: FakeUser): string {
    return resident.id % 2 === 0 ? `东街社区${resident.id}号楼前的路灯坏了一个星期了` : `东街社区${resident.id}号楼电梯坏了半个月物业不修`;
  }

  /**
   * The residents send their descriptions one after another, `spacingMs` apart, and each
   * presses 确认提交 on their summary as soon as it arrives (once, even if the summary came
   * twice), until `stop()`. Updates are queued at the platform whether the service is up or not.
   */
  file(residents: FakeUser[], spacingMs = 0): void {
    for (const resident of residents) this.users.set(resident.id, resident);
    this.queue.push(...residents);
    this.spacingMs = spacingMs;
    this.tick();
    if (spacingMs === 0) while (this.queue.length > 0) this.tick();
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.tick(), 20);
      this.timer.unref();
    }
  }

  private tick(): void {
    if (this.queue.length > 0 && Date.now() - this.lastPush >= this.spacingMs) {
      const resident = this.queue.shift()!;
      this.lastPush = Date.now();
      this.sent.push(this.fake.pushUpdate(this.fake.privateText(resident, TelegramResidents.description(resident))));
      this.waiting.add(resident.id);
    }
    for (const id of [...this.waiting]) {
      const summary = this.fake.sent(id).find((m) => (m.text ?? "").startsWith(SUMMARY));
      const resident = this.users.get(id);
      if (summary === undefined || resident === undefined) continue;
      this.waiting.delete(id);
      this.pressed.add(id);
      this.sent.push(this.fake.pushUpdate(this.fake.callbackPress(id, resident, summary.message_id, "confirm")));
    }
  }

  /** How many residents have written so far. */
  get written(): number {
    return this.waiting.size + this.pressed.size;
  }

  /** How many residents have pressed confirm. */
  get confirmed(): number {
    return this.pressed.size;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The id the service records an update under (adapters/telegram/to-inbound.ts). */
export function deliveryIdOf(update: Update): string {
  if ("callback_query" in update) return `cb:${update.callback_query.id}`;
  if ("message" in update) return `${update.message.chat.id}:${update.message.message_id}`;
  throw new Error(`no delivery id for update ${update.update_id}`);
}

/** Texts the bot sent to a chat. */
export function textsTo(fake: FakeTelegramApi, chatId: number | string): string[] {
  return fake.sent(chatId).map((m: SentMessage) => m.text ?? "");
}

/** Each text with how many times it was sent to the chat, for the ones sent more than once. */
export function repeated(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  return new Map([...counts].filter(([, n]) => n > 1));
}
