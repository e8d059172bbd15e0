import { Client } from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { notifyChannels } from "../../src/db/notifications";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { waitUntil } from "../support/wait-until";

describe.each(backends)("notifications between instances, on the %s database", (backend) => {
  let testDb: TestDatabase;
  let a: Database;
  let b: Database | undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    a = await openDatabase(testDb.settings);
    // The embedded database serves one process: there is no second instance to tell.
    if (backend === "postgres") b = await openDatabase(testDb.settings);
  });

  afterAll(async () => {
    await b?.close();
    await a.close();
    await testDb.drop();
  });

  // On the embedded database a rolled-back transaction's notification is heard too (LocalNotifications):
  // harmless, as a listener reads what changed from the table and finds nothing new.
  it("a notification sent in a transaction reaches every listener when it commits (on PostgreSQL never when it rolls back)", async () => {
    const heard: string[] = [];
    const listeners = [a, ...(b ? [b] : [])];
    const stops = await Promise.all(listeners.map((db, i) => db.notifications.listen(notifyChannels.webChat, (p) => heard.push(`${i}:${p}`))));

    await a.dataSource
      .transaction(async (tx) => {
        await a.notifications.notify(tx, notifyChannels.webChat, "rolled back");
        throw new Error("undo");
      })
      .catch(() => {});
    await a.dataSource.transaction(async (tx) => {
      await a.notifications.notify(tx, notifyChannels.webChat, "committed");
      // Not before the commit: nobody has heard yet.
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (backend === "postgres") expect(heard).toEqual([]);
    });

    const committed = () => heard.filter((h) => h.endsWith(":committed"));
    await waitUntil(() => committed().length === listeners.length, 3000, () => JSON.stringify(heard));
    expect(committed().sort()).toEqual(listeners.map((_, i) => `${i}:committed`));
    if (backend === "postgres") expect(heard.filter((h) => h.endsWith(":rolled back"))).toEqual([]);
    for (const stop of stops) stop();
  });

  if (backend === "postgres") {
    it("a listener whose connection was cut hears again after it reconnects, and is told it may have missed some", async () => {
      const heard: string[] = [];
      let reconnects = 0;
      b!.notifications.onReconnect(() => (reconnects += 1));
      await b!.notifications.listen(notifyChannels.sessionEnded, (p) => heard.push(p));

      // An operator (or a failover) ends the listening connection.
      const admin = new Client({ connectionString: (testDb.settings as { url: string }).url });
      await admin.connect();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
      await admin.end();

      await waitUntil(() => reconnects === 1, 10_000, () => "a reconnect");
      await a.notifications.notify(a.dataSource.manager, notifyChannels.sessionEnded, "after");
      await waitUntil(() => heard.includes("after"), 3000, () => JSON.stringify(heard));
    });
  }
});
