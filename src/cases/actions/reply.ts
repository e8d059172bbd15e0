import { acceptIfNot, allOpen, residentHears, type ActionSpec } from "./spec";

export const reply: ActionSpec<"reply"> = {
  from: allOpen,
  to: "in_progress",
  who: "cadre",
  change: (c, a, ctx) => {
    acceptIfNot(c, ctx);
    c.firstAnswerAt ??= ctx.now;
    return { body: a.text };
  },
  event: "public",
  messages: residentHears((r, _c, e) => r.texts.replyUpdate(r.view, e.body ?? "")),
  chat: {
    command: "reply",
    words: ["reply", "答复", "答覆", "回复", "回覆"],
    parse: (rest, { t }) => (rest ? { type: "reply", text: rest } : t.usage("reply")),
    ack: (t, _a, number) => t.ackReplied(number),
  },
};
