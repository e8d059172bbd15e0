import { Pacer, telegramLimits } from "../../adapters/telegram/pacer";

/** Telegram's flood limits kept by the sender: times are a fake clock in milliseconds. */
describe("the Telegram pacer", () => {
  let now = 0;
  const pacer = () => new Pacer(telegramLimits, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  /** Takes a slot as the adapter does (waiting at most `maxWait` for the chat), and moves the clock to it. */
  function send(p: Pacer, chat: string, maxWait = Number.POSITIVE_INFINITY): number | "later" {
    const slot = p.slot(chat, maxWait);
    if (slot.kind === "later") return "later";
    return now + slot.ms;
  }

  test("a private chat gets one message a second (and a little more), and other chats are not held up by it", () => {
    const p = pacer();
    expect(send(p, "501")).toBe(now);
    const next = p.slot("501", 50);
    expect(next.kind).toBe("later");
    expect(next.ms).toBeGreaterThanOrEqual(1000);
    expect(next.ms).toBeLessThanOrEqual(1200);
    expect(send(p, "502", 50)).toBe(now);
    now += next.ms;
    expect(send(p, "501", 50)).toBe(now);
  });

  test("a group gets 20 in any minute; the 21st is told to come back when the first leaves the window", () => {
    const p = pacer();
    const first = now;
    for (let i = 0; i < 20; i++) {
      expect(send(p, "-1001", 50)).toBe(now);
      now += 100;
    }
    const later = p.slot("-1001", 50);
    expect(later).toMatchObject({ kind: "later" });
    expect(now + later.ms).toBeGreaterThanOrEqual(first + 60_000);
    expect(now + later.ms).toBeLessThanOrEqual(first + 61_000);
  });

  test("over all chats, no more than 30 in any second: the 31st waits its turn rather than being refused", () => {
    const p = pacer();
    const times = Array.from({ length: 90 }, (_, i) => send(p, String(1000 + i), 50));
    expect(times.every((t) => typeof t === "number")).toBe(true);
    const sorted = (times as number[]).sort((a, b) => a - b);
    for (let i = 30; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 30]!).toBeGreaterThanOrEqual(1000);
  });

  test("the rest of a long text waits in line for its own chat", () => {
    const p = pacer();
    expect(send(p, "501")).toBe(now);
    const second = p.slot("501", Number.POSITIVE_INFINITY);
    expect(second.kind).toBe("wait");
    expect(second.ms).toBeGreaterThanOrEqual(1000);
  });
});
