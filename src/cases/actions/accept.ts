import { acceptIfNot, residentHears, type ActionSpec } from "./spec";

export const accept: ActionSpec<"accept"> = {
  from: ["submitted"],
  to: "accepted",
  who: "cadre",
  change: (c, _a, ctx) => acceptIfNot(c, ctx),
  event: "public",
  messages: residentHears((r) => r.texts.acceptedUpdate(r.view)),
  chat: {
    command: "accept",
    words: ["accept", "受理"],
    parse: () => ({ type: "accept" }),
    ack: (t, _a, number) => t.ackAccepted(number),
  },
};
