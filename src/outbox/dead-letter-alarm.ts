import type { ChannelName } from "../channels/port";
import type { Locale } from "../config/schema";
import { claimCoalesced } from "../db/repositories/job-run-repository";
import { countDead } from "../db/repositories/outbox-repository";
import type { Tx } from "../db/tx";
import { textsFor } from "../texts";
import { currentChatId, enqueue, type ChatRef } from "./enqueue";

export interface DeadLetterAlarmOptions {
  /** The operators' chats (deployment.operatorChats): every one hears of every channel's dead letters. */
  operatorChats: ChatRef[];
  locale: Locale;
  /** The dashboard's list of dead letters, for the alarm to link to. */
  link?: string;
  /** At most one alarm per channel in this long: a burst of dead letters is one message, not one each. */
  coalesceMs: number;
}

/** The claim's row in job_runs: one per channel, its ran_at the time of the last alarm. */
const JOB = "outbox-dead-letter-alarm";

/**
 * Tells the operators that a channel has dead letters, in the transaction that set the message
 * aside. Two rules keep it from becoming noise:
 *
 * - Coalesced: one alarm per channel per `coalesceMs`, claimed in job_runs with one atomic
 *   upsert, so several instances (or a burst of failures in one) still send it once. It says how
 *   many dead letters the channel has at that moment; the dashboard has the rest.
 * - No alarms about alarms: a dead letter addressed to an operators' chat raises none. Otherwise a
 *   channel that cannot send at all would dead-letter its alarm, alarm about that, and so on; the
 *   dead alarm still shows in the dashboard and in /metrics.
 */
export class DeadLetterAlarm {
  constructor(private readonly options: DeadLetterAlarmOptions) {}

  /** Queues the alarm if one is due; true if it did. */
  async raise(tx: Tx, deadLetter: ChatRef, now: Date): Promise<boolean> {
    if (this.options.operatorChats.length === 0) return false;
    if (await this.isOperatorsChat(tx, deadLetter)) return false;
    if (!(await claimCoalesced(tx, JOB, deadLetter.channel, now, new Date(now.getTime() - this.options.coalesceMs)))) return false;
    const count = await countDead(tx, deadLetter.channel);
    const text = textsFor(this.options.locale).deadLetterAlarm(deadLetter.channel, count, this.options.link ?? null);
    for (const chat of this.options.operatorChats) await enqueue(tx, chat, { text, alarm: true }, null, now);
    return true;
  }

  /** Configured ids may have moved (a Telegram group upgraded): compared where they lead now. */
  private async isOperatorsChat(tx: Tx, chat: ChatRef): Promise<boolean> {
    for (const operators of this.options.operatorChats) {
      if (operators.channel !== chat.channel) continue;
      if (operators.chatId === chat.chatId || (await currentChatId(tx, operators)) === chat.chatId) return true;
    }
    return false;
  }
}

/** The operators' chats of a deployment, as chat references. */
export function operatorChatsOf(operatorChats: Partial<Record<ChannelName, string>>): ChatRef[] {
  return Object.entries(operatorChats).flatMap(([channel, chatId]) => (chatId === undefined ? [] : [{ channel: channel as ChannelName, chatId }]));
}
