import { acceptIfNot, residentHearsWithNotice, type ActionSpec } from "./spec";

export const accept: ActionSpec<"accept"> = {
  from: ["submitted"],
  to: "accepted",
  who: "cadre",
  change: (c, _a, ctx) => acceptIfNot(c, ctx),
  // 受理告知书 (信访工作条例 Art. 23), naming the finish deadline.
  notice: (c) => ({ kind: "accepted", reason: "", until: c.finishDueAt }),
  event: "public",
  messages: residentHearsWithNotice((r) => r.texts.acceptedUpdate(r.view)),
  chat: {
    command: "accept",
    words: ["accept", "受理"],
    parse: () => ({ type: "accept" }),
    ack: (t, _a, number) => t.ackAccepted(number),
  },
};
