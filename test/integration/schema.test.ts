import { openDatabase } from "../../src/db/database";
import { backends, createTestDatabase } from "../support/databases";

describe.each(backends)("the schema on the %s database", (backend) => {
  test("the migrations create exactly what the entities describe, and can be undone", async () => {
    const testDb = await createTestDatabase(backend);
    const db = await openDatabase(testDb.settings);
    try {
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      await db.dataSource.undoLastMigration();
      const tables: { n: string }[] = await db.dataSource.query(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(Number(tables[0]!.n)).toBe(0);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
