import type { Tx } from "../db/tx";
import type { CaseRecord } from "./case-record";

/** What the workspaces hear of a committed change: enough to decide who cares, never the case's words. */
export interface CaseChange {
  number: string;
  departmentId: string;
  /** The department it left, for a transfer: its inboxes drop the row. */
  fromDepartmentId?: string;
  urgent: boolean;
  state: CaseRecord["state"];
  /** The timeline event's type ("created", "accept", "reply" …). */
  event: string;
  /** A report's accused department and cadre (信访工作条例 Art. 30): their workspaces never hear of it. */
  accusedDepartmentId?: string;
  accusedCadreId?: string;
}

/** The accused of a report as a change carries them; nothing for an ordinary case. */
export function accusedOf(c: CaseRecord): Pick<CaseChange, "accusedDepartmentId" | "accusedCadreId"> {
  return {
    ...(c.accusedDepartmentId === null ? {} : { accusedDepartmentId: c.accusedDepartmentId }),
    ...(c.accusedCadreId === null ? {} : { accusedCadreId: c.accusedCadreId }),
  };
}

/**
 * Told of every case filed or changed, in the transaction that does it (so only a committed
 * change is heard). A hint for live pages, never the record: they read the case again.
 */
export interface CaseChanges {
  changed(tx: Tx, change: CaseChange): Promise<void>;
  /** `changed` for several changes in one statement (the cases a batch of residents' messages filed). */
  changedEach(tx: Tx, changes: readonly CaseChange[]): Promise<void>;
}
