import { both, groupsRead, isSupervisor, residentHearsWithNotice, type ActionSpec } from "./spec";

export const extendApprove: ActionSpec<"extend_approve"> = {
  from: ["accepted", "in_progress"],
  to: "stays",
  who: "cadre",
  refuse: (c, _a, actor) => (!isSupervisor(actor) ? "not_a_supervisor" : c.extensionState === "requested" ? null : "no_extension_requested"),
  change: (c, _a, ctx) => {
    c.extensionState = "approved";
    c.finishDueAt = new Date((c.finishDueAt ?? ctx.now).getTime() + (c.extensionDays ?? 0) * 86_400_000);
    return { body: c.extensionReason, data: { department: c.departmentId, days: c.extensionDays } };
  },
  // 延期告知书 (Art. 34), with the reason and the new deadline.
  notice: (c) => ({ kind: "extended", reason: c.extensionReason ?? "", until: c.finishDueAt }),
  event: "public",
  messages: both(
    residentHearsWithNotice((r, c) => r.texts.extensionApprovedUpdate(r.view, c.extensionDays ?? 0, c.extensionReason ?? "")),
    groupsRead((g, c, _e, m) => g.extensionApprovedNotice(m.views.groupCaseView(g, c), c.extensionDays ?? 0)),
  ),
  chat: {
    command: "approve",
    words: ["approve", "批准", "批准延期", "同意延期"],
    parse: () => ({ type: "extend_approve" }),
    ack: (t, _a, number) => t.ackApproved(number),
  },
};
