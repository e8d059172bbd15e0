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
};
