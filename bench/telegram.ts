import { Bot } from "node-telegram-bot-api/node";
import type { Deployment } from "../src/config/schema";
import { FakeTelegramApi, telegramLimits, type FakeUser, type SentMessage, type TelegramLimits } from "../test/fakes/fake-telegram-api";
import type { SyntheticAppeal } from "./appeals";
import { latencies, nowMs, type Latencies } from "./measure";
import { benchDeployment, startService } from "./service";

/**
 * End to end through Telegram: the service with its Telegram adapter (the real
 * node-telegram-bot-api client, long polling) against the fake Bot API on 127.0.0.1, which
 * enforces Telegram's flood limits and answers 429 to a message over them. Each resident sends
 * the appeal, waits for the summary, presses 确认; we time from the update being available to
 * the receipt reaching the resident's chat and to the card reaching the department's group.
 * Every department's group is a Telegram group here, so cards go to six groups.
 *
 * A resident takes a moment to read the summary before pressing 确认 (READING_MS): a bot
 * pressing at once would only measure Telegram's one message a second per chat, which holds the
 * receipt until a second after the summary. A new resident's first answer is the greeting, and
 * the summary follows it a second later for the same reason.
 */

export interface TelegramFigures {
  appeals: number;
  concurrency: number;
  /** Text update available → the first answer (a new resident's greeting) sent. */
  firstAnswer: Latencies;
  /** Text update available → summary sent. */
  summary: Latencies;
  /** 确认 update available → receipt sent. */
  receipt: Latencies;
  /** 确认 update available → card sent to the group. */
  card: Latencies;
  /** Receipts per second, first update to last receipt. */
  receiptsPerSec: number;
  /** Everything sent, first update to last card. */
  elapsedMs: number;
  sent: number;
  /** The most messages in any 1 s overall, in any 1 s to one private chat, in any 60 s to one group. */
  maxPerSecond: number;
  maxPerPrivateChatPerSecond: number;
  maxPerGroupPerMinute: number;
  tooManyRequests: number;
  limits: TelegramLimits;
  /** An echo bot on the same library and fake, no database: update available → answer sent. */
  baseline: Latencies;
}

const GROUP_BASE = -1002000000000;
const READING_MS = 1500;

export function telegramDeployment(): Deployment {
  return benchDeployment((d) => {
    d.departments.forEach((dept, i) => {
      dept.groups.telegram = String(GROUP_BASE - (i + 1));
    });
  });
}

/** Waits for messages by chat as they are sent, without scanning everything sent each time. */
class Inbox {
  private readonly waiting = new Map<number, { match: (m: SentMessage) => boolean; resolve: (m: SentMessage) => void }[]>();
  private readonly seen = new Map<number, SentMessage[]>();

  constructor(fake: FakeTelegramApi) {
    fake.onSent((m) => {
      const list = this.seen.get(m.chat_id) ?? [];
      list.push(m);
      this.seen.set(m.chat_id, list);
      const waiters = this.waiting.get(m.chat_id) ?? [];
      for (const w of [...waiters]) {
        if (w.match(m)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
  }

  next(chatId: number, match: (m: SentMessage) => boolean, timeoutMs: number): Promise<SentMessage> {
    const already = this.seen.get(chatId)?.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`telegram: nothing matching came to chat ${chatId} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiting.get(chatId) ?? [];
      list.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
      this.waiting.set(chatId, list);
    });
  }
}

/** The most items of `times` (sorted) that fall in any window of `ms`. */
function maxInWindow(times: number[], ms: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= ms) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * The baseline: an echo bot on the same client library, long polling its own fake Bot API (no
 * limits, no database), answering each message at once. Timed the same way, from the update
 * being available to the answer being sent: what the wire, the client and the polling cost.
 */
async function echoBaseline(count: number, concurrency: number): Promise<Latencies> {
  const fake = await FakeTelegramApi.start();
  const bot = new Bot(fake.token, { apiRoot: fake.url, maxRetries: 0 });
  bot.on("message", async (ctx) => {
    const chat = ctx.message?.chat.id;
    if (chat !== undefined) await bot.api.sendMessage({ chat_id: chat, text: "收到" });
  });
  const polling = bot.startPolling(undefined, { timeout: 25 });
  try {
    const inbox = new Inbox(fake);
    const times: number[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const user: FakeUser = { id: 8_000_000 + i };
        const t0 = Date.now();
        fake.pushUpdate(fake.privateText(user, "路灯坏了"));
        const answer = await inbox.next(user.id, () => true, 30_000);
        times.push(answer.at - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return latencies(times);
  } finally {
    bot.stop();
    await polling.catch(() => undefined);
    await fake.close();
  }
}

export async function benchTelegram(options: {
  databaseUrl: string;
  appeals: SyntheticAppeal[];
  concurrency: number;
}): Promise<TelegramFigures> {
  const measured = await measureMinqing(options);
  // Afterwards, so the two do not share the machine.
  return { ...measured, baseline: await echoBaseline(options.appeals.length, options.concurrency) };
}

/** A receipt names its case's number. */
const RECEIPT = /MQ-\d{8}-\d{4}/;

async function measureMinqing(options: Parameters<typeof benchTelegram>[0]): Promise<Omit<TelegramFigures, "baseline">> {
  const fake = await FakeTelegramApi.start({ limits: telegramLimits });
  const deployment = telegramDeployment();
  const app = await startService({ databaseUrl: options.databaseUrl, deployment, telegram: { apiUrl: fake.url, token: fake.token } });
  try {
    await fake.waitForCall("getUpdates", () => true, 10_000);
    const inbox = new Inbox(fake);
    const groupOf = new Map(deployment.departments.map((d) => [d.name, Number(d.groups.telegram)]));
    const firstAnswers: number[] = [];
    const summaries: number[] = [];
    const receipts: number[] = [];
    const cards: number[] = [];
    const perAppealTimeout = 15 * 60_000;
    const started = nowMs();
    let lastReceipt = started;
    let next = 0;
    const cardWaits: Promise<void>[] = [];

    const fileOne = async (i: number, appeal: SyntheticAppeal): Promise<void> => {
      const user: FakeUser = { id: 6_000_000 + i, first_name: "居民", language_code: "zh-hans" };
      const t0 = Date.now();
      fake.pushUpdate(fake.privateText(user, appeal.text));
      const first = await inbox.next(user.id, () => true, perAppealTimeout);
      firstAnswers.push(first.at - t0);
      const isReceipt = (m: SentMessage) => RECEIPT.test(m.text ?? "");
      // An emergency is filed at once, with no summary to confirm (the receipt and the advice come first).
      const summary = await inbox.next(user.id, (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0 || isReceipt(m), perAppealTimeout);
      summaries.push(summary.at - t0);
      let t1 = t0;
      if (!isReceipt(summary)) {
        await new Promise((resolve) => setTimeout(resolve, READING_MS));
        t1 = Date.now();
        fake.pushUpdate(fake.callbackPress(user.id, user, summary.message_id, "confirm"));
      }
      const receipt = await inbox.next(user.id, isReceipt, perAppealTimeout);
      receipts.push(receipt.at - t1);
      lastReceipt = nowMs();
      const number = /MQ-\d{8}-\d{4,}/.exec(receipt.text ?? "")?.[0] ?? "";
      const department = [...groupOf.keys()].find((name) => (receipt.text ?? "").includes(name));
      const group = department === undefined ? undefined : groupOf.get(department);
      if (group === undefined) throw new Error(`telegram: the receipt names no department: ${receipt.text ?? ""}`);
      cardWaits.push(
        inbox.next(group, (m) => (m.text ?? "").includes(number), perAppealTimeout).then((card) => {
          cards.push(card.at - t1);
        }),
      );
    };
    const worker = async () => {
      for (let i = next++; i < options.appeals.length; i = next++) {
        const appeal = options.appeals[i];
        if (appeal) await fileOne(i, appeal);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await Promise.all(cardWaits);
    const elapsedMs = nowMs() - started;

    const sent = fake.sent();
    const all = sent.map((m) => m.at);
    const byChat = new Map<number, number[]>();
    for (const m of sent) byChat.set(m.chat_id, [...(byChat.get(m.chat_id) ?? []), m.at]);
    const privates = [...byChat].filter(([id]) => id > 0).map(([, t]) => maxInWindow(t, 1000));
    const groups = [...byChat].filter(([id]) => id < 0).map(([, t]) => maxInWindow(t, 60_000));
    return {
      appeals: options.appeals.length,
      concurrency: options.concurrency,
      firstAnswer: latencies(firstAnswers),
      summary: latencies(summaries),
      receipt: latencies(receipts),
      card: latencies(cards),
      receiptsPerSec: (options.appeals.length * 1000) / (lastReceipt - started),
      elapsedMs,
      sent: sent.length,
      maxPerSecond: maxInWindow(all, 1000),
      maxPerPrivateChatPerSecond: Math.max(0, ...privates),
      maxPerGroupPerMinute: Math.max(0, ...groups),
      tooManyRequests: fake.tooManyRequests,
      limits: telegramLimits,
    };
  } finally {
    await app.stop();
    await fake.close();
  }
}
