/**
 * The one boundary between the core and a chat platform. An adapter turns platform
 * events into `InboundEvent`s, hands them to the sink, and renders `OutboundMessage`s.
 * It holds no business rules, reads no environment and never touches the database.
 */

export type ChannelName = "telegram" | "wechat" | "web";

export type ChatKind = "private" | "group";

export interface Attachment {
  kind: "photo";
  /** Platform file id; only meaningful on the channel that produced it. */
  fileId: string;
  channel: ChannelName;
}

export interface GeoLocation {
  latitude: number;
  longitude: number;
}

export interface InboundMessage {
  kind: "message";
  channel: ChannelName;
  /** Unique per channel and stable across redeliveries: the dedupe key. */
  deliveryId: string;
  /** The message's own id in its chat, used to map replies to it. */
  messageId: string;
  chat: { id: string; kind: ChatKind; title?: string };
  sender: { id: string; displayName?: string; languageCode?: string };
  text?: string;
  photos?: Attachment[];
  /** Photos sent together (a Telegram album) share this id, so they are acknowledged once. */
  albumId?: string;
  location?: GeoLocation;
  /** Id (in the same chat) of the message this one replies to or quotes. */
  replyToMessageId?: string;
  /** Quoted text where the platform gives the quote but no id (WeChat). */
  quotedText?: string;
  /** Data of a pressed button (see `OutboundMessage.buttons`). */
  button?: string;
  /** Content the core cannot use (sticker, voice, file, ...), so it can say so. */
  unsupported?: string;
}

/** A group moved to a new id (Telegram: group upgraded to a supergroup). */
export interface ChatMovedEvent {
  kind: "chat_moved";
  channel: ChannelName;
  deliveryId: string;
  fromChatId: string;
  toChatId: string;
}

/** Someone became the bot's contact (WeChat: their friend request was accepted), so the core can greet them. */
export interface ContactAddedEvent {
  kind: "contact_added";
  channel: ChannelName;
  deliveryId: string;
  /** The private chat with them. */
  chatId: string;
  sender: InboundMessage["sender"];
}

/** The channel's account logged out or is back (WeChat), so the core can tell the operators. */
export interface ChannelStatusEvent {
  kind: "channel_status";
  channel: ChannelName;
  deliveryId: string;
  status: "logged_out" | "logged_in";
  /** The account's name, or why it logged out, as the platform says it. */
  detail?: string;
}

/**
 * News of a group's binding to a chat, for the operators (WeChat: a room is bound to a group by
 * a one-time code typed in it, then known by its id; a topic alone binds nothing).
 */
export interface GroupBindingEvent {
  kind: "group_binding";
  channel: ChannelName;
  deliveryId: string;
  /** The group as the deployment names it (its configured topic or id). */
  group: string;
  /**
   * bound: a chat was bound to it, and its messages go there from now on;
   * unbound: it has no chat (never bound, or gone after a new login); its messages wait until someone binds it;
   * impostor: another chat has its name; it is ignored.
   */
  status: "bound" | "unbound" | "impostor";
  /** The chat concerned (bound, impostor), as the platform names it. */
  room?: { id: string; title: string };
}

export type InboundEvent = InboundMessage | ChatMovedEvent | ContactAddedEvent | ChannelStatusEvent | GroupBindingEvent;

/**
 * Persists and handles one event. Resolves once the event is safely recorded;
 * rejects when it could not be, and the adapter must then let the platform redeliver.
 */
export type InboundSink = (event: InboundEvent) => Promise<void>;

export interface Button {
  label: string;
  data: string;
}

export interface Mention {
  /** Exact substring of `text` that names the person, e.g. "@王建国". */
  text: string;
  accountId: string;
}

/**
 * A document the core issued (a written notice's PDF), named by reference: the outbox row stays
 * small, and a channel that can carry a file (Telegram) reads its bytes from a `DocumentStore`
 * when it sends. Channels that cannot, or that link it in the text (the web chat), ignore it.
 */
export interface OutboundDocument {
  kind: "notice";
  id: string;
  /** What the resident's phone saves it as, e.g. 信访事项受理告知书-〔2026〕1号.pdf. */
  fileName: string;
}

/** Where an adapter reads a document's bytes (implemented in the core, passed in by src/app.ts). */
export interface DocumentStore {
  /** The PDF's bytes; undefined when there is no such document. */
  bytesOf(document: OutboundDocument): Promise<Buffer | undefined>;
}

export interface OutboundMessage {
  /** A chat's id, or a person's account id to write to them in private. */
  chatId: string;
  /** Plain text: never interpreted as markup by the platform. */
  text: string;
  /** Rows of buttons; channels without buttons ignore them (the text says what to reply). */
  buttons?: Button[][];
  replyToMessageId?: string;
  mentions?: Mention[];
  photo?: Attachment;
  /** A document sent with the text where the channel can carry one; the text must make sense without it. */
  document?: OutboundDocument;
  /** An alarm: the platform should notify loudly. */
  alarm?: boolean;
  /**
   * The same for every try of one queued message (its outbox row): a channel that keeps the
   * messages itself (the web chat) stores a retry once, so a send cut off between the platform
   * taking it and the outbox marking it sent is not shown twice. Other channels cannot tell.
   */
  idempotencyKey?: string;
}

export interface SendResult {
  /** Id of the (first) message sent, so replies to it can be mapped back. */
  messageId: string;
}

/** Why a send failed, so the outbox can decide between retry, redirect and giving up. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly outcome:
      | {
          kind: "retry";
          afterMs?: number;
          /**
           * The adapter does not recognise the failure, so it may be this message's own fault (a
           * poisonous message) rather than the platform's or the network's. Such tries count toward
           * the outbox's attempts bound; tries failed for a known passing reason (an outage, a
           * flood wait) count only toward its age bound. An error that is not a DeliveryError
           * counts as unknown too.
           */
          unknown?: boolean;
        }
      | {
          kind: "permanent";
          /**
           * The recipient blocked the bot (or closed their account): expected, and nothing an
           * operator can do, so the message is written off as failed. Any other permanent refusal
           * makes the message a dead letter that the operators hear of and may send again.
           */
          blocked?: boolean;
        }
      | { kind: "chat_moved"; toChatId: string }
      /**
       * Not sent and not a failure: the channel paces this chat (a platform's flood limit) and
       * takes it again after `afterMs`. The outbox sets it aside without counting an attempt and
       * sends other chats' messages meanwhile.
       */
      | { kind: "paced"; afterMs: number },
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

/** What the core needs to know of a channel to word what it sends there (see `ChannelAdapter`). */
export interface ChannelTraits {
  buttons: boolean;
  quoteReplies: boolean;
  /** The channel is on in this deployment (an adapter runs); unknown: assume it is. */
  on?: boolean;
}

export type TraitsOf = (channel: ChannelName) => ChannelTraits;

/**
 * How each channel words what it is sent, whichever instance runs it: an instance that queues a
 * card for a channel another instance sends on (MINQING_CHANNELS) words it as that one would. The
 * adapters declare theirs from here.
 */
export const channelWording: Record<ChannelName, { buttons: boolean; quoteReplies: boolean }> = {
  web: { buttons: true, quoteReplies: false },
  telegram: { buttons: true, quoteReplies: false },
  wechat: { buttons: false, quoteReplies: true },
};

/**
 * The right to run what a deployment must run once, however many instances it has: Telegram's
 * polling and its sending (the flood limits are the bot's, not an instance's), WeChat's login.
 * One live instance holds it; when the holder dies another takes it within seconds. Implemented
 * in src/cluster; an adapter given none runs as the only instance.
 */
export interface ChannelLease {
  /** Whether this instance holds it now (false as soon as it cannot be sure the others still see it alive). */
  held(): boolean;
  /** Resolves true once this instance holds it (at once if it does), false if `signal` aborts first. */
  whenHeld(signal: AbortSignal): Promise<boolean>;
  /**
   * Calls `handler` each time this instance loses it: `certain` when another instance holds it now
   * (or this one stopped heartbeating), not certain when this one could not show that it is alive
   * (the database away, a stall) and another may take it any moment; a certain loss may follow.
   * Stop what it guards: at once where two would clash (polling), once certain where stopping
   * costs dearly (a WeChat login). Returns the unsubscribe.
   */
  onLost(handler: (certain: boolean) => void): () => void;
  /** While held: a small JSON document the other instances can read (WeChat: the login state, for the login page on any of them). */
  publish(status: unknown): Promise<void>;
  /** What the holder last published; undefined when nothing was, or nobody holds it. */
  read(): Promise<unknown>;
}

export interface ChannelAdapter {
  readonly name: ChannelName;
  /** Whether the channel has buttons; without them prompts ask for a short reply. */
  readonly hasButtons: boolean;
  /** Replies arrive as a quote of the message's text (WeChat) rather than a reference to it, so cards say "quote". Default false. */
  readonly quoteReplies?: boolean;
  /** At most this many messages in `send()` at once; a paced channel takes one at a time. Default: the outbox's batch. */
  readonly sendConcurrency?: number;
  /** False while the channel cannot send at all (WeChat logged out): the outbox leaves its messages alone until it can. */
  canSend?(): boolean;
  start(sink: InboundSink): Promise<void>;
  stop(): Promise<void>;
  send(message: OutboundMessage): Promise<SendResult>;
  /** For /healthz: "up", "connecting", "logged_out", ... */
  state(): string;
}
