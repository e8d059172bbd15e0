import { both, groupsRead, residentHears, type ActionSpec } from "./spec";

/**
 * 恢复办理: the case this one was merged into (its lead) was withdrawn by its own resident, but this
 * resident's matter stands: their case is handled again on its own, in the state the lead had,
 * with its own deadlines. Cases merged into this one stay with it and now follow it.
 */
export const unmerge: ActionSpec<"unmerge"> = {
  from: ["merged"],
  to: (a) => a.state,
  who: "system",
  change: (c, a) => {
    c.leadCaseId = null;
    c.closedAt = null;
    return { data: { department: c.departmentId, lead: a.lead } };
  },
  event: "public",
  messages: both(
    residentHears((r, c, e) => r.texts.unmergedUpdate(c.number, String(e.data?.lead ?? ""))),
    groupsRead((g, c, e) => g.unmergedNotice(c.number, String(e.data?.lead ?? ""))),
  ),
};
