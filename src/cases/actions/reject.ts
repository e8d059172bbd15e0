import { residentHears, type ActionSpec } from "./spec";

export const reject: ActionSpec<"reject"> = {
  // Only before work has started.
  from: ["submitted", "accepted"],
  to: "rejected",
  who: "cadre",
  change: (c, a, ctx) => {
    c.closedAt = ctx.now;
    return { body: a.reason };
  },
  event: "public",
  messages: residentHears((r, _c, e) => r.texts.rejectedUpdate(r.view, e.body ?? "")),
};
