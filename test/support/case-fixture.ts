import type { EntityManager } from "typeorm";
import type { CaseState } from "../../src/cases/state-machine";
import { rebuildFinalCaseStats } from "../../src/db/repositories/final-case-stats-repository";

/** A case as a test wants it, at given times; hours are counted from `created`. */
export interface FixtureCase {
  number: string;
  department: string;
  category: string;
  community: string | null;
  text: string;
  state: CaseState;
  /** ISO time with its zone, e.g. "2026-01-10T10:00:00+08:00". */
  created: string;
  /** The deadline to accept and to answer first (no finish deadline: fixtures judge first answers). */
  dueHours: number;
  acceptedHours?: number;
  answeredHours?: number;
  resolvedHours?: number;
  closedHours?: number;
  rating?: number;
  urgent?: boolean;
  cadre?: string;
  channel?: string;
  chatId?: string;
}

const at = (created: string, hours: number | undefined) => (hours === undefined ? null : new Date(Date.parse(created) + hours * 3_600_000));

/**
 * Writes cases straight into the table, so statistics can be checked against answers worked out by hand.
 * Written past CaseService, they are missing from the statistics of final cases, which are made
 * again afterwards, as a start with a changed zone or changed definitions makes them (for the
 * demo's zone, the tests' deployment's).
 * Their resident is 0, whom no real resident can be (ids count from 1): a resident who writes in a
 * test must not find these among their own open cases, as a repeat of the same matter.
 */
export async function insertCases(db: EntityManager, cases: readonly FixtureCase[], timeZone = "Asia/Shanghai"): Promise<void> {
  for (const c of cases) {
    const created = new Date(c.created);
    await db.query(
      `INSERT INTO cases (number, resident_id, channel, chat_id, text, photos, location, category_id, community_id, urgent, department_id, cadre_id,
         state, rating, created_at, accept_due_at, answer_due_at, accepted_at, first_answer_at, resolved_at, closed_at, updated_at)
       VALUES ($1, 0, $2, $3, $4, '[]', NULL, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16, $17, $12)`,
      [
        c.number, c.channel ?? "web", c.chatId ?? "r-fixture", c.text, c.category, c.community, c.urgent ?? false, c.department, c.cadre ?? "wang",
        c.state, c.rating ?? null, created, at(c.created, c.dueHours), at(c.created, c.acceptedHours), at(c.created, c.answeredHours),
        at(c.created, c.resolvedHours), at(c.created, c.closedHours),
      ],
    );
  }
  await db.transaction((tx) => rebuildFinalCaseStats(tx, timeZone, { ifStale: false }));
}
