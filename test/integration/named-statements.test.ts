import type { Pool } from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { findConversation, saveConversation } from "../../src/db/repositories/conversation-repository";
import { findOrRegister } from "../../src/db/repositories/resident-repository";
import { transactor } from "../../src/db/tx";
import { emptyDraft } from "../../src/intake/draft";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";

/**
 * The hot paths' named (prepared) statements (src/db/repositories/named.ts) keep working when the
 * pool replaces a connection: on PostgreSQL a new connection has prepared nothing, and on the
 * embedded database, whose one session outlives its connections, the new one forgets what the old
 * one prepared, so preparing it again does not fail.
 */
describe.each(backends)("named statements on the %s database", (backend) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = await openDatabase(database.settings);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const fields = { channel: "web" as const, accountId: `named-${backend}`, displayName: null, locale: "zh-Hans" as const };

  /** Closes every connection the pool holds, as an idle timeout or a cut connection does. */
  async function replaceConnections(): Promise<void> {
    const pool = (db.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    const ended = new Promise((resolve) => client.once("end", resolve));
    client.release(true);
    await ended;
  }

  test("a statement prepared on a connection the pool has closed runs again on the next one", async () => {
    const transact = transactor(db.dataSource);
    const first = await transact((tx) => findOrRegister(tx, fields));
    expect(first.isNew).toBe(true);
    await transact((tx) => saveConversation(tx, first.resident.id, { step: "confirm", draft: emptyDraft() }, new Date()));
    await replaceConnections();
    const again = await transact((tx) => findOrRegister(tx, fields));
    expect(again).toEqual({ resident: first.resident, isNew: false });
    expect((await transact((tx) => findConversation(tx, first.resident.id)))?.step).toBe("confirm");
    // Outside a transaction (the pool's manager) the same statements are sent unnamed.
    expect((await findConversation(db.dataSource.manager, first.resident.id))?.step).toBe("confirm");
  });
});
