import { SESSION_IDLE_MS, SESSION_TTL_MS, type VerifyHash } from "../../src/auth/cadre-auth";
import { PasswordGate } from "../../src/auth/password-gate";
import { costOfHash, dummyHashLike, hashPassword, isPasswordHash, verifyPassword } from "../../src/auth/passwords";
import { memoryCadreAuth, MemorySessionStore } from "../support/memory-auth";

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

  test("signs in with the right password; a session in use lasts 12 hours, not a moment more", async () => {
    let now = 1_000_000;
    const auth = memoryCadreAuth(accounts, { now: () => now });
    const result = await auth.signIn("wang", "right-horse", here);
    if (!result.ok) throw new Error("expected to sign in");
    expect((await auth.session(result.token))?.cadreId).toBe("wang");
    // Used every hour, it never goes idle …
    for (let hour = 1; hour < 12; hour++) {
      now += 60 * 60_000;
      expect((await auth.session(result.token))?.cadreId).toBe("wang");
    }
    now += 60 * 60_000 - 1;
    expect(await auth.session(result.token)).toBeDefined();
    // … and still ends 12 hours after the sign-in.
    now += 1;
    expect(now - 1_000_000).toBe(SESSION_TTL_MS);
    expect(await auth.session(result.token)).toBeUndefined();
  });

  test("a session left unused for 2 hours ends; each use moves that back, writing at most once a minute", async () => {
    let now = 1_000_000;
    const sessions = new MemorySessionStore();
    const auth = memoryCadreAuth(accounts, { now: () => now, sessions });
    const result = await auth.signIn("wang", "right-horse", here);
    if (!result.ok) throw new Error("expected to sign in");
    // A page that asks every second for ten minutes writes its last sight ten times, not 600.
    for (let s = 1; s <= 600; s++) {
      now += 1000;
      expect(await auth.session(result.token)).toBeDefined();
    }
    expect(sessions.touches).toBe(10);
    // Idle from the last use (whose sight was written: a minute since the one before): on until two hours later.
    const lastUse = now;
    now = lastUse + SESSION_IDLE_MS - 1;
    expect(await auth.isLive(result.session.id)).toBe(true);
    now = lastUse + SESSION_IDLE_MS;
    expect(await auth.isLive(result.session.id)).toBe(false);
    expect(await auth.session(result.token)).toBeUndefined();
    // The ended session is gone from the store, not only refused.
    expect(sessions.size).toBe(0);
  });

  test("an open stream's check does not keep a session from going idle", async () => {
    let now = 1_000_000;
    const auth = memoryCadreAuth(accounts, { now: () => now });
    const result = await auth.signIn("wang", "right-horse", here);
    if (!result.ok) throw new Error("expected to sign in");
    for (let beat = 1; beat < SESSION_IDLE_MS / 25_000; beat++) {
      now += 25_000;
      expect(await auth.isLive(result.session.id)).toBe(true);
    }
    now += 25_000;
    expect(await auth.isLive(result.session.id)).toBe(false);
  });

  test("a cadre without a password cannot sign in with one, but a link from the bot signs them in", async () => {
    const auth = memoryCadreAuth(accounts);
    expect(await auth.signIn("zhao", "", here)).toEqual({ ok: false, reason: "wrong" });
    const started = await auth.startSessionFor("zhao");
    expect(started && (await auth.session(started.token))?.cadreId).toBe("zhao");
    expect(await auth.startSessionFor("nobody")).toBeUndefined();
  });

  test("signing out ends the session, and says so to whoever listens (every instance's web chat)", async () => {
    const auth = memoryCadreAuth(accounts);
    const ended: string[] = [];
    await auth.onSessionEnded((id) => ended.push(id));
    const result = await auth.signIn("wang", "right-horse", here);
    if (!result.ok) throw new Error("expected to sign in");
    await auth.signOut(result.token);
    expect(await auth.session(result.token)).toBeUndefined();
    expect(ended).toEqual([result.session.id]);
    // The id names the session without being its token.
    expect(result.session.id).not.toContain(result.token);
  });

  test("12 wrong passwords from one address do not lock the owner out: they sign in from their own address, and the link still works", async () => {
    let now = 1_000_000;
    const auth = memoryCadreAuth(accounts, { now: () => now });
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
    expect(await auth.startSessionFor("wang")).toBeDefined();
  });

  test("guesses at one account from many addresses slow down new addresses for it, not the owner's usual one", async () => {
    let now = 1_000_000;
    const auth = memoryCadreAuth(accounts, { now: () => now });
    const office = "198.51.100.20";
    expect((await auth.signIn("wang", "right-horse", office)).ok).toBe(true);
    for (let i = 1; i <= 6; i++) await auth.signIn("wang", `guess-${i}`, `203.0.113.${i}`);
    now += 10;
    expect(await auth.signIn("wang", "right-horse", "203.0.113.99")).toMatchObject({ ok: false, reason: "throttled" });
    expect((await auth.signIn("wang", "right-horse", office)).ok).toBe(true);
  });

  test("24 sign-ins at once with random account names run at most 2 password checks at a time; the rest wait in a short queue or are told to come back", async () => {
    const counter = countingVerify();
    const auth = memoryCadreAuth(accounts, { verify: counter.verify, gate: new PasswordGate({ concurrency: 2, maxQueued: 8 }) });
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
    const auth = memoryCadreAuth(accounts, { verify: counter.verify });
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
    const auth = memoryCadreAuth(
      [
        { account: "wang", cadreId: "wang", password: hashed },
        { account: "li", cadreId: "li", password: "plain-text" },
        { account: "zhao", cadreId: "zhao" },
      ],
      { verify, throttle: { freeFailures: 100 } },
    );
    for (const [account, password] of [["wang", "wrong"], ["wang", "right-horse"], ["nobody", "x"], ["li", "plain-text"], ["zhao", "x"]] as const) {
      current = account;
      await auth.signIn(account, password, here);
    }
    expect(seen.map((s) => s.account)).toEqual(["wang", "wang", "nobody", "li", "zhao"]);
    expect(new Set(seen.map((s) => s.cost))).toEqual(new Set([costOfHash(hashed)]));
  });
});
