import type { DataSource, EntityManager } from "typeorm";

/**
 * What the core holds of the database: a transaction in progress (or the pool, outside one),
 * to hand to the repositories in src/db/repositories/, which own every SQL statement. The core
 * names this type and never TypeORM's; that it is TypeORM's EntityManager underneath is the
 * data layer's business (test/unit/architecture.test.ts keeps TypeORM and SQL inside src/db).
 */
export type Tx = EntityManager;

/** Runs `work` in one transaction: everything it writes commits together or not at all. */
export type Transact = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

export function transactor(dataSource: DataSource): Transact {
  return (work) => dataSource.transaction(work);
}
