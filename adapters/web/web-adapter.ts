import type { ServerResponse } from "node:http";
import {
  channelWording,
  DeliveryError,
  type ChannelAdapter,
  type InboundSink,
  type OutboundMessage,
  type SendResult,
} from "../../src/channels/port";
import type { SessionPort } from "../../src/auth/session-port";
import type { Logger } from "../../src/log";
import { chatTag, isResidentChatId } from "../../src/web-chat/chat-ids";
import type { PostedMessage, PostOutcome, WebChatTransport, WebLogin } from "../../src/web-chat/web-chat-transport";
import type { ChatStore } from "./chat-store";
import { deliver } from "./deliver";
import { openFeed } from "./feed";
import { Mailbox } from "./mailbox";
import { StreamRegistry } from "./sse";
import { WebLogins } from "./web-logins";

export type { WebChatMessage } from "./types";

export interface WebAdapterOptions {
  /** The web logins of the configuration: the chats the core may send to. */
  logins: readonly WebLogin[];
  /** The cadre sign-in, as far as the cadres' open feeds need it: they end with their session. */
  sessions: SessionPort;
  logger: Logger;
  /** The chats' history, which every instance shares (the database's, wired in src/app.ts). */
  store: ChatStore;
}

const HEARTBEAT_MS = 25_000;

/**
 * The built-in web chat as a channel: the chats' history, the live feeds of the open pages, and
 * the hand-over of browsers' messages to the core. Who may use which chat, and what a request may
 * carry, is the HTTP interface's (src/http/resident-chat, src/http/cadre-chat), which reaches this
 * through the WebChatTransport port. Until start() hands over the sink, posts are answered 503 and
 * the pages retry.
 */
export class WebAdapter implements ChannelAdapter, WebChatTransport {
  readonly name = "web" as const;
  readonly hasButtons = channelWording.web.buttons;

  private sink: InboundSink | undefined;
  private readonly mailbox: Mailbox;
  private readonly logins: WebLogins;
  private readonly streams = new StreamRegistry();
  private readonly logger: Logger;
  private readonly sessions: SessionPort;
  private stopHearingSignOuts: (() => void) | undefined;

  constructor(options: WebAdapterOptions) {
    this.logins = new WebLogins(options.logins);
    this.logger = options.logger;
    this.sessions = options.sessions;
    this.mailbox = new Mailbox(options.store, this.logger);
  }

  async start(sink: InboundSink): Promise<void> {
    await this.mailbox.start();
    // A cadre who signs out, on any page of any instance, is heard of here: their streams end.
    this.stopHearingSignOuts = await this.sessions.onSessionEnded((id) => this.streams.closeTagged(id));
    this.sink = sink;
    this.logger.info("web chat: ready", { resident: "/", cadre: "/workspace#/chats" });
  }

  /** Ends the open event streams too: they would otherwise keep the HTTP server from closing. */
  async stop(): Promise<void> {
    this.sink = undefined;
    this.stopHearingSignOuts?.();
    this.stopHearingSignOuts = undefined;
    this.streams.closeAll();
    await this.mailbox.stop();
  }

  post(message: PostedMessage): Promise<PostOutcome> {
    return deliver({ mailbox: this.mailbox, sink: this.sink, logger: this.logger }, message);
  }

  openFeed(res: ServerResponse, chatIds: readonly string[], after: number, session?: string): void {
    const deps = { mailbox: this.mailbox, streams: this.streams, heartbeatMs: HEARTBEAT_MS };
    // A sign-out (on any instance) ends the stream at once; the heartbeat's check catches expiry.
    openFeed(deps, res, chatIds, after, session === undefined ? {} : { tag: session, stillAllowed: () => this.sessions.isLive(session) });
  }

  webPhotoOf(chatId: string, messageId: string): Promise<string | undefined> {
    return this.mailbox.webPhotoOf(chatId, messageId);
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const chatId = this.logins.chatForAccount(message.chatId);
    if (!isResidentChatId(chatId) && !this.logins.isKnownChat(chatId)) {
      // Nobody could ever open such a chat, so retrying would only delay the mistake.
      throw new DeliveryError(
        `web chat "${chatTag(chatId)}" is neither a resident chat ("r-<uuid>"), a cadre's private chat ("c-<account>") nor a group of a web login`,
        { kind: "permanent" },
      );
    }
    // Stored and announced to every instance in one transaction; each pushes it to its open pages.
    // A retry of the same outbox message (the key has a colon, which no page's clientMessageId has) is stored once.
    const { id } = await this.mailbox.append(
      chatId,
      {
        from: { kind: "bot" },
        text: message.text,
        buttons: message.buttons,
        mentions: message.mentions,
        replyToMessageId: message.replyToMessageId,
        alarm: message.alarm,
        photo: message.photo,
      },
      message.idempotencyKey,
    );
    return { messageId: id };
  }

  state(): string {
    return this.sink ? "up" : "stopped";
  }
}
