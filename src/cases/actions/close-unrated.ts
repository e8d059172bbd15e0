import { both, groupsRead, residentHears, type ActionSpec } from "./spec";

/** The reminder sweep closes a resolved case the resident never rated. */
export const closeUnrated: ActionSpec<"close_unrated"> = {
  from: ["resolved"],
  to: "closed",
  who: "system",
  change: (c, _a, ctx) => {
    c.closedAt = ctx.now;
  },
  event: "public",
  messages: both(
    residentHears((r, c) => r.texts.closedUnrated(c.number)),
    groupsRead((g, c) => g.closedUnratedNotice(c.number)),
  ),
};
