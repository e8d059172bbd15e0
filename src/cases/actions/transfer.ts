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
  chat: {
    command: "transfer",
    words: ["transfer", "转办", "轉辦", "转交", "轉交"],
    /** "住建 不属于本部门": the department (by id or name), then the reason, if any. */
    parse: (rest, { t, directory }) => {
      const [target = "", ...reason] = rest.split(/\s+/);
      if (!target) return t.usage("transfer");
      const department = directory.findDepartment(target);
      if (!department) return t.unknownDepartment(target, directory.departments.map((d) => d.name));
      return { type: "transfer", departmentId: department.id, reason: reason.join(" ") || undefined };
    },
    ack: (t, a, number, { directory }) => t.ackTransferred(number, directory.department(a.departmentId).name),
  },
};
