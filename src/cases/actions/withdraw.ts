import { allOpen, both, groupsRead, type ActionSpec, type Messages } from "./spec";
import type { CaseRecord } from "../case-record";

/**
 * 撤回: the resident no longer asks for it. Only their own appeal ends: the residents whose cases
 * were merged into this one still have the matter, so their cases are handled again on their own
 * (actions/unmerge.ts), in the state this one had; they hear that instead of "withdrawn".
 */
export const withdraw: ActionSpec<"withdraw"> = {
  from: allOpen,
  to: "withdrawn",
  who: "resident",
  change: (c, _a, ctx) => {
    c.closedAt = ctx.now;
  },
  event: "public",
  messages: both(
    (m: Messages, c: CaseRecord) => m.toResident((r) => (r.mergedFrom === null ? { text: r.texts.withdrawn(c.number) } : [])),
    groupsRead((g, c) => g.withdrawnNotice(c.number)),
  ),
  thenToMerged: (c, from) => ({ type: "unmerge", lead: c.number, state: from }),
};
