import { writeFileSync } from "node:fs";
import { migrations } from "../../migrations";
import { openDatabase } from "../../src/db/database";
import { backends, createTestDatabase } from "../support/databases";

describe.each(backends)("the schema on the %s database", (backend) => {
  test("the migrations create exactly what the entities describe, and can be undone", async () => {
    const testDb = await createTestDatabase(backend);
    const db = await openDatabase(testDb.settings);
    try {
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      for (let i = 0; i < migrations.length; i++) await db.dataSource.undoLastMigration();
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
