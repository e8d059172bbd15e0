import type { ChannelStatusEvent, ChatMovedEvent, GroupBindingEvent, InboundEvent, InboundMessage } from "../channels/port";
import type { CadreDesk } from "../cadre/cadre-desk";
import type { Clock } from "../clock";
import type { KnownSender, ResidentDesk } from "../intake/resident-desk";
import { withHeldConversations } from "../intake/conversations";
import { withHeldFilings } from "../cases/filings";
import type { Logger } from "../log";
import type { Metrics } from "../metrics/metrics";
import { currentChatId, enqueue, recordChatMove, withOutbox, type ChatRef } from "../outbox/enqueue";
import { isTransientDatabaseError } from "../db/errors";
import { recordInbound } from "../db/repositories/inbound-repository";
import { recordResidentMessages } from "../db/repositories/inbound-batch-repository";
import { transactor, type Transact, type Tx, type TxSource } from "../db/tx";
import type { Directory } from "../config/directory";
import { localeFromLanguageCode, textsFor } from "../texts";
import { FloodGuard, type FloodVerdict } from "./flood-guard";
import { sanitize } from "./sanitize";
import { GroupCommit, type GroupCommitOptions } from "./group-commit";

/**
 * Residents' private messages are handled in batches of at most this many, at most two batches
 * at once: with one the database waits while the next batch's dialogues run in JavaScript.
 */
export const defaultGroupCommit: GroupCommitOptions = { maxBatch: 64, maxInFlight: 2 };

const HOUR_MS = 3_600_000;

/**
 * The one path every inbound event takes: record it once (platforms redeliver), send it to the
 * cadre desk or the resident desk, and commit the change with the messages it causes.
 */
export class InboundHandler {
  constructor(
    db: TxSource,
    private readonly directory: Directory,
    private readonly residents: ResidentDesk,
    private readonly cadres: CadreDesk,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Called after a commit that queued messages. */
    private readonly onCommitted: () => void,
    private readonly metrics?: Metrics,
    /** Group commit of residents' private messages; null: every message in a transaction of its own. */
    groupCommit: GroupCommitOptions | null = defaultGroupCommit,
  ) {
    this.flood = new FloodGuard(directory.deployment.limits.messagesPerMinute, clock);
    this.transact = transactor(db);
    this.batches =
      groupCommit &&
      new GroupCommit<InboundMessage>(
        (events) => this.handleBatch(events),
        (e) => `${e.channel}\n${e.deliveryId}`,
        (e) => [`chat\n${e.channel}\n${e.chat.id}`, `sender\n${e.channel}\n${e.sender.id}`],
        groupCommit,
      );
  }

  private readonly flood: FloodGuard;
  private readonly transact: Transact;
  private readonly batches: GroupCommit<InboundMessage> | null;

  /** Resolves once the event is safely recorded; rejects only when it could not be, so the platform redelivers. */
  readonly handle = async (raw: InboundEvent): Promise<void> => {
    const event = sanitize(raw);
    // A resident's private message (commands included) waits for the rest of this turn's, to be handled with them.
    if (this.batches && event.kind === "message" && event.chat.kind === "private" && !this.cadres.wants(event)) {
      if (!(await this.batches.submit(event))) this.duplicate(event);
      return;
    }
    return this.handleOne(event);
  };

  /**
   * A batch of residents' private messages (one per chat and sender) in one transaction: their
   * records, senders, dialogues and hourly counts read in one statement, each message answered
   * by the resident desk as alone, the cases filed (with their events and reminders), the
   * dialogues and the outbox rows written in a statement each at the end, one COMMIT. When
   * anything in it fails, all of it is rolled back and each message is handled again alone, so
   * one message that cannot be handled costs the others nothing; when the database is away, each
   * is refused for its platform to deliver again, as alone.
   */
  private async handleBatch(events: InboundMessage[]): Promise<(unknown | null)[]> {
    try {
      const fresh = await this.transact((tx) =>
        withOutbox(tx, () =>
          withHeldConversations(tx, () =>
            withHeldFilings(tx, async () => {
              const now = this.clock.now();
              const batched = events.map((event) => ({ event, sender: this.residents.senderFields(event.channel, event.sender) }));
              const recorded = await recordResidentMessages(tx, batched, now, new Date(now.getTime() - HOUR_MS));
              const fresh = events.filter((_, i) => recorded[i]?.fresh);
              const verdicts = await this.flood.checkMany(tx, fresh.map((event) => floodKey(event)));
              for (const [i, event] of events.entries()) {
                const r = recorded[i];
                if (!r?.fresh) continue;
                const known: KnownSender | undefined = r.known ? { ...r.known, appealsInLastHour: r.known.filedSince } : undefined;
                await this.answerResident(tx, event, verdicts[fresh.indexOf(event)] ?? "ok", known);
              }
              return recorded.map((r) => r.fresh);
            }),
          ),
        ),
      );
      events.forEach((event, i) => (fresh[i] ? this.metrics?.inbound.inc({ channel: event.channel, outcome: "handled" }) : this.duplicate(event)));
      if (fresh.some(Boolean)) this.onCommitted();
      return events.map(() => null);
    } catch (err) {
      if (isTransientDatabaseError(err)) {
        // The database is away (or the batch lost a race): not any message's fault, and handling
        // them again now would fail the same way. Each is delivered again, as one alone would be.
        for (const event of events) this.databaseUnavailable(event, err);
        return events.map(() => err);
      }
      if (events.length > 1) this.logger.warn("a batch of residents' messages failed; handling each alone", { messages: events.length, error: describe(err) });
      return Promise.all(events.map((event) => this.handleOne(event).then(() => null, (e: unknown) => e ?? new Error("failed"))));
    }
  }

  /**
   * Not the message's fault: the database is away (or the connection was cut). Writing it off as
   * failed would drop the resident's words; the platform delivers it again instead.
   */
  private databaseUnavailable(event: InboundEvent, err: unknown): void {
    this.logger.warn("database unavailable; the message will be delivered again", { channel: event.channel, deliveryId: event.deliveryId, error: describe(err) });
  }

  private duplicate(event: InboundEvent): void {
    this.metrics?.inbound.inc({ channel: event.channel, outcome: "duplicate" });
    this.logger.debug("duplicate delivery ignored", { channel: event.channel, deliveryId: event.deliveryId });
  }

  /** The ordinary path: the event in a transaction of its own. */
  private async handleOne(event: InboundEvent): Promise<void> {
    try {
      const fresh = await this.transact((tx) =>
        withOutbox(tx, async () => {
          if (!(await this.record(tx, event, "handled"))) return false;
          await this.dispatch(tx, event);
          return true;
        }),
      );
      if (fresh) {
        this.metrics?.inbound.inc({ channel: event.channel, outcome: "handled" });
        this.onCommitted();
      } else this.duplicate(event);
    } catch (err) {
      if (isTransientDatabaseError(err)) {
        this.databaseUnavailable(event, err);
        throw err;
      }
      this.metrics?.inbound.inc({ channel: event.channel, outcome: "failed" });
      this.logger.error("handling an inbound message failed", { channel: event.channel, deliveryId: event.deliveryId, error: describe(err) });
      await this.recordFailure(event);
    }
  }

  private async dispatch(tx: Tx, event: InboundEvent): Promise<void> {
    if (event.kind === "chat_moved") return this.chatMoved(tx, event);
    if (event.kind === "channel_status") return this.channelStatus(tx, event);
    if (event.kind === "group_binding") return this.groupBinding(tx, event);
    if (event.kind === "contact_added") return this.residents.welcome(tx, event);
    if (event.chat.kind === "group") return this.cadres.handle(tx, event, await this.isBoundGroup(tx, event));
    if (this.cadres.wants(event)) return this.cadres.handle(tx, event, false);
    return this.resident(tx, event);
  }

  /** A resident's message: counted against the flood limit, then answered by the resident desk. */
  private async resident(tx: Tx, event: InboundMessage): Promise<void> {
    return this.answerResident(tx, event, await this.flood.check(tx, floodKey(event)));
  }

  private async answerResident(tx: Tx, event: InboundMessage, flood: FloodVerdict, known?: KnownSender): Promise<void> {
    if (flood === "drop") return;
    if (flood === "warn") return this.slowDown(tx, event);
    return this.residents.handle(tx, event, known);
  }

  private async slowDown(tx: Tx, msg: InboundMessage): Promise<void> {
    this.logger.warn("resident is flooding; asked to slow down", { channel: msg.channel });
    const t = textsFor(localeFromLanguageCode(msg.sender.languageCode, this.directory.deployment.locale));
    await enqueue(tx, { channel: msg.channel, chatId: msg.chat.id }, { text: t.slowDown }, null, this.clock.now());
  }

  /** Whether this group is a department's or the supervisors' (by its configured id, or one it moved to). */
  private async isBoundGroup(tx: Tx, msg: InboundMessage): Promise<boolean> {
    const configured = [...this.directory.departments.map((d) => d.groups), this.directory.deployment.supervisorsGroup]
      .map((groups) => groups[msg.channel])
      .filter((id): id is string => id !== undefined);
    for (const id of configured) {
      if (id === msg.chat.id || (await currentChatId(tx, { channel: msg.channel, chatId: id })) === msg.chat.id) return true;
    }
    return false;
  }

  private async chatMoved(tx: Tx, event: ChatMovedEvent): Promise<void> {
    this.logger.info("group moved to a new id", { channel: event.channel, from: event.fromChatId, to: event.toChatId });
    await recordChatMove(tx, event.channel, event.fromChatId, event.toChatId, this.clock.now());
  }

  /** A channel logged out or is back: the operators hear it on their other channels (it cannot carry news of itself). */
  private async channelStatus(tx: Tx, event: ChannelStatusEvent): Promise<void> {
    const loggedOut = event.status === "logged_out";
    const chats = Object.entries(this.directory.deployment.operatorChats).flatMap(([channel, chatId]) =>
      chatId !== undefined && channel !== event.channel ? [{ channel, chatId } as ChatRef] : [],
    );
    this.logger[loggedOut ? "warn" : "info"](loggedOut ? "channel logged out; telling the operators" : "channel logged in again", {
      channel: event.channel,
      detail: event.detail,
      operatorChats: chats.length,
    });
    const t = textsFor(this.directory.deployment.locale);
    const text = loggedOut ? t.channelLoggedOut(event.channel, event.detail ?? null) : t.channelLoggedIn(event.channel, event.detail ?? null);
    for (const chat of chats) await enqueue(tx, chat, { text, alarm: loggedOut }, null, this.clock.now());
  }

  /**
   * A group's binding changed (WeChat: a room bound by its code, a group waiting for one, a room
   * with a bound group's name): the operators hear it on every channel; a newly bound group hears
   * it too, so the person who typed the code sees that it worked.
   */
  private async groupBinding(tx: Tx, event: GroupBindingEvent): Promise<void> {
    const chats = new Map<string, ChatRef>();
    for (const [channel, chatId] of Object.entries(this.directory.deployment.operatorChats)) {
      if (chatId !== undefined) chats.set(`${channel}\n${chatId}`, { channel, chatId } as ChatRef);
    }
    if (event.status === "bound") chats.set(`${event.channel}\n${event.group}`, { channel: event.channel, chatId: event.group });
    this.logger[event.status === "bound" ? "info" : "warn"]("group binding: telling the operators", {
      channel: event.channel,
      group: event.group,
      status: event.status,
      operatorChats: chats.size,
    });
    const t = textsFor(this.directory.deployment.locale);
    const text =
      event.status === "bound" ? t.groupBound(event.channel, event.group) : event.status === "unbound" ? t.groupUnbound(event.channel, event.group) : t.groupImpostor(event.channel, event.group);
    for (const chat of chats.values()) await enqueue(tx, chat, { text, alarm: event.status === "impostor" }, null, this.clock.now());
  }

  private async record(tx: Tx, event: InboundEvent, status: "handled" | "failed"): Promise<boolean> {
    return recordInbound(tx, event, status, this.clock.now());
  }

  /**
   * Handling threw (a bug, or bad data we did not foresee): keep the message, tell the sender,
   * and move on, so one poisonous message cannot block the chat. If even this cannot be written,
   * the database is unreachable: reject, and the platform delivers the message again later.
   */
  private async recordFailure(event: InboundEvent): Promise<void> {
    const fresh = await this.transact(async (tx) => {
      if (!(await this.record(tx, event, "failed"))) return false;
      if (event.kind === "message") {
        const t = textsFor(localeFromLanguageCode(event.sender.languageCode, this.directory.deployment.locale));
        await enqueue(tx, { channel: event.channel, chatId: event.chat.id }, { text: t.somethingWentWrong, replyToMessageId: event.messageId }, null, this.clock.now());
      }
      return true;
    });
    if (fresh) this.onCommitted();
  }
}

/** Whose messages the flood guard counts together: a sender on a channel. */
function floodKey(event: InboundMessage): string {
  return `${event.channel}:${event.sender.id}`;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
