import { allOpen, isSupervisor, type ActionSpec } from "./spec";

/**
 * 指派: a department's lead, or a supervisor, hands an open case to a named cadre of the case's
 * department. The cadre is told (in private where they can be reached, else mentioned in the
 * group); the resident is not: their case keeps its department and deadlines, and residents see
 * departments act, not people.
 */
export const assign: ActionSpec<"assign"> = {
  from: allOpen,
  to: "stays",
  who: "cadre",
  refuse: (c, a, actor, ctx) => {
    const lead = actor.kind === "cadre" && actor.cadre.role === "lead" && actor.cadre.department === c.departmentId;
    if (!lead && !isSupervisor(actor)) return "not_a_lead";
    if (!ctx.directory.isCadreOf(c.departmentId, a.cadreId)) return "not_of_department";
    return a.cadreId === c.cadreId ? "already_assigned" : null;
  },
  change: (c, a) => {
    const from = c.cadreId;
    c.cadreId = a.cadreId;
    return { body: a.note ?? null, data: { department: c.departmentId, from, to: a.cadreId } };
  },
  event: "internal",
  messages: async (m, c, e) => {
    const cadre = m.directory.cadre(c.cadreId);
    const by = e.actorId ? m.views.cadreName(m.g, e.actorId) : "";
    const view = m.views.groupCaseView(m.g, c);
    await m.toCadre(
      cadre,
      { text: m.g.assignedToYou(view, by, e.body) },
      (mention) => ({ text: m.g.assignedNotice(c.number, by, `@${cadre.name}`, e.body), mentions: mention }),
    );
  },
};
