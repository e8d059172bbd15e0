import { allOpen, replaceCadre, type ActionSpec } from "./spec";

/** The system hands an open case to another cadre of its department: its own left the deployment file. */
export const reassign: ActionSpec<"reassign"> = {
  from: allOpen,
  // The state and the deadlines stay: the department still owes the resident the same answer.
  to: "stays",
  who: "system",
  // Only a case whose cadre left: run twice (two instances starting), the second finds nothing to do.
  refuse: (c, _a, _actor, ctx) => (ctx.directory.isCadreOf(c.departmentId, c.cadreId) ? "not_allowed" : null),
  change: (c, _a, ctx) => {
    const from = replaceCadre(c, ctx);
    return { data: { department: c.departmentId, from, to: c.cadreId } };
  },
  // A reassignment is the department's own business: residents see departments act, not people.
  event: "internal",
  // Only the group hears, and the new cadre is mentioned.
  messages: async (m, c, e) => {
    const cadre = m.directory.cadre(c.cadreId);
    const from = typeof e.data?.from === "string" ? m.views.cadreName(m.g, e.data.from) : "";
    await m.toGroups((mention) => ({ text: m.g.reassignedNotice(c.number, from, `@${cadre.name}`), mentions: mention(cadre) }));
  },
};
