import type { CaseRecord } from "../case-record";
import type { TimeLimits } from "../time-limits";
import { reopen, type ActionSpec } from "./spec";

/** Until when the resident may ask for a review of `c`: its window counts from the answer; null before one. */
export function reviewUntil(c: CaseRecord, limits: TimeLimits): Date | null {
  return c.resolvedAt ? limits.reviewWindowEnd(c.resolvedAt) : null;
}

export const review: ActionSpec<"review"> = {
  // 复查: the resident disputes the answer; also after a rating closed the case.
  from: ["resolved", "closed"],
  to: "in_progress",
  who: "resident",
  refuse: (c, _a, _actor, ctx) => {
    const until = reviewUntil(c, ctx.limits);
    return until && ctx.now <= until ? null : "review_window_closed";
  },
  change: (c, a, ctx) => {
    c.reviewCount += 1;
    return { body: a.reason, data: { department: c.departmentId, ...reopen(c, ctx.limits.reviewDue(ctx.now), ctx) } };
  },
  event: "public",
  messages: async (m, c, e) => {
    await m.toResident((r) => ({ text: r.texts.reviewOpened(r.view) }));
    const cadre = m.directory.cadre(c.cadreId);
    await m.toGroups((mention) => ({ text: m.g.reviewNotice(m.views.groupCaseView(m.g, c), `@${cadre.name}`, e.body ?? ""), mentions: mention(cadre) }));
  },
};
