import { GroupCommit } from "../../src/inbound/group-commit";

interface Msg {
  id: string;
  chat: string;
}

/** A group commit whose runner records each batch and holds it until the test lets it finish. */
function recording(options = { maxBatch: 64, maxInFlight: 1 }, fail?: (m: Msg) => unknown) {
  const batches: string[][] = [];
  const finish: (() => void)[] = [];
  const gc = new GroupCommit<Msg>(
    (events) => {
      batches.push(events.map((e) => e.id));
      return new Promise((resolve) => finish.push(() => resolve(events.map((e) => fail?.(e) ?? null))));
    },
    (m) => m.id,
    (m) => [m.chat],
    options,
  );
  /** Lets the oldest running batch finish, and waits for what that sets off. */
  const next = async () => {
    await new Promise((r) => setImmediate(r));
    finish.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { gc, batches, next };
}

describe("group commit", () => {
  test("what arrives in one turn is one batch, at most one message per chat, each chat in order", async () => {
    const { gc, batches, next } = recording();
    const done = [
      gc.submit({ id: "a1", chat: "a" }),
      gc.submit({ id: "b1", chat: "b" }),
      gc.submit({ id: "a2", chat: "a" }),
      gc.submit({ id: "c1", chat: "c" }),
      gc.submit({ id: "a3", chat: "a" }),
    ];
    await next();
    await next();
    await next();
    expect(await Promise.all(done)).toEqual([true, true, true, true, true]);
    expect(batches).toEqual([["a1", "b1", "c1"], ["a2"], ["a3"]]);
  });

  test("a chat's next message waits for the batch holding its previous one, even while other batches may run", async () => {
    const { gc, batches, next } = recording({ maxBatch: 64, maxInFlight: 2 });
    const first = gc.submit({ id: "a1", chat: "a" });
    await new Promise((r) => setImmediate(r)); // a1's batch runs
    const later = [gc.submit({ id: "a2", chat: "a" }), gc.submit({ id: "b1", chat: "b" })];
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([["a1"], ["b1"]]); // b1 runs beside a1; a2 waits for a1
    await next();
    await next();
    await next();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([["a1"], ["b1"], ["a2"]]);
  });

  test("a batch holds at most maxBatch messages", async () => {
    const { gc, batches, next } = recording({ maxBatch: 2, maxInFlight: 1 });
    const done = ["a", "b", "c", "d", "e"].map((chat) => gc.submit({ id: chat, chat }));
    for (let i = 0; i < 3; i++) await next();
    await Promise.all(done);
    expect(batches).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  test("the same delivery twice while it waits is handled once; the second hears it joined", async () => {
    const { gc, batches, next } = recording();
    const done = [gc.submit({ id: "x", chat: "a" }), gc.submit({ id: "x", chat: "a" }), gc.submit({ id: "y", chat: "b" })];
    await next();
    expect(await Promise.all(done)).toEqual([true, false, true]);
    expect(batches).toEqual([["x", "y"]]);
  });

  test("each message hears its own outcome", async () => {
    const { gc, next } = recording(undefined, (m) => (m.id === "bad" ? new Error("bad") : null));
    const settled = Promise.allSettled([gc.submit({ id: "ok", chat: "a" }), gc.submit({ id: "bad", chat: "b" })]);
    await next();
    const [ok, bad] = await settled;
    expect(ok).toEqual({ status: "fulfilled", value: true });
    expect(bad).toMatchObject({ status: "rejected", reason: new Error("bad") });
  });
});
