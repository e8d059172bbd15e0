import { acceptIfNot, allOpen, withNotice, type ActionSpec } from "./spec";

export const resolve: ActionSpec<"resolve"> = {
  // Solved on the spot (现场办结) needs no separate acceptance.
  from: allOpen,
  to: "resolved",
  who: "cadre",
  change: (c, a, ctx) => {
    acceptIfNot(c, ctx);
    c.firstAnswerAt ??= ctx.now;
    c.resolvedAt = ctx.now;
    return { body: a.text };
  },
  // The answer in writing: 处理意见书, or after a review (复查) 复查意见书, after a re-review 复核意见书; it names the last day to ask for the next.
  notice: (c, a, ctx) => ({
    kind: c.reviewCount === 0 ? "answer" : c.reviewCount === 1 ? "review_answer" : "re_review_answer",
    reason: a.text,
    until: c.resolvedAt ? ctx.limits.reviewWindowEnd(c.resolvedAt) : null,
  }),
  event: "public",
  // The rating is the case's own resident's; residents whose cases were merged into it hear the result.
  messages: (m, c, e) =>
    m.toResident((r) => [withNotice(r, c, e, r.texts.resolvedUpdate(r.view, e.body ?? "")), ...(r.mergedFrom ? [] : [ratePrompt(r, c.number, r.texts.ratePrompt(c.number, r.tap))])]),
  chat: {
    command: "resolve",
    words: ["resolve", "办结", "辦結"],
    parse: (rest, { t }) => (rest ? { type: "resolve", text: rest } : t.usage("resolve")),
    ack: (t, _a, number) => t.ackResolved(number),
  },
};

/** Asking for a rating, with a button per mark where the resident's chat has buttons. */
export function ratePrompt(r: { texts: { ratingLabels: readonly string[] }; tap: boolean }, number: string, text: string) {
  if (!r.tap) return { text };
  return { text, buttons: [r.texts.ratingLabels.map((label, i) => ({ label, data: `rate:${number}:${i + 1}` }))] };
}
