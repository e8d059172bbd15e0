import { writeFileSync } from "node:fs";
import { openDatabase } from "../../src/db/database";
import { backends, createTestDatabase } from "../support/databases";

describe.each(backends)("the schema on the %s database", (backend) => {
  test("the migrations create exactly what the entities describe, and can be undone", async () => {
    const testDb = await createTestDatabase(backend);
    const db = await openDatabase(testDb.settings);
    try {
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      for (let i = 0; i < db.dataSource.migrations.length; i++) await db.dataSource.undoLastMigration();
      const tables: { n: string }[] = await db.dataSource.query(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(Number(tables[0]!.n)).toBe(0);
      const functions: { n: string }[] = await db.dataSource.query(`SELECT count(*) AS n FROM pg_proc WHERE proname LIKE 'minqing_%'`);
      expect(Number(functions[0]!.n)).toBe(0);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe("the embedded database's data directory", () => {
  test("cannot be opened by a second process while the first has it", async () => {
    const testDb = await createTestDatabase("embedded");
    const db = await openDatabase(testDb.settings);
    try {
      if (testDb.settings.kind !== "embedded") throw new Error("expected embedded");
      // Pretend another live process (our parent, e.g. jest) holds it.
      writeFileSync(`${testDb.settings.dataDir}.lock`, String(process.ppid));
      await expect(openDatabase(testDb.settings)).rejects.toThrow(/already open in another Minqing process/);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe.each(backends)("the timeline on the %s database", (backend) => {
  test("is append-only: an event cannot be changed or deleted", async () => {
    const testDb = await createTestDatabase(backend);
    const db = await openDatabase(testDb.settings);
    try {
      await db.dataSource.query(
        `INSERT INTO case_events (case_id, at, type, actor_kind, public, body) VALUES (1, now(), 'note', 'cadre', false, 'original')`,
      );
      await expect(db.dataSource.query(`UPDATE case_events SET body = 'rewritten'`)).rejects.toThrow(/append-only/);
      await expect(db.dataSource.query(`DELETE FROM case_events`)).rejects.toThrow(/append-only/);
      const rows: { body: string }[] = await db.dataSource.query(`SELECT body FROM case_events`);
      expect(rows).toEqual([{ body: "original" }]);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
