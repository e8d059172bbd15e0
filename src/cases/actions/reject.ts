import { residentHearsWithNotice, type ActionSpec } from "./spec";

export const reject: ActionSpec<"reject"> = {
  // Only before work has started.
  from: ["submitted", "accepted"],
  to: "rejected",
  who: "cadre",
  change: (c, a, ctx) => {
    c.closedAt = ctx.now;
    return { body: a.reason };
  },
  // 不予受理告知书, with the reason.
  notice: (_c, a) => ({ kind: "not_accepted", reason: a.reason, until: null }),
  event: "public",
  messages: residentHearsWithNotice((r, _c, e) => r.texts.rejectedUpdate(r.view, e.body ?? "")),
  chat: {
    command: "reject",
    words: ["reject", "不予受理", "驳回", "駁回"],
    parse: (rest, { t }) => (rest ? { type: "reject", reason: rest } : t.usage("reject")),
    ack: (t, _a, number) => t.ackRejected(number),
  },
};
