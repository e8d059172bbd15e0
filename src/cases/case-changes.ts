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
