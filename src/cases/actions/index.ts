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
import { resolve } from "./resolve";
import type { ActionCommandName, ActionOf, ActionSpec, ChatContext } from "./spec";
import { transfer } from "./transfer";
import { review } from "./review";
import { supplement } from "./supplement";
import { merge } from "./merge";
import { unmerge } from "./unmerge";
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
  assign,
  supplement,
  merge,
  unmerge,
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

/** A cadre's chat command, parsed: the action, and how to acknowledge it once done. */
export interface ChatRequest {
  action: CaseAction;
  ack(number: string): string;
}

/** A chat command of a spec, its action's type bound: parse the rest of the message into a request, or the text to answer. */
export interface ActionCommand {
  command: ActionCommandName;
  words: readonly string[];
  parse(rest: string, ctx: ChatContext): ChatRequest | string;
}

function commandOf<T extends ActionType>(type: T): ActionCommand | null {
  const chat = specOf(type).chat;
  if (!chat) return null;
  return {
    command: chat.command,
    words: chat.words,
    parse: (rest, ctx) => {
      const action = chat.parse(rest, ctx);
      return typeof action === "string" ? action : { action, ack: (number) => chat.ack(ctx.t, action, number, ctx) };
    },
  };
}

/** The cadres' chat commands that take an action, one per spec that has one (src/commands/cadre-commands.ts names them). */
export const actionCommands: readonly ActionCommand[] = (Object.keys(actions) as ActionType[]).flatMap((type) => commandOf(type) ?? []);

/** The action command of that name, if one is. */
export function actionCommand(name: string): ActionCommand | undefined {
  return actionCommands.find((c) => c.command === name);
}
