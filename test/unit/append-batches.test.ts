import type { WebChatAppend } from "../../src/db/repositories/web-chat-repository";
import { AppendBatches, type Appended } from "../../src/web-chat/append-batches";

/** A store that numbers what it is given from 1, records each batch, and fails as the test says. */
function recording(fail?: (texts: string[]) => Error | undefined) {
  const batches: string[][] = [];
  let seq = 0;
  const appendBatches = new AppendBatches(async (appends: WebChatAppend[]): Promise<Appended[]> => {
    const texts = appends.map((a) => a.message.text);
    batches.push(texts);
    const error = fail?.(texts);
    if (error) throw error;
    return appends.map(() => ({ seq: ++seq, duplicate: false }));
  });
  const append = (text: string, dedupeKey?: string) =>
    appendBatches.append({ message: { chatId: "r-1", at: new Date(0), from: { kind: "bot" }, text }, ...(dedupeKey === undefined ? {} : { dedupeKey }) });
  return { append, batches };
}

describe("the web chat's append batches", () => {
  test("appends of one turn are stored in one batch, in the order made; what arrives while it runs forms the next", async () => {
    const { append, batches } = recording();
    const first = Promise.all([append("一"), append("二")]);
    await new Promise((resolve) => setImmediate(resolve));
    const later = append("三");
    expect((await first).map((a) => a.seq)).toEqual([1, 2]);
    expect((await later).seq).toBe(3);
    expect(batches).toEqual([["一", "二"], ["三"]]);
  });

  test("a key given twice in one batch is stored once, the second answered as its duplicate", async () => {
    const { append, batches } = recording();
    const [a, b] = await Promise.all([append("一", "k"), append("一", "k")]);
    expect(batches).toEqual([["一"]]);
    expect(b).toEqual({ seq: a.seq, duplicate: true });
  });

  test("a batch the database refuses is tried one append at a time: only the refused one fails", async () => {
    const { append, batches } = recording((texts) => (texts.includes("坏") ? new Error("invalid byte sequence") : undefined));
    const outcomes = await Promise.allSettled([append("好"), append("坏"), append("也好")]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(batches).toEqual([["好", "坏", "也好"], ["好"], ["坏"], ["也好"]]);
  });

  test("when the database is away, the whole batch fails at once, not once more per append", async () => {
    const { append, batches } = recording(() => Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    const outcomes = await Promise.allSettled([append("一"), append("二"), append("三")]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(batches).toHaveLength(1);
  });
});
