import type { ActionType, CaseAction, CaseState } from "../state-machine";
import { accept } from "./accept";
import { assign } from "./assign";
import { closeUnrated } from "./close-unrated";
import { extendApprove } from "./extend-approve";
import { extendDeny } from "./extend-deny";
import { extendRequest } from "./extend-request";
import { note } from "./note";
import { rate } from "./rate";
import { reassign } from "./reassign";
import { reject } from "./reject";
import { reply } from "./reply";
import { residentNotified } from "./resident-notified";
import { resolve } from "./resolve";
import type { ActionOf, ActionSpec } from "./spec";
import { transfer } from "./transfer";
import { review } from "./review";
import { withdraw } from "./withdraw";

/** Every case action, one file each: the compiler refuses a new ActionType without its spec. */
export const actions: { [T in ActionType]: ActionSpec<T> } = {
  accept,
  reply,
  reject,
  transfer,
  resolve,
  note,
  rate,
  withdraw,
  extend_request: extendRequest,
  extend_approve: extendApprove,
  extend_deny: extendDeny,
  review,
  close_unrated: closeUnrated,
  reassign,
  resident_notified: residentNotified,
  assign,
};

export function specOf<T extends ActionType>(type: T): ActionSpec<T> {
  return actions[type];
}

/** Whether the state table allows `action` in `state` (the other rules aside). */
export function canApply(state: CaseState, action: ActionType): boolean {
  return actions[action].from.includes(state);
}

/** The state after `action`, or null if the state table does not allow it in `state`. */
export function nextState<A extends CaseAction>(state: CaseState, action: A): CaseState | null {
  const spec = specOf(action.type) as ActionSpec<A["type"]>;
  if (!spec.from.includes(state)) return null;
  if (spec.to === "stays") return state;
  if (typeof spec.to === "function") return spec.to(action as unknown as ActionOf<A["type"]>);
  return spec.to;
}
