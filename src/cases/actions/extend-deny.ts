import { groupsRead, isSupervisor, type ActionSpec } from "./spec";

export const extendDeny: ActionSpec<"extend_deny"> = {
  from: ["accepted", "in_progress"],
  to: "stays",
  who: "cadre",
  refuse: (c, _a, actor) => (!isSupervisor(actor) ? "not_a_supervisor" : c.extensionState === "requested" ? null : "no_extension_requested"),
  change: (c, a) => {
    c.extensionState = "denied";
    return { body: a.reason };
  },
  event: "internal",
  messages: groupsRead((g, c, e) => g.extensionDeniedNotice(c.number, e.body ?? "")),
  chat: {
    command: "deny",
    words: ["deny", "不批准", "不批准延期", "驳回延期", "駁回延期"],
    parse: (rest, { t }) => (rest ? { type: "extend_deny", reason: rest } : t.usage("deny")),
    ack: (t, _a, number) => t.ackDenied(number),
  },
};
