import { openDatabase, type Database } from "../../src/db/database";
import { databaseRateLimiters, DatabaseRateLimiter, rateLimiterIn } from "../../src/limits/database-rate-limiter";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";

const at = (ms: number) => new Date(Date.UTC(2026, 10, 23) + ms);

/** The rate limiter the service counts with: in PostgreSQL, shared by every instance on the database. */
describe.each(backends)("the database's rate limiter on the %s database", (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let other: Database | undefined;
  let n = 0;
  /** A limiter of its own per test, so tests do not share counts. */
  const limiter = (limit: number, windowMs: number, on: Database = db) => new DatabaseRateLimiter(on.dataSource.manager, `test.${++n}`, limit, windowMs);
  const rows = async (): Promise<{ limiter: string; key: string }[]> => db.dataSource.query(`SELECT limiter, key FROM rate_limit_counts ORDER BY limiter, key`);

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    db = await openDatabase(testDb.settings);
    // A second instance: its own pool on the same database.
    if (backend === "postgres") other = await openDatabase(testDb.settings);
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await db?.close();
    await testDb?.drop();
  });

  test("allows `limit` per sliding window, exactly, and says when the next one fits", async () => {
    const l = limiter(3, 60_000);
    for (const ms of [0, 10_000, 20_000]) expect(await l.take("a", at(ms))).toEqual({ ok: true });
    expect(await l.take("a", at(30_000))).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(await l.take("b", at(30_000))).toEqual({ ok: true });
    // The oldest leaves the window at 60 s: one more fits, not three (no burst at a window's edge).
    expect(await l.take("a", at(60_000))).toEqual({ ok: true });
    expect(await l.take("a", at(60_001))).toEqual({ ok: false, retryAfterMs: 9_999 });
    // Takes at the same instant (a frozen clock, a burst) are each counted.
    const burst = limiter(5, 60_000);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push((await burst.take("a", at(0))).ok);
    expect(answers).toEqual([true, true, true, true, true, false, false, false]);
  });

  test("a refused take counts nothing, and giveBack un-counts one take", async () => {
    const l = limiter(1, 60_000);
    expect((await l.take("a", at(0))).ok).toBe(true);
    for (let i = 1; i < 5; i++) expect((await l.take("a", at(i))).ok).toBe(false);
    await l.giveBack("a", at(0));
    expect((await l.take("a", at(5))).ok).toBe(true);
    // Giving back what was never taken changes nothing.
    await l.giveBack("a", at(4));
    expect((await l.take("a", at(6))).ok).toBe(false);
  });

  test("a take inside a transaction counts only if the transaction commits", async () => {
    const name = `test.${++n}`;
    await db.dataSource
      .transaction(async (tx) => {
        for (let i = 0; i < 3; i++) expect((await rateLimiterIn(tx, name, 3, 60_000).take("s", at(0))).ok).toBe(true);
        throw new Error("roll back");
      })
      .catch(() => {});
    const pool = new DatabaseRateLimiter(db.dataSource.manager, name, 3, 60_000);
    for (let i = 0; i < 3; i++) expect((await pool.take("s", at(1))).ok).toBe(true);
    expect((await pool.take("s", at(1))).ok).toBe(false);
  });

  if (backend === "postgres") {
    test("two instances taking at once for one key let in `limit` together, not each", async () => {
      const name = `test.${++n}`;
      const [mine, theirs] = [db, other!].map((d) => new DatabaseRateLimiter(d.dataSource.manager, name, 10, 60_000));
      const takes = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? mine! : theirs!).take("shared", at(i)));
      const admitted = (await Promise.all(takes)).filter((d) => d.ok).length;
      expect(admitted).toBe(10);
    });
  }

  test("rows whose window has passed are swept now and then by the ordinary takes", async () => {
    const make = databaseRateLimiters(db.dataSource.manager);
    const l = make(`test.sweep.${backend}`, 2, 60_000);
    await l.take("quiet", at(0));
    expect((await rows()).some((r) => r.key === "quiet")).toBe(true);
    // Ten minutes on, a take for someone else sweeps the quiet key's row, and only rows whose window passed.
    await l.take("busy", at(10 * 60_000));
    const left = (await rows()).filter((r) => r.limiter === `test.sweep.${backend}`).map((r) => r.key);
    expect(left).toEqual(["busy"]);
  });
});
