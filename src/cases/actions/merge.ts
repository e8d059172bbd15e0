import { normalizeCaseNumber } from "../case-number";
import { accuses, mayActOn } from "../authority";
import { allOpen, both, groupsRead, residentHears, type ActionSpec } from "./spec";

/**
 * 合并: residents who report the same matter (同一信访事项) are answered as one. This case is
 * closed into the open case it names (`into`, the lead): its resident hears every step of the
 * lead from now on (src/cases/notifier.ts), and statistics count one 件 with several 人次.
 */
export const merge: ActionSpec<"merge"> = {
  other: (a) => a.into,
  from: allOpen,
  to: "merged",
  who: "cadre",
  refuse: (c, _a, actor, { other }) => {
    if (other === null || other.id === c.id || !allOpen.includes(other.state)) return "merge_target";
    // A report and the case of the department it accuses are never one matter: its resident would hear that department's steps, and it theirs.
    const held = (x: typeof c) => ({ departmentId: x.departmentId, cadreId: x.cadreId });
    if (accuses(c, held(other)) || accuses(other, held(c))) return "accused_department";
    return actor.kind === "cadre" && !mayActOn(actor.cadre, other) ? "merge_not_yours" : null;
  },
  change: (c, _a, ctx) => {
    c.leadCaseId = ctx.other!.id;
    c.closedAt = ctx.now;
    return { data: { department: c.departmentId, into: ctx.other!.number } };
  },
  event: "public",
  messages: both(
    residentHears((r, c, e) => r.texts.mergedUpdate(c.number, String(e.data?.into ?? ""))),
    groupsRead((g, c, e) => g.mergedNotice(c.number, String(e.data?.into ?? ""))),
  ),
  chat: {
    command: "merge",
    words: ["merge", "合并", "合併", "并案", "併案"],
    /** "/merge MQ-…(this one) MQ-…(the lead)": the rest is the lead's number. */
    parse: (rest, { t }) => {
      const into = normalizeCaseNumber(rest.split(/\s+/)[0] ?? "");
      return into ? { type: "merge", into } : t.usage("merge");
    },
    ack: (t, a, number) => t.ackMerged(number, a.into),
  },
};
