import { insertFilings, MATTER_CANDIDATES, type Filing, type Matter, type MatterCandidate } from "../db/repositories/filing-repository";
import type { Tx } from "../db/tx";
import type { CaseChange, CaseChanges } from "./case-changes";
import { isOpen } from "./state-machine";

/**
 * Where a filed case is written (issue 13). Alone, at once. Inside `withHeldFilings` (a batch of
 * residents' messages), with the batch's other filings when its work is done: the cases, their
 * events and reminders in one statement, and the live pages told of them in one more. What a
 * filing decides does not change with it: its number and ids are taken when it is filed, so the
 * rows are the same either way.
 */

interface Held {
  filings: Filing[];
  /** The live pages' hints, by whom they go to (there is one CaseChanges per service). */
  changes: Map<CaseChanges, CaseChange[]>;
}

const held = new WeakMap<Tx, Held>();

/** Writes the filing now, or holds it for the end of the batch; `changes` hear of it once it is written. */
export async function writeFiling(tx: Tx, filing: Filing, changes: CaseChanges | undefined, change: CaseChange): Promise<void> {
  const holding = held.get(tx);
  if (!holding) {
    await insertFilings(tx, [filing]);
    await changes?.changed(tx, change);
    return;
  }
  holding.filings.push(filing);
  if (changes) holding.changes.set(changes, [...(holding.changes.get(changes) ?? []), change]);
}

/**
 * The open cases that may be the same matter: those reserveFiling read from the table (`stored`)
 * and those this transaction filed and holds, chosen, ordered and cut as reserve_filing's query
 * does, so a case filed later in a batch compares itself with the batch's earlier ones as it
 * would filed alone after them (the same matter reported twice at once). Nothing is merged into
 * a held case yet: only its own resident is on it.
 */
export function candidatesOfMatter(tx: Tx, matter: Matter, stored: readonly MatterCandidate[]): MatterCandidate[] {
  const mine = (held.get(tx)?.filings ?? [])
    .map((f) => f.c)
    .filter((c) => c.categoryId === matter.categoryId && c.communityId === matter.communityId && c.createdAt >= matter.since && isOpen(c.state) && c.residentId !== matter.otherThan);
  if (mine.length === 0) return [...stored];
  return [...stored, ...mine.map((c) => ({ ...c, residentsOn: [] }))]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id)
    .slice(0, MATTER_CANDIDATES);
}

/**
 * Runs `work` in the transaction `tx`, holding the cases it files and writing them at the end,
 * still inside the transaction (before the outbox rows that name them: run it inside `withOutbox`).
 */
export async function withHeldFilings<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const holding: Held = { filings: [], changes: new Map() };
  held.set(tx, holding);
  try {
    const result = await work();
    held.delete(tx);
    await insertFilings(tx, holding.filings);
    for (const [changes, list] of holding.changes) await changes.changedEach(tx, list);
    return result;
  } finally {
    held.delete(tx);
  }
}
