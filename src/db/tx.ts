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

/** What runs after each transaction `transactor` runs has committed (see afterCommit). */
const commitHooks = new WeakMap<Tx, (() => void)[]>();

export function transactor(dataSource: DataSource | TxSource): Transact {
  return async (work) => {
    const hooks: (() => void)[] = [];
    const result = await dataSource.transaction(async (tx) => {
      commitHooks.set(tx, hooks);
      try {
        return await work(tx);
      } finally {
        commitHooks.delete(tx);
      }
    });
    for (const hook of hooks) {
      // Committed is committed: a hook that throws must not make the caller take the change for failed.
      try {
        hook();
      } catch {
        // What a hook hands over is recovered without it (the outbox: by its claims' lease and dead-owner takeover).
      }
    }
    return result;
  };
}

/**
 * Runs `hook` once the transaction `tx` has committed, if it is one that `transactor` runs and
 * it is still open; returns whether it will. A transaction that fails (its work, or its COMMIT)
 * runs none of its hooks. What a hook does must not throw: it runs after the caller's work is
 * done, and nobody would hear of it.
 */
export function afterCommit(tx: Tx, hook: () => void): boolean {
  const hooks = commitHooks.get(tx);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}

/**
 * The database a transaction (or the pool) belongs to, as an opaque key: what the outbox
 * registers its sender under, so two services on two databases in one process (the tests) keep
 * theirs apart.
 */
export function databaseOf(tx: Tx): object {
  return tx.dataSource;
}
