import type { Directory } from "../../config/directory";
import type { Cadre } from "../../config/schema";
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
    if (ctx.directory.findCadre(a.cadreId)?.active === false) return "cadre_inactive";
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
  chat: {
    command: "assign",
    words: ["assign", "指派"],
    /** "王芳 请今天联系": the cadre (by id or name), then a note for them, if any. */
    parse: (rest, { t, cadre, directory }) => {
      const [who = "", ...note] = rest.split(/\s+/);
      if (!who) return t.usage("assign");
      const target = findColleague(directory, who, cadre);
      if (!target) return t.unknownCadre(who, directory.cadresOf(cadre.department).map((x) => x.name));
      return { type: "assign", cadreId: target.id, note: note.join(" ") || undefined };
    },
    ack: (t, a, number, { directory }) => t.ackAssigned(number, directory.cadre(a.cadreId).name),
  },
};

/** A cadre by id or by name; a name shared across departments means the one of the assigner's department. */
function findColleague(directory: Directory, idOrName: string, assigner: Cadre): Cadre | undefined {
  const all = directory.deployment.cadres.filter((x) => x.id === idOrName || x.name === idOrName);
  return all.find((x) => x.department === assigner.department) ?? all[0];
}
