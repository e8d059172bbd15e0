import { reopenRatingAtMost } from "../state-machine";
import { reopen, type ActionSpec } from "./spec";

export const rate: ActionSpec<"rate"> = {
  from: ["resolved"],
  // A rating at or below the bound reopens the case for re-handling (重办).
  to: (a) => (a.rating <= reopenRatingAtMost ? "in_progress" : "closed"),
  who: "resident",
  change: (c, a, ctx, next) => {
    c.rating = a.rating;
    const data = { department: c.departmentId, rating: a.rating };
    if (next === "closed") {
      c.closedAt = ctx.now;
      return { data };
    }
    return { data: { ...data, ...reopen(c, ctx.limits.finishDue(ctx.now, c), ctx) } };
  },
  event: "public",
  messages: async (m, c) => {
    const rating = c.rating ?? 0;
    await m.toResident((r) => ({ text: r.texts.ratingThanks(c.number, rating) }));
    if (c.state !== "in_progress") return m.toGroups(() => ({ text: m.g.ratedNotice(c.number, rating) }));
    const cadre = m.directory.cadre(c.cadreId);
    await m.toGroups((mention) => ({ text: m.g.reopenedNotice(c.number, rating, `@${cadre.name}`), mentions: mention(cadre), alarm: true }));
    await m.toResident((r) => ({ text: r.texts.reopenedUpdate(r.view) }));
  },
};
