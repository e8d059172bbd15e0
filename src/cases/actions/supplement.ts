import type { Attachment } from "../../channels/port";
import type { EventData } from "../case-record";
import { allOpen, type ActionSpec } from "./spec";

/**
 * 补充: the resident's further words on their open case (or on the open case theirs was merged
 * into): an emergency's details asked for after the receipt, or the same matter reported again
 * (信访工作条例 第二十条: 同一信访事项), which is added to the case instead of becoming a second one. The cadres read it in the department's
 * groups and in the timeline; the resident is told where it went, and may file it apart instead.
 */
export const supplement: ActionSpec<"supplement"> = {
  from: allOpen,
  to: "stays",
  // A resident whose case was merged into this one reports the matter here, where the cadres read it.
  who: "residentOfMatter",
  change: (c, a) => {
    // A 人次, not a 件: statistics count people apart from matters.
    if (a.repeat) c.repeats += 1;
    // The photos and the place stay in the timeline, for the cadres who open the case later
    // (event data is flat: the photos as JSON).
    const data: EventData = { department: c.departmentId, repeat: a.repeat };
    // The rest of an album: the photos reach the groups, without another line to anyone.
    if (a.quiet) data.quiet = true;
    if (a.photos?.length) data.photos = JSON.stringify(a.photos);
    if (a.location) Object.assign(data, { latitude: a.location.latitude, longitude: a.location.longitude });
    return { body: a.text, data };
  },
  event: "public",
  messages: async (m, c, e) => {
    const repeat = e.data?.repeat === true;
    if (e.data?.quiet !== true) {
      await m.toResident((r) => ({
        text: repeat ? r.texts.alreadyReported(r.view, r.tap, r.mergedFrom) : r.texts.supplementAdded(c.number, r.tap),
        ...(r.tap ? { buttons: [[{ label: r.texts.newMatterButton, data: "new_matter" }]] } : {}),
      }));
      await m.toGroups(() => ({ text: m.g.supplementNotice(c.number, e.body ?? "", repeat), alarm: c.urgent }));
    }
    const photos = typeof e.data?.photos === "string" ? (JSON.parse(e.data.photos) as Attachment[]) : [];
    const { latitude, longitude } = e.data ?? {};
    const location = typeof latitude === "number" && typeof longitude === "number" ? { latitude, longitude } : null;
    if (photos.length > 0 || location) await m.attachmentsToGroups(photos, location);
  },
};
