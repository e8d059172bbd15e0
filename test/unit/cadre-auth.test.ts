import { CadreAuth, SESSION_TTL_MS, type VerifyHash } from "../../src/auth/cadre-auth";
import { LoginThrottle } from "../../src/auth/login-throttle";
import { PasswordGate } from "../../src/auth/password-gate";
import { costOfHash, dummyHashLike, hashPassword, isPasswordHash, verifyPassword } from "../../src/auth/passwords";

describe("cadre passwords", () => {
  test("a hash from hash-password accepts its password and nothing else, and never contains it", async () => {
    const hash = await hashPassword("长城-Great-Wall-2026");
    expect(isPasswordHash(hash)).toBe(true);
    expect(hash).not.toContain("Great");
    expect(await verifyPassword(hash, "长城-Great-Wall-2026")).toBe(true);
    expect(await verifyPassword(hash, "长城-Great-Wall-2027")).toBe(false);
    // Two hashes of one password differ (salted), and both work.
    const again = await hashPassword("长城-Great-Wall-2026");
    expect(again).not.toBe(hash);
    expect(await verifyPassword(again, "长城-Great-Wall-2026")).toBe(true);
  });

  test("a plain password from a trial deployment still works; an unknown account never does", async () => {
    expect(await verifyPassword("demo", "demo")).toBe(true);
    expect(await verifyPassword("demo", "Demo")).toBe(false);
    expect(await verifyPassword(undefined, "demo")).toBe(false);
  });

  test("the dummy hash costs what the deployment's hashes cost, and matches nothing", async () => {
    const cheap = "scrypt$1024$8$1$" + "A".repeat(22) + "$" + "B".repeat(43);
    expect(costOfHash(dummyHashLike([cheap, cheap, undefined, "demo"]))).toBe("1024$8$1");
    expect(costOfHash(dummyHashLike(["demo"]))).toBe("32768$8$1");
    expect(await verifyPassword(dummyHashLike([cheap]), "")).toBe(false);
  });
});

/** A verify that counts how many run at once and lets the test decide when each ends. */
function countingVerify() {
  const state = { running: 0, peak: 0, calls: [] as string[], release: [] as (() => void)[] };
  const verify: VerifyHash = async (hash) => {
    state.calls.push(hash);
    state.running += 1;
    state.peak = Math.max(state.peak, state.running);
    await new Promise<void>((resolve) => state.release.push(resolve));
    state.running -= 1;
    return false;
  };
  /** Ends the checks running now, and waits for the queue to hand on the next ones. */
  const releaseAll = async () => {
    for (const r of state.release.splice(0)) r();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { state, verify, releaseAll };
}

describe("the shared cadre sign-in", () => {
  const accounts = [
    { account: "wang", cadreId: "wang", password: "right-horse" },
    { account: "zhao", cadreId: "zhao" },
  ];
  const here = "198.51.100.1";

  test("signs in with the right password and keeps the session for 12 hours", async () => {
    let now = 1_000_000;
    const auth = new CadreAuth(accounts, { now: () => now });
    const result = await auth.signIn("wang", "right-horse", here);
    if (!result.ok) throw new Error("expected to sign in");
    expect(auth.session(result.token)?.cadreId).toBe("wang");
    now += SESSION_TTL_MS - 1;
    expect(auth.session(result.token)).toBeDefined();
    now += 1;
    expect(auth.session(result.token)).toBeUndefined();
  });

  test("a cadre without a password cannot sign in with one, but a link from the bot signs them in", async () => {
    const auth = new CadreAuth(accounts);
    expect(await auth.signIn("zhao", "", here)).toEqual({ ok: false, reason: "wrong" });
    const started = auth.startSessionFor("zhao");
    expect(started && auth.session(started.token)?.cadreId).toBe("zhao");
    expect(auth.startSessionFor("nobody")).toBeUndefined();
  });

  test("signing out ends the session", async () => {
    const auth = new CadreAuth(accounts);
    const result = await auth.signIn("wang", "right-horse", here);
    if (!result.ok) throw new Error("expected to sign in");
    auth.signOut(result.token);
    expect(auth.session(result.token)).toBeUndefined();
  });

  test("12 wrong passwords from one address do not lock the owner out: they sign in from their own address, and the link still works", async () => {
    let now = 1_000_000;
    const auth = new CadreAuth(accounts, { now: () => now });
    const attacker = "203.0.113.66";
    /** One more wrong password from the attacker, as soon as they may; returns how long they had to wait. */
    const guess = async (i: number): Promise<number> => {
      const result = await auth.signIn("wang", `guess-${i}`, attacker);
      if (!result.ok && result.reason === "throttled") {
        now += result.retryAfterMs;
        expect(await auth.signIn("wang", `guess-${i}`, attacker)).toEqual({ ok: false, reason: "wrong" });
        return result.retryAfterMs;
      }
      expect(result).toEqual({ ok: false, reason: "wrong" });
      return 0;
    };
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) waits.push(await guess(i));
    // The first five are free; then the guesser waits longer and longer …
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 16000, 32000, 64000]);
    // … even with the right password, from that address …
    expect(await auth.signIn("wang", "right-horse", attacker)).toMatchObject({ ok: false, reason: "throttled", retryAfterMs: 128000 });
    // … but the owner, from their own address, signs in at once,
    expect((await auth.signIn("wang", "right-horse", "198.51.100.7")).ok).toBe(true);
    // and a link from the bot never asks the throttle.
    expect(auth.startSessionFor("wang")).toBeDefined();
  });

  test("guesses at one account from many addresses slow down new addresses for it, not the owner's usual one", async () => {
    let now = 1_000_000;
    const auth = new CadreAuth(accounts, { now: () => now });
    const office = "198.51.100.20";
    expect((await auth.signIn("wang", "right-horse", office)).ok).toBe(true);
    for (let i = 1; i <= 6; i++) await auth.signIn("wang", `guess-${i}`, `203.0.113.${i}`);
    now += 10;
    expect(await auth.signIn("wang", "right-horse", "203.0.113.99")).toMatchObject({ ok: false, reason: "throttled" });
    expect((await auth.signIn("wang", "right-horse", office)).ok).toBe(true);
  });

  test("24 sign-ins at once with random account names run at most 2 password checks at a time; the rest wait in a short queue or are told to come back", async () => {
    const counter = countingVerify();
    const auth = new CadreAuth(accounts, { verify: counter.verify, gate: new PasswordGate({ concurrency: 2, maxQueued: 8 }) });
    const attempts = Array.from({ length: 24 }, (_, i) => auth.signIn(`random-${Math.random().toString(36).slice(2)}`, "x", `203.0.113.${i + 1}`));
    await new Promise((resolve) => setImmediate(resolve));
    expect(counter.state.running).toBe(2);
    for (let round = 0; round < 10 && counter.state.release.length > 0; round++) await counter.releaseAll();
    const results = await Promise.all(attempts);
    expect(counter.state.peak).toBe(2);
    expect(counter.state.calls).toHaveLength(10);
    const busy = results.filter((r) => !r.ok && r.reason === "busy");
    expect(busy).toHaveLength(14);
    expect(busy[0]).toMatchObject({ retryAfterMs: expect.any(Number) });
    expect(results.filter((r) => !r.ok && r.reason === "wrong")).toHaveLength(10);
  });

  test("one address gets one password check at a time", async () => {
    const counter = countingVerify();
    const auth = new CadreAuth(accounts, { verify: counter.verify });
    const first = auth.signIn("wang", "a", here);
    expect(await auth.signIn("wang", "b", here)).toMatchObject({ ok: false, reason: "busy" });
    await counter.releaseAll();
    await first;
    expect(counter.state.calls).toHaveLength(1);
  });

  test("known, unknown, plain-text and link-only accounts all run the same check against a hash of the same cost", async () => {
    const hashed = await hashPassword("right-horse");
    const seen: { account: string; cost: string | undefined }[] = [];
    let current = "";
    const verify: VerifyHash = (hash, given) => {
      seen.push({ account: current, cost: costOfHash(hash) });
      return verifyPassword(hash, given);
    };
    const auth = new CadreAuth(
      [
        { account: "wang", cadreId: "wang", password: hashed },
        { account: "li", cadreId: "li", password: "plain-text" },
        { account: "zhao", cadreId: "zhao" },
      ],
      { verify, throttle: new LoginThrottle({ freeFailures: 100 }) },
    );
    for (const [account, password] of [["wang", "wrong"], ["wang", "right-horse"], ["nobody", "x"], ["li", "plain-text"], ["zhao", "x"]] as const) {
      current = account;
      await auth.signIn(account, password, here);
    }
    expect(seen.map((s) => s.account)).toEqual(["wang", "wang", "nobody", "li", "zhao"]);
    expect(new Set(seen.map((s) => s.cost))).toEqual(new Set([costOfHash(hashed)]));
  });
});
