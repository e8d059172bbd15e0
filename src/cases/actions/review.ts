import type { CaseRecord } from "../case-record";
import type { TimeLimits } from "../time-limits";
import type { ReviewStage } from "../state-machine";
import { reopen, replaceCadre, type ActionSpec } from "./spec";

/** Until when the resident may ask for a review of `c`: its window counts from the answer; null before one. */
export function reviewUntil(c: CaseRecord, limits: TimeLimits): Date | null {
  return c.resolvedAt ? limits.reviewWindowEnd(c.resolvedAt) : null;
}

/** What the resident's next request would be: a review (复查), the one re-review (复核), or nothing more (Art. 36). */
export function nextReviewStage(c: CaseRecord): ReviewStage | null {
  return c.reviewCount === 0 ? "review" : c.reviewCount === 1 ? "re_review" : null;
}

/** The stage a case under review is in: the last one asked for. */
export function reviewStageOf(c: { reviewCount: number }): ReviewStage {
  return c.reviewCount >= 2 ? "re_review" : "review";
}

/**
 * 复查 / 复核 (信访工作条例 Art. 35–36): the resident disputes the answer, within the window after
 * it (also after a rating closed the case). The answering department's higher body (its
 * `reviewBy`) handles it from now on, with the review's own time limit; the department that answered
 * is told. The review's answer may be disputed once more, a level up; after that the matter is not
 * taken up again. Which body answered is the case's department when it was resolved: the one whose
 * answer is disputed, whoever it handed the work to.
 */
export const review: ActionSpec<"review"> = {
  from: ["resolved", "closed"],
  to: "in_progress",
  who: "resident",
  refuse: (c, _a, _actor, ctx) => {
    if (nextReviewStage(c) === null) return "no_further_review";
    const until = reviewUntil(c, ctx.limits);
    if (!until || ctx.now > until) return "review_window_closed";
    return ctx.directory.reviewerOf(c.departmentId) === null ? "no_review_body" : null;
  },
  change: (c, a, ctx) => {
    const stage = nextReviewStage(c)!;
    const from = c.departmentId;
    c.reviewCount += 1;
    c.departmentId = ctx.directory.reviewerOf(from)!;
    replaceCadre(c, ctx);
    reopen(c, ctx.limits.reviewDue(ctx.now, stage), ctx);
    return { body: a.reason, data: { department: c.departmentId, stage, from, to: c.departmentId } };
  },
  event: "public",
  messages: async (m, c, e) => {
    const stage = reviewStageOf(c);
    await m.toResident((r) => ({ text: r.texts.reviewOpened(r.view, stage) }));
    const from = typeof e.data?.from === "string" ? e.data.from : null;
    // The reviewing body has not seen the case before: the whole card, the review's line under it.
    await m.card(m.g.reviewNotice(m.views.groupCaseView(m.g, c), stage, m.directory.nameOf("department", from), e.body ?? ""));
    if (from) await m.toDepartment(from, { text: m.g.reviewForwarded(c.number, stage, m.directory.nameOf("department", c.departmentId)) });
  },
};
