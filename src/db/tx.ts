import type { DataSource, EntityManager } from "typeorm";

/**
 * What the core holds of the database: a transaction in progress (or the pool, outside one),
 * to hand to the repositories in src/db/repositories/, which own every SQL statement. The core
 * names this type and never TypeORM's; that it is TypeORM's EntityManager underneath is the
 * data layer's business (test/unit/architecture.test.ts keeps TypeORM and SQL inside src/db).
 */
export type Tx = EntityManager;

/**
 * Anything that runs a statement: a transaction (`Tx`), or the pool outside one (a DataSource).
 * What the read-only repositories take, so a caller that holds no transaction need not open one.
 */
export type Queryable = Pick<Tx, "query">;

/** Runs `work` in one transaction: everything it writes commits together or not at all. */
export type Transact = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * What runs statements outside a transaction (its `manager`, the pool) and starts transactions:
 * a TypeORM DataSource fits it, so the core can be handed one without naming TypeORM.
 */
export interface TxSource {
  readonly manager: Tx;
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

export function transactor(dataSource: DataSource | TxSource): Transact {
  return (work) => dataSource.transaction(work);
}
