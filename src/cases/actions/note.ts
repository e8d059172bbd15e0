import { caseStates } from "../state-machine";
import type { ActionSpec } from "./spec";

export const note: ActionSpec<"note"> = {
  from: caseStates,
  to: "stays",
  who: "cadre",
  change: (_c, a) => ({ body: a.text }),
  event: "internal",
  chat: {
    command: "note",
    words: ["note", "备注", "備註"],
    parse: (rest, { t }) => (rest ? { type: "note", text: rest } : t.usage("note")),
    ack: (t, _a, number) => t.ackNoted(number),
  },
};
