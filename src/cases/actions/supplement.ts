import { allOpen, type ActionSpec } from "./spec";

/**
 * 补充: the resident's further words on their open case: an emergency's details asked for after
 * the receipt, or the same matter reported again (信访工作条例 第二十条: 同一信访事项), which is
 * added to the case instead of becoming a second one. The cadres read it in the department's
 * groups and in the timeline; the resident is told where it went, and may file it apart instead.
 */
export const supplement: ActionSpec<"supplement"> = {
  from: allOpen,
  to: "stays",
  who: "resident",
  change: (c, a) => {
    // A 人次, not a 件: statistics count people apart from matters.
    if (a.repeat) c.repeats += 1;
    return { body: a.text, data: { department: c.departmentId, repeat: a.repeat } };
  },
  event: "public",
  messages: async (m, c, e) => {
    const repeat = e.data?.repeat === true;
    await m.toResident((r) => ({
      text: repeat ? r.texts.alreadyReported(r.view, r.tap) : r.texts.supplementAdded(c.number, r.tap),
      ...(r.tap ? { buttons: [[{ label: r.texts.newMatterButton, data: "new_matter" }]] } : {}),
    }));
    await m.toGroups(() => ({ text: m.g.supplementNotice(c.number, e.body ?? "", repeat), alarm: c.urgent }));
  },
};
