import type { ActionSpec } from "./spec";

export const extendRequest: ActionSpec<"extend_request"> = {
  // An extension moves the finish deadline, which exists once the case is accepted.
  from: ["accepted", "in_progress"],
  to: "stays",
  who: "cadre",
  refuse: (c, a, _actor, ctx) => {
    if (c.extensionState === "approved") return "extension_used";
    if (c.extensionState === "requested") return "extension_pending";
    if (a.days < 1 || a.days > ctx.limits.maxExtensionDays) return "extension_too_long";
    return null;
  },
  change: (c, a) => {
    c.extensionState = "requested";
    c.extensionDays = a.days;
    c.extensionReason = a.reason;
    return { body: a.reason, data: { department: c.departmentId, days: a.days } };
  },
  event: "internal",
  messages: (m, c, e) => {
    const cadre = e.actorId ? m.directory.cadre(e.actorId).name : "";
    return m.toSupervisors({ text: m.g.extensionRequested(m.views.groupCaseView(m.g, c), cadre, c.extensionDays ?? 0, e.body ?? "") });
  },
  chat: {
    command: "extend",
    words: ["extend", "延期", "申请延期", "申請延期"],
    /** "5 天 需协调施工单位" (or "5 days …", or just "5 …"): the days, then the reason. */
    parse: (rest, { t }) => {
      const match = /^(\d+)\s*(?:天|days?)?\s+([\s\S]+)$/i.exec(rest);
      return match ? { type: "extend_request", days: Number(match[1]), reason: match[2]!.trim() } : t.usage("extend");
    },
    ack: (t, _a, number) => t.ackExtensionRequested(number),
  },
};
