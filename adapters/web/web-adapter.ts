import {
  channelWording,
  DeliveryError,
  type ChannelAdapter,
  type InboundSink,
  type OutboundMessage,
  type SendResult,
} from "../../src/channels/port";
import type { CadreAuth } from "../../src/auth/cadre-auth";
import { SiteCookies } from "../../src/http/cookies";
import { systemClock, type Clock } from "../../src/clock";
import type { RateLimiterFactory } from "../../src/limits/rate-limiter";
import type { HttpMount } from "../../src/http/router";
import type { Logger } from "../../src/log";
import { DEFAULT_RESIDENT_LIMITS, ResidentGuard, type KnownResidents, type ResidentLimits } from "./abuse-limits";
import { cadreRoutes, type CadreRouteDeps } from "./cadre-routes";
import type { ChatStore } from "./chat-store";
import { redactChatId } from "./deliver";
import { Mailbox } from "./mailbox";
import { residentRoutes } from "./resident-routes";
import { WebSessions } from "./sessions";
import { StreamRegistry } from "./sse";
import type { ResidentCaseList, ResidentPhotoStore, WebLogin } from "./types";
import { isResidentChatId } from "./validate";

export type { WebLogin, WebChatMessage, WebSender } from "./types";

export interface WebAdapterOptions {
  http: HttpMount;
  logins: WebLogin[];
  /** The service's cadre sign-in, shared with the dashboard. */
  auth: CadreAuth;
  /** The cadre session and resident identity cookies (Secure behind https), shared with the dashboard. */
  cookies?: SiteCookies;
  logger: Logger;
  /** The chats' history, which every instance shares (the database's, wired in src/app.ts). */
  store: ChatStore;
  /** Limits per client address and overall on the resident side (abuse-limits.ts); a county's defaults otherwise. */
  residentLimits?: ResidentLimits;
  /** Whether a resident's text reads as urgent (the deployment's urgent words): it may use the limits' small reserve. */
  looksUrgent?: (text: string) => boolean;
  /** The polite sentence for a resident over a limit, in their language. */
  refusalText?: (languageCode: string | undefined, retryAfterSeconds: number) => string;
  /** Where the limits count (this process's memory by default; the service's are in the database). */
  rateLimiters?: RateLimiterFactory;
  /** Which residents the limits let in before (this process's memory by default; the service's are in the database). */
  knownResidents?: KnownResidents;
  clock?: Clock;
  /** Where residents' photos are kept (the database's, wired in src/app.ts); none kept by default. */
  photos?: ResidentPhotoStore;
  /** A resident's 我的诉求 list, read from the cases (wired in src/app.ts); empty by default. */
  residentCases?: ResidentCaseList;
}

const HEARTBEAT_MS = 25_000;

/** An adapter run without a photo store (a test of the chat alone) takes no photo. */
const NO_PHOTOS: ResidentPhotoStore = {
  maxBytes: 0,
  save: async () => ({ ok: false, reason: "too_large" }),
  ofChat: async () => undefined,
};

/**
 * The built-in web chat: the resident chat API under /chat/ (its page, at /, is front/resident),
 * a cadre page at /cadre, both fed by
 * Server-Sent Events. Routes are mounted once, here, because HttpMount cannot unmount;
 * until start() hands over the sink, posts are answered 503 and the pages retry.
 */
export class WebAdapter implements ChannelAdapter {
  readonly name = "web" as const;
  readonly hasButtons = channelWording.web.buttons;

  private sink: InboundSink | undefined;
  private readonly mailbox: Mailbox;
  private readonly sessions: WebSessions;
  private readonly streams = new StreamRegistry();
  private readonly logger: Logger;
  private stopHearingSignOuts: (() => void) | undefined;

  constructor(options: WebAdapterOptions) {
    checkLogins(options.logins);
    this.logger = options.logger;
    this.mailbox = new Mailbox(options.store, this.logger);
    this.sessions = new WebSessions(options.auth, options.logins);

    const deps: CadreRouteDeps = {
      mailbox: this.mailbox,
      sink: () => this.sink,
      logger: this.logger,
      streams: this.streams,
      heartbeatMs: HEARTBEAT_MS,
      sessions: this.sessions,
      cookies: options.cookies ?? new SiteCookies(),
    };
    const residentDeps = { ...deps, guard: residentGuard(options, this.logger), photos: options.photos ?? NO_PHOTOS, residentCases: options.residentCases ?? (async () => []) };
    options.http.mount("/chat", (req, res, url, info) => residentRoutes(residentDeps, req, res, url, info));
    // The pages themselves are built from front/ and served by src/http/front-files.ts.
    options.http.mount("/cadre", (req, res, url, info) => cadreRoutes(deps, req, res, url, info));
  }

  async start(sink: InboundSink): Promise<void> {
    await this.mailbox.start();
    // A cadre who signs out, here, on the dashboard or on another instance, is heard of here: their streams end.
    this.stopHearingSignOuts = await this.sessions.onEnded((id) => this.streams.closeTagged(id));
    this.sink = sink;
    this.logger.info("web chat: ready", { resident: "/", cadre: "/cadre" });
  }

  /** Ends the open event streams too: they would otherwise keep the HTTP server from closing. */
  async stop(): Promise<void> {
    this.sink = undefined;
    this.stopHearingSignOuts?.();
    this.stopHearingSignOuts = undefined;
    this.streams.closeAll();
    await this.mailbox.stop();
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const chatId = this.sessions.chatForAccount(message.chatId);
    if (!isResidentChatId(chatId) && !this.sessions.isKnownChat(chatId)) {
      // Nobody could ever open such a chat, so retrying would only delay the mistake.
      throw new DeliveryError(
        `web chat "${redactChatId(chatId)}" is neither a resident chat ("r-<uuid>"), a cadre's private chat ("c-<account>") nor a group of a web login`,
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

function residentGuard(options: WebAdapterOptions, logger: Logger): ResidentGuard {
  return new ResidentGuard({
    limits: options.residentLimits ?? DEFAULT_RESIDENT_LIMITS,
    clock: options.clock ?? systemClock,
    looksUrgent: options.looksUrgent ?? (() => false),
    refusalText: options.refusalText ?? ((_language, seconds) => `too many requests from your network; try again in ${seconds} s`),
    ...(options.rateLimiters ? { rateLimiters: options.rateLimiters } : {}),
    ...(options.knownResidents ? { knownResidents: options.knownResidents } : {}),
    onRefused: (what) => logger.warn("web chat: a limit was reached; refusing residents' requests for now", what),
  });
}

/** Catches configuration mistakes that would otherwise show up as a cadre who cannot sign in or see a group. */
function checkLogins(logins: readonly WebLogin[]): void {
  const accounts = new Set<string>();
  logins.forEach((login, index) => {
    const where = `web login #${index + 1} (${login.account || "no account"})`;
    if (login.account.trim() === "" || login.account.length > 128) {
      throw new Error(`${where}: account must be 1 to 128 characters`);
    }
    if (accounts.has(login.account)) throw new Error(`${where}: account ${login.account} is listed twice`);
    accounts.add(login.account);
    for (const chat of login.chats) {
      // These prefixes name resident and private chats; a group spelled so would be mistaken for one.
      if (chat.id === "" || chat.id.startsWith("r-") || chat.id.startsWith("c-")) {
        throw new Error(`${where}: group chat id "${chat.id}" must be non-empty and not start with "r-" or "c-"`);
      }
    }
  });
}
