import { openCaseOwners } from "../db/repositories/case-repository";
import type { Transact, Tx } from "../db/tx";
import type { Logger } from "../log";
import type { Directory } from "../config/directory";
import type { CaseService } from "./case-service";

/**
 * At start: open cases whose responsible cadre the deployment file no longer lists in the case's
 * department (removed, moved to another, or marked `active: false`) go to the department's cadre
 * for the case's community, else its first handler, through CaseService ("reassign": a timeline
 * event by the system, a notice in the department's group). Otherwise nobody would be reminded of
 * them and the cards would mention someone who is gone.
 *
 * Several instances may start at once: each case is taken with FOR UPDATE and CaseService refuses
 * to reassign a case whose cadre is in place, so the second instance finds nothing left to do.
 * Returns how many cases were reassigned.
 */
export async function reassignDepartedCadres(db: { pool: Tx; transact: Transact }, directory: Directory, cases: CaseService, logger: Logger): Promise<number> {
  const open = await openCaseOwners(db.pool);
  const orphaned = open.filter((c) => !directory.isCadreOf(c.departmentId, c.cadreId));
  if (orphaned.length === 0) return 0;

  const departments = new Set(directory.departments.map((d) => d.id));
  /** Per cadre who left (and the department they left): the cases handed over. */
  const handedOver = new Map<string, { cadre: string; department: string; cases: string[]; to: Set<string> }>();
  for (const candidate of orphaned) {
    if (!departments.has(candidate.departmentId)) {
      // Nobody of the department is left to take it; a cadre can still /transfer it from the dashboard's ledger.
      logger.warn("an open case's department is no longer in the deployment file; its case cannot be reassigned", { case: candidate.number, department: candidate.departmentId, cadre: candidate.cadreId });
      continue;
    }
    const done = await db.transact(async (tx) => {
      const result = await cases.apply(tx, { id: candidate.id }, { type: "reassign" }, { kind: "system" });
      if (!result.ok) return null;
      return { from: candidate.cadreId, to: result.case.cadreId, department: result.case.departmentId };
    });
    if (!done) continue; // another instance got there first, or the case closed meanwhile
    const key = `${done.department}/${done.from}`;
    const entry = handedOver.get(key) ?? { cadre: done.from, department: done.department, cases: [], to: new Set<string>() };
    entry.cases.push(candidate.number);
    entry.to.add(done.to);
    handedOver.set(key, entry);
  }

  let count = 0;
  for (const { cadre, department, cases: numbers, to } of handedOver.values()) {
    count += numbers.length;
    logger.warn(
      `cadre "${cadre}" is ${whyDeparted(directory, cadre, department)}: ${numbers.length} open case(s) reassigned`,
      { cadre, department, count: numbers.length, to: [...to], cases: numbers.slice(0, 20) },
    );
  }
  return count;
}

function whyDeparted(directory: Directory, cadreId: string, department: string): string {
  const cadre = directory.findCadre(cadreId);
  if (cadre === undefined) return "no longer in the deployment file";
  if (cadre.department !== department) return `no longer in department "${department}"`;
  return "marked active: false";
}
