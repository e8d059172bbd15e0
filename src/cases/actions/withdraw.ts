import { allOpen, both, groupsRead, residentHears, type ActionSpec } from "./spec";

export const withdraw: ActionSpec<"withdraw"> = {
  from: allOpen,
  to: "withdrawn",
  who: "resident",
  change: (c, _a, ctx) => {
    c.closedAt = ctx.now;
  },
  event: "public",
  messages: both(
    residentHears((r, c) => r.texts.withdrawn(c.number)),
    groupsRead((g, c) => g.withdrawnNotice(c.number)),
  ),
};
