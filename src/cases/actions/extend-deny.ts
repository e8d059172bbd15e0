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
};
