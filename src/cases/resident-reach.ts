import type { ChannelName, TraitsOf } from "../channels/port";
import type { CaseRecord } from "./case-record";

/**
 * How the service reaches a case's resident: a chat on a channel (with buttons or not), or no
 * chat at all: a person another system filed for through the open API, whose system reads every
 * step back from the API. The one place that knows it, so messages need not ask.
 */
export type ResidentReach = { chat: { channel: ChannelName; chatId: string }; buttons: boolean } | { chat: null; buttons: false };

export function reachOf(c: Pick<CaseRecord, "channel" | "chatId">, traitsOf: TraitsOf): ResidentReach {
  if (c.channel === "api") return { chat: null, buttons: false };
  return { chat: { channel: c.channel, chatId: c.chatId }, buttons: traitsOf(c.channel).buttons };
}
