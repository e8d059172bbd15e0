import { allOpen, both, replaceCadre, residentHears, type ActionSpec } from "./spec";

export const transfer: ActionSpec<"transfer"> = {
  from: allOpen,
  // The new department decides afresh, with fresh time to do so.
  to: "submitted",
  who: "cadre",
  refuse: (c, a) => (a.departmentId === c.departmentId ? "same_department" : null),
  change: (c, a, ctx) => {
    const from = c.departmentId;
    c.departmentId = a.departmentId;
    replaceCadre(c, ctx);
    c.acceptedAt = null;
    c.finishDueAt = null;
    c.acceptDueAt = ctx.limits.acceptDue(ctx.now, c);
    if (!c.firstAnswerAt) c.answerDueAt = ctx.limits.firstAnswerDue(ctx.now, c);
    return { body: a.reason ?? null, data: { department: a.departmentId, from, to: a.departmentId } };
  },
  event: "public",
  messages: both(
    residentHears((r) => r.texts.transferredUpdate(r.view)),
    (m, c, e, { transferredFrom }) => m.card(m.g.transferredIn(c.number, transferredFrom, e.body)),
  ),
};
