import { CadreAuth } from "../../src/auth/cadre-auth";
import { DatabaseLoginAttempts } from "../../src/auth/database-login-attempts";
import { DatabaseSessionStore } from "../../src/auth/database-session-store";
import { LoginThrottle } from "../../src/auth/login-throttle";
import { openDatabase, type Database } from "../../src/db/database";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";

/**
 * The login throttle as the service runs it, on the database's counts: the same answers as the
 * logic's unit tests (test/unit/cadre-auth.test.ts, on counts in memory), and nothing typed kept
 * in the clear.
 */
describe.each(backends)("the login throttle on the %s database", (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let now = Date.UTC(2026, 10, 23);
  const accounts = [{ account: "wang", cadreId: "wang", password: "right-horse" }];
  /** A sign-in as an instance of the service has it; each call is another instance on the same database. */
  const instance = () =>
    new CadreAuth(accounts, {
      now: () => now,
      sessions: new DatabaseSessionStore(db.dataSource.manager, db.notifications),
      throttle: new LoginThrottle(new DatabaseLoginAttempts(db.dataSource.manager), { now: () => now }),
    });

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    db = await openDatabase(testDb.settings);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  test("wrong passwords from one address wait longer and longer, whichever instance they reach; the owner signs in from their own", async () => {
    const attacker = "203.0.113.66";
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await instance().signIn("wang", `guess-${i}`, attacker);
      if (!result.ok && result.reason === "throttled") {
        waits.push(result.retryAfterMs);
        now += result.retryAfterMs;
        expect(await instance().signIn("wang", `guess-${i}`, attacker)).toEqual({ ok: false, reason: "wrong" });
      } else {
        expect(result).toEqual({ ok: false, reason: "wrong" });
        waits.push(0);
      }
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 16000, 32000, 64000]);
    expect(await instance().signIn("wang", "right-horse", attacker)).toMatchObject({ ok: false, reason: "throttled", retryAfterMs: 128000 });
    expect((await instance().signIn("wang", "right-horse", "198.51.100.7")).ok).toBe(true);
    // The guessed names are kept only as hashes.
    const stored = JSON.stringify(await db.dataSource.query(`SELECT * FROM login_failures`));
    expect(stored).not.toContain("wang");
  });

  test("guesses at one account from many addresses slow down new addresses for it, not the owner's usual one", async () => {
    now += 24 * 60 * 60_000;
    const office = "198.51.100.20";
    expect((await instance().signIn("wang", "right-horse", office)).ok).toBe(true);
    for (let i = 1; i <= 6; i++) await instance().signIn("wang", `guess-${i}`, `203.0.114.${i}`);
    now += 10;
    expect(await instance().signIn("wang", "right-horse", "203.0.114.99")).toMatchObject({ ok: false, reason: "throttled" });
    expect((await instance().signIn("wang", "right-horse", office)).ok).toBe(true);
  });
});
