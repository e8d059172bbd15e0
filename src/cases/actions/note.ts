import { caseStates } from "../state-machine";
import type { ActionSpec } from "./spec";

export const note: ActionSpec<"note"> = {
  from: caseStates,
  to: "stays",
  who: "cadre",
  change: (_c, a) => ({ body: a.text }),
  event: "internal",
};
