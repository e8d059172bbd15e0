import { notifyChannels, type Notifications } from "../db/notifications";
import type { Tx } from "../db/tx";
import type { CaseState } from "../vocabulary/case-states";
import type { CaseRecord } from "./case-record";

/**
 * What every instance hears when a case is filed or changes: a hint for the live pages (the
 * dashboard refetches what it shows), never the record. The departments are the ones that may
 * see it, both of them for a transfer, so a handler's page hears only of its department's cases.
 */
export interface CaseChangeHint {
  number: string;
  state: CaseState;
  departments: string[];
}

/** Told by CaseService of every filing and change, inside its transaction. */
export interface CaseChanges {
  changed(tx: Tx, c: Pick<CaseRecord, "number" | "state">, departments: string[]): Promise<void>;
}

/** Announces changes on the database's notifications: sent when, and only if, the transaction commits. */
export function caseChangesOver(notifications: Notifications): CaseChanges {
  return {
    async changed(tx, c, departments) {
      const hint: CaseChangeHint = { number: c.number, state: c.state, departments };
      await notifications.notify(tx, notifyChannels.caseChanged, JSON.stringify(hint));
    },
  };
}

/** A hint as heard; anything else (an older or newer instance's shape) is dropped. */
export function parseCaseChangeHint(payload: string): CaseChangeHint | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== "object" || value === null) return undefined;
    const { number, state, departments } = value as Record<string, unknown>;
    if (typeof number !== "string" || typeof state !== "string" || !Array.isArray(departments)) return undefined;
    if (!departments.every((d): d is string => typeof d === "string")) return undefined;
    return { number, state: state as CaseState, departments };
  } catch {
    return undefined;
  }
}
