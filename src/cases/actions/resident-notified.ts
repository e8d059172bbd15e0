import { caseStates } from "../state-machine";
import type { ActionSpec } from "./spec";

/**
 * The reminder sweep told the resident "still being handled": their next such message counts from
 * now. No timeline event: nothing about the case changed (the README's rule is for state changes),
 * and one event per nudge would bury the timeline the resident and the cadres read under
 * bookkeeping; the message itself is in the outbox, tied to the case.
 */
export const residentNotified: ActionSpec<"resident_notified"> = {
  from: caseStates,
  to: "stays",
  who: "system",
  change: (c, _a, ctx) => {
    c.residentNotifiedAt = ctx.now;
  },
  event: "none",
};
