import { acceptIfNot, allOpen, type ActionSpec } from "./spec";

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
  event: "public",
  // The rating is the case's own resident's; residents whose cases were merged into it hear the result.
  messages: (m, c, e) =>
    m.toResident((r) => [{ text: r.texts.resolvedUpdate(r.view, e.body ?? "") }, ...(r.mergedFrom ? [] : [ratePrompt(r, c.number, r.texts.ratePrompt(c.number, r.tap))])]),
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
