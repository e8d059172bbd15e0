import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The outbox's claims no longer walk the dead entries of its pending index again and again
 * (issue 13). The walk itself became plain index scans (see claimRuns in
 * src/db/repositories/outbox-repository.ts), which mark a dead entry once, for all later claims;
 * this migration makes fewer dead entries and clears them sooner:
 * - `IDX_outbox_due` goes: no statement reads by it (the claims find each chat's head through
 *   the pending index and check its due time there), yet every queued row, every retry and every
 *   row sent left an entry in it, and a retry (a new next_attempt_at) could never be a HOT update.
 * - fillfactor 80: room on each page, so a claim or a retry (locked_until, attempts, claimed_by,
 *   next_attempt_at: no indexed column) is a HOT update, leaving no dead entry in any index.
 * - autovacuum at 2 % of the rows changed rather than 20 %: the table only grows (sent messages
 *   are kept, their ids map replies to cases), so at a million rows the default waited for
 *   200,000 dead versions before clearing the index.
 */
export class OutboxClaimsWithoutDeadWalks1764910000000 implements MigrationInterface {
  name = "OutboxClaimsWithoutDeadWalks1764910000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_outbox_due"`);
    await q.query(`ALTER TABLE "outbox" SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox" RESET (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`);
    await q.query(`CREATE INDEX "IDX_outbox_due" ON "outbox" ("next_attempt_at") WHERE "status" = 'pending'`);
  }
}
