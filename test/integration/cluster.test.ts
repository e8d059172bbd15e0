import { Instance } from "../../src/cluster/instance";
import { openDatabase, type Database } from "../../src/db/database";
import { silentLogger } from "../../src/log";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { waitUntil } from "../support/wait-until";

/**
 * Instances on one database and the leases they hold: one holder at a time, handed over when it
 * stops (at once) or dies (once its heartbeat is stale), and a holder that stalls lets go before
 * another can take over.
 */
describe.each(backends)("instances and leases on the %s database", (backend) => {
  // Short, so a death takes a second to notice rather than five (and long enough for a slow statement on a busy machine).
  const cluster = { heartbeatMs: 100, deadAfterMs: 1000 };
  let testDb: TestDatabase;
  let db: Database;
  const running: Instance[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    db = await openDatabase(testDb.settings);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  afterEach(async () => {
    for (const i of running.splice(0)) await i.stop();
    await db.dataSource.query(`DELETE FROM leases`);
    await db.dataSource.query(`DELETE FROM instances`);
  });

  /** An instance that wants the "telegram" lease, started. */
  async function started(): Promise<Instance> {
    const i = new Instance(db.dataSource, silentLogger(), cluster);
    i.lease("telegram");
    running.push(i);
    await i.start();
    return i;
  }

  test("of two instances one holds the lease; the other takes it once the holder is dead, and the holder had let go before", async () => {
    const a = await started();
    const b = await started();
    const [leaseA, leaseB] = [a.lease("telegram"), b.lease("telegram")];
    expect([leaseA.held(), leaseB.held()]).toEqual([true, false]);
    let lostAt = 0;
    leaseA.onLost(() => (lostAt = Date.now()));
    // Some heartbeats later nothing changed: a live holder keeps it.
    await new Promise((resolve) => setTimeout(resolve, 3 * cluster.heartbeatMs));
    expect([leaseA.held(), leaseB.held()]).toEqual([true, false]);

    a.halt(); // a's heartbeats stop: a crash, for the others
    const diedAt = Date.now();
    expect(leaseA.held()).toBe(false);
    expect(lostAt).toBeGreaterThanOrEqual(diedAt);
    expect(await leaseB.whenHeld(AbortSignal.timeout(5000))).toBe(true);
    const tookMs = Date.now() - diedAt;
    // Not before a's last heartbeat (at most one heartbeat before the halt) was deadAfterMs old.
    expect(tookMs).toBeGreaterThanOrEqual(cluster.deadAfterMs - 2 * cluster.heartbeatMs);
    expect(tookMs).toBeLessThan(cluster.deadAfterMs + 3 * cluster.heartbeatMs);
  });

  test("a holder whose heartbeats stop getting through lets go before the others may take over, and finds the lease taken when they get through again", async () => {
    const a = await started();
    const b = await started();
    const [leaseA, leaseB] = [a.lease("telegram"), b.lease("telegram")];
    const losses: boolean[] = [];
    leaseA.onLost((certain) => losses.push(certain));
    // The database refuses a's heartbeats (a partition between a and the database, a stall).
    await db.dataSource.query(`CREATE FUNCTION minqing_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.id = '${a.id}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await db.dataSource.query(`CREATE TRIGGER refuse BEFORE UPDATE ON instances FOR EACH ROW EXECUTE FUNCTION minqing_test_refuse()`);
    try {
      await waitUntil(() => losses.length > 0, 2000, () => "the holder to let go");
      expect(losses).toEqual([false]); // it cannot know yet whether another took it
      // Let go while the others still see it alive: nobody polled twice.
      expect(leaseB.held()).toBe(false);
      expect(leaseA.held()).toBe(false);
      await waitUntil(() => leaseB.held(), 3000, () => "b to take the lease once a looks dead");
    } finally {
      await db.dataSource.query(`DROP TRIGGER refuse ON instances`);
      await db.dataSource.query(`DROP FUNCTION minqing_test_refuse()`);
    }
    // a's heartbeats get through again: b is alive and holds it, a learns so and stands by.
    await waitUntil(() => losses.length === 2, 2000, () => "a to learn that b holds it");
    expect(losses).toEqual([false, true]);
    expect(a.fresh()).toBe(true);
    expect([leaseA.held(), leaseB.held()]).toEqual([false, true]);
  });

  test("a graceful stop hands the lease over at the next heartbeat, and what the holder published is not the new holder's", async () => {
    const a = await started();
    const b = await started();
    await a.lease("telegram").publish({ page: "a's" });
    expect(await b.lease("telegram").read()).toEqual({ page: "a's" });
    await b.lease("telegram").publish({ page: "b's" }); // not the holder: nothing is written
    expect(await a.lease("telegram").read()).toEqual({ page: "a's" });

    const stoppedAt = Date.now();
    await a.stop();
    running.splice(running.indexOf(a), 1);
    expect(await b.lease("telegram").read()).toBeUndefined(); // nobody holds it
    expect(await b.lease("telegram").whenHeld(AbortSignal.timeout(3000))).toBe(true);
    expect(Date.now() - stoppedAt).toBeLessThan(cluster.deadAfterMs);
    expect(await b.lease("telegram").read()).toBeUndefined();
  });
});
