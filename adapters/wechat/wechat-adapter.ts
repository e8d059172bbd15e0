import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { WechatyBuilder, types, type impls, type OfficialPuppetNpmName, type Wechaty, type WechatyOptions } from "wechaty";
import {
  channelWording,
  DeliveryError,
  type ChannelAdapter,
  type ChannelLease,
  type GeoLocation,
  type GroupBindingEvent,
  type InboundEvent,
  type InboundMessage,
  type InboundSink,
  type OutboundMessage,
  type SendResult,
} from "../../src/channels/port";
import type { HttpMount } from "../../src/http/router";
import type { Logger } from "../../src/log";
import { bindCommand, parseBindCommand } from "./bind-code";
import { InboundJournal } from "./inbound-journal";
import { InboundQueue } from "./inbound-queue";
import { isLoginView, LOGIN_PAGE_PATH, loginKeyHash, loginPage, type LoginView } from "./login-page";
import { terminalQr } from "./login-qr";
import { Pacer, type PacingOptions } from "./pacer";
import { render, type WechatStep } from "./render";
import { RoomBindings } from "./room-bindings";
import { stripMention, toInbound, unreadable, type MessageFacts } from "./to-inbound";

/** A puppet object, as the tests pass wechaty-puppet-mock. */
export type PuppetInstance = Exclude<NonNullable<WechatyOptions["puppet"]>, string>;

export interface WechatAdapterOptions {
  /** The puppet's npm name, which wechaty loads (wechaty-puppet-wechat4u, wechaty-puppet-service, …), or a puppet object. */
  puppet: string | PuppetInstance;
  /** A paid puppet's token. */
  token?: string;
  /** Where the puppet keeps its login (wechaty's memory card), so a restart needs no new scan. None: kept in memory. */
  sessionFile?: string;
  /**
   * The deployment's WeChat groups: room ids or exact topics, as the core knows them. A room id
   * is that room; any other group gets its room when someone types the group's one-time code in
   * it (see RoomBindings), never by its topic alone, which anyone can give their own room.
   */
  rooms: readonly string[];
  /** Where the groups' rooms are kept once bound (JSON), so a restart keeps them. None: in memory only. */
  roomsFile?: string;
  /** Where events wait until the core has recorded them (see InboundJournal), so a crash loses none. None: in memory only. */
  journalFile?: string;
  /**
   * The "wechat" lease of the instances on one database: only its holder runs the puppet (one
   * account, one login); the others stand by, and their login page shows the holder's. Without
   * one this is the only instance.
   */
  lease?: ChannelLease;
  /** Accept friend requests by themselves; otherwise a person accepts them on the phone. Either way the new contact is greeted. */
  acceptFriends: boolean;
  pacing: PacingOptions;
  /** Longest a send waits for its paced turn before the outbox is asked to try later; keep it well under the outbox lease. Default 20 s. */
  maxPaceWaitMs?: number;
  /** Characters per message (default `TEXT_LIMIT`). */
  textLimit?: number;
  /** How long after a login an unknown contact may still be loading rather than gone (default 5 min). */
  contactsLoadingMs?: number;
  /** Serves the operator's login page. */
  http: HttpMount;
  /** Where to draw the login QR code for the operator (a terminal), if anywhere. */
  terminal?: NodeJS.WritableStream;
  logger: Logger;
}

/** standby: another instance holds the lease and runs WeChat. */
type State = "stopped" | "standby" | "starting" | "connecting" | "waiting_for_scan" | "scanned" | "logged_in" | "logged_out" | "failed";

const DEFAULT_MAX_PACE_WAIT_MS = 20_000;
/** After a login a puppet may still be loading contacts: an unknown id is not yet proof that the person is gone. */
const DEFAULT_CONTACTS_LOADING_MS = 5 * 60_000;
/** A puppet that cannot reach WeChat reports the same error many times a second. */
const SAME_ERROR_LOGGED_EVERY_MS = 60_000;
/** How often a message for a group with no room yet looks again whether it has one. */
const UNBOUND_GROUP_RECHECK_MS = 30_000;

/**
 * WeChat through wechaty: residents in private chats with the bot's account, cadres in the
 * departments' groups (rooms). Sends are paced like a person (see Pacer), one at a time; while
 * the account is logged out nothing is sent and the outbox keeps everything until a new scan.
 * A group's room is the one bound to it by id (RoomBindings), never one that merely has its topic.
 */
export class WechatAdapter implements ChannelAdapter {
  readonly name = "wechat" as const;
  readonly hasButtons = channelWording.wechat.buttons;
  readonly quoteReplies = channelWording.wechat.quoteReplies;
  readonly sendConcurrency = 1;

  private readonly bot: Wechaty;
  private readonly pacer: Pacer;
  private readonly logger: Logger;
  /** The login page answers only with this key, which is logged when the puppet starts. */
  private readonly loginKey = randomBytes(16).toString("hex");
  private queue: InboundQueue | undefined;
  /** What start() set going (the puppet while this instance holds the lease), and how to end it. */
  private running: { abort: AbortController; done: Promise<void> } | undefined;
  /** The puppet runs here now: its logout is news only then (not when it is stopped). */
  private puppetOn = false;
  private current: State = "stopped";
  private qr: string | undefined;
  private account: string | undefined;
  private loggedInAt = 0;
  /** Operators were told of a logout, so they hear of the next login too. */
  private loggedOut = false;
  /** Which room is which group: bound by a one-time code, then by id. */
  private readonly bindings: RoomBindings;
  /** Group → its room, found this login: web-protocol rooms may be gone after a new login. */
  private readonly roomIds = new Map<string, string>();
  /** Rooms already reported as having a bound group's topic: once each. */
  private readonly impostors = new Set<string>();
  private sentSeq = 0;
  /** Puppet error message → when it was last logged, and how often it came since. */
  private readonly errors = new Map<string, { loggedAt: number; repeats: number }>();

  constructor(private readonly options: WechatAdapterOptions) {
    this.logger = options.logger;
    this.pacer = new Pacer(options.pacing);
    this.bindings = new RoomBindings(options.rooms, options.roomsFile, options.logger);
    const common = options.sessionFile === undefined ? {} : { name: options.sessionFile };
    this.bot = WechatyBuilder.build(
      typeof options.puppet === "string"
        ? {
            ...common,
            // wechaty loads any installed wechaty-puppet-* by name; its type lists only the official ones.
            puppet: options.puppet as OfficialPuppetNpmName,
            puppetOptions: options.token === undefined ? {} : { token: options.token },
          }
        : { ...common, puppet: options.puppet },
    );
    this.bot.on("scan", (qrcode, status) => this.onScan(qrcode, status));
    this.bot.on("login", (user) => this.onLogin(user.name()));
    this.bot.on("logout", (_user, reason) => this.onLogout(reason));
    this.bot.on("message", (message) => this.onMessage(message));
    this.bot.on("friendship", (friendship) => void this.onFriendship(friendship));
    // A room the bot is added to, or one renamed, may take a bound group's topic: the operators hear of it.
    this.bot.on("room-join", (room, invitees) => void this.inspectRoom(room, invitees));
    this.bot.on("room-topic", (room) => void this.inspectRoom(room));
    this.bot.on("error", (error) => this.onError(error.message));
    // Mounted once, here: HttpMount cannot unmount.
    options.http.mount("/wechat", loginPage(() => this.loginView()));
  }

  /** The login to show: this instance's while it runs WeChat (or is the only one), else what the holder published. */
  private async loginView(): Promise<LoginView | undefined> {
    const lease = this.options.lease;
    if (lease === undefined || this.puppetOn) return this.ownLoginView();
    const published = await lease.read();
    return isLoginView(published) ? published : undefined;
  }

  private ownLoginView(): LoginView {
    return {
      keyHash: loginKeyHash(this.loginKey),
      status: { state: this.current, qr: this.qr, account: this.account, toBind: this.bindings.pending().map((p) => ({ group: p.group, type: bindCommand(p.code) })) },
    };
  }

  /** The login changed: the other instances' login pages show it from the lease. */
  private changed(): void {
    if (this.puppetOn) void this.options.lease?.publish(this.ownLoginView());
  }

  /** The operator's login page with its key, as the log shows it at start. */
  get loginPagePath(): string {
    return `${LOGIN_PAGE_PATH}?key=${this.loginKey}`;
  }

  async start(sink: InboundSink): Promise<void> {
    if (this.queue !== undefined) throw new Error("WechatAdapter: already started");
    // Events an earlier run had not got recorded go first.
    this.queue = new InboundQueue(sink, this.logger, this.options.journalFile === undefined ? undefined : new InboundJournal(this.options.journalFile, this.logger));
    if (this.options.sessionFile !== undefined) mkdirSync(dirname(this.options.sessionFile), { recursive: true });
    const abort = new AbortController();
    let firstTry!: () => void;
    const tried = new Promise<void>((resolve) => (firstTry = resolve));
    this.running = { abort, done: this.runWhileHeld(abort.signal, firstTry) };
    // The puppet's first start here, or standing by: the rest of the service does not wait for a login.
    await tried;
  }

  async stop(): Promise<void> {
    const queue = this.queue;
    const running = this.running;
    this.queue = undefined;
    this.running = undefined;
    this.current = "stopped";
    running?.abort.abort();
    await running?.done;
    await queue?.stop();
  }

  /**
   * Until stopped: stands by while another instance holds the lease, runs the puppet while this
   * one does. Only a certain loss stops the puppet (another instance holds the lease now): a
   * database away for a few seconds must not cost a new login (events meanwhile wait in the
   * journal and the queue; the outbox cannot send anyway).
   */
  private async runWhileHeld(signal: AbortSignal, tried: () => void): Promise<void> {
    const lease = this.options.lease;
    try {
      while (!signal.aborted) {
        if (lease !== undefined && !lease.held()) {
          this.current = "standby";
          this.logger.info("wechat: another instance runs WeChat; this one stands by (its login page shows that one's)");
          tried();
          if (!(await lease.whenHeld(signal))) return;
        }
        let taken!: () => void;
        const lostOrStopped = new Promise<boolean>((resolve) => {
          const stopped = () => resolve(false);
          if (signal.aborted) return stopped();
          signal.addEventListener("abort", stopped, { once: true });
          taken = () => {
            signal.removeEventListener("abort", stopped);
            resolve(true);
          };
        });
        const off = lease?.onLost((certain) => certain && taken());
        try {
          await this.startPuppet();
          tried();
          const lost = await lostOrStopped;
          await this.stopPuppet();
          if (!lost) return;
        } finally {
          off?.();
        }
      }
    } finally {
      tried();
    }
  }

  private async startPuppet(): Promise<void> {
    this.puppetOn = true;
    this.current = "starting";
    const puppet = typeof this.options.puppet === "string" ? this.options.puppet : this.options.puppet.name();
    this.logger.info("wechat: starting; the operator's login page is", { puppet, page: this.loginPagePath });
    this.changed();
    try {
      await this.bot.start();
      // Until the puppet shows a QR code or logs in again from the saved session.
      if (this.current === "starting") this.current = "connecting";
    } catch (err) {
      // The rest of the service keeps running; /healthz says "failed".
      this.current = "failed";
      this.logger.error("wechat: the puppet did not start", { puppet, error: describe(err) });
    }
    this.changed();
  }

  /** Stopped here (this instance stops, or another took the lease): not a logout to tell the operators of. */
  private async stopPuppet(): Promise<void> {
    this.puppetOn = false;
    this.account = undefined;
    this.qr = undefined;
    this.roomIds.clear();
    try {
      await this.bot.stop();
    } catch (err) {
      this.logger.warn("wechat: stopping the puppet failed", { error: describe(err) });
    }
  }

  state(): string {
    return this.current;
  }

  canSend(): boolean {
    return this.current === "logged_in" && this.puppetOn;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (!this.canSend()) {
      throw new DeliveryError(`WeChat is ${this.current}; the message waits for the account to log in`, { kind: "retry", afterMs: 30_000 });
    }
    const deadline = Date.now() + (this.options.maxPaceWaitMs ?? DEFAULT_MAX_PACE_WAIT_MS);
    const steps = render(message, this.options.textLimit);
    const conversationId = await this.conversation(message.chatId);
    let firstId: string | undefined;
    for (const [i, step] of steps.entries()) {
      try {
        // Only the first part may be turned away for pacing: the rest follow it, as a person would.
        const id = await this.pacer.run(() => this.say(conversationId, step), i === 0 ? deadline : undefined);
        firstId ??= id;
      } catch (err) {
        // A retry of the whole message repeats the parts already sent: better twice than a lost tail.
        if (i > 0) this.logger.warn("wechat: long message only partly sent", { parts: steps.length, sent: i });
        // The puppet's errors say nothing of their cause; logged out is handled above, so while
        // logged in a failing say() may be this message's fault: counted (unknown), so a
        // poisonous message is set aside after the outbox's maxAttempts instead of holding its
        // chat for a day.
        throw err instanceof DeliveryError ? err : new DeliveryError(describe(err), { kind: "retry", unknown: true });
      }
    }
    return { messageId: firstId ?? this.localId() };
  }

  /** The puppet's message id, or one of ours where the puppet gives none (WeChat replies are quotes, so it is only a record). */
  private async say(conversationId: string, step: WechatStep): Promise<string> {
    const puppet = this.bot.puppet;
    if (step.kind === "text") {
      const id = await puppet.messageSendText(conversationId, step.text, step.mentionIds.length > 0 ? step.mentionIds : undefined);
      return id || this.localId();
    }
    let picture;
    try {
      picture = await puppet.messageImage(step.fileId, types.Image.HD);
    } catch (err) {
      throw new DeliveryError(`the resident's picture can no longer be fetched from WeChat: ${describe(err)}`, { kind: "permanent" });
    }
    return (await puppet.messageSendFile(conversationId, picture)) || this.localId();
  }

  /** The conversation to send to: a group's bound room (found once per login); any other id must exist. */
  private async conversation(chatId: string): Promise<string> {
    if (!this.options.rooms.includes(chatId)) {
      await this.mustExist(chatId);
      return chatId;
    }
    const room = await this.roomOfGroup(chatId);
    if (room !== undefined) return room;
    // Not a failure, and never a room that merely has the group's topic: like everything while
    // WeChat is logged out, the group's messages wait in the outbox (no attempt counted) until
    // a person binds its room with the code, or the bot is added to a room configured by id.
    throw new DeliveryError(`the WeChat group "${chatId}" has no bound room yet: type its code (see the log or ${LOGIN_PAGE_PATH}) in its room`, {
      kind: "paced",
      afterMs: UNBOUND_GROUP_RECHECK_MS,
    });
  }

  /** A configured room id is that room (nobody can choose an id); otherwise the room bound by code, while it exists. */
  private async roomOfGroup(group: string): Promise<string | undefined> {
    const known = this.roomIds.get(group);
    if (known !== undefined) return known;
    for (const candidate of [group, this.bindings.roomOf(group)]) {
      if (candidate !== undefined && (await this.roomExists(candidate))) {
        this.roomIds.set(group, candidate);
        return candidate;
      }
    }
    return undefined;
  }

  /**
   * Whether the bot is in the room now. From the puppet's list of rooms, not a payload: wechat4u
   * keeps asking for the payload of an id it does not know for about a minute.
   */
  private roomExists(roomId: string): Promise<boolean> {
    return this.bot.puppet.roomList().then(
      (ids) => ids.includes(roomId),
      () => false,
    );
  }

  /**
   * After each login: a group whose room is not found (never bound, or a web-protocol login gave
   * every room a new id) gets a code, shown in the log and on the login page, and the operators
   * are told to bind it.
   */
  private async checkBindings(): Promise<void> {
    const login = this.loggedInAt;
    for (const group of this.options.rooms) {
      const room = await this.roomOfGroup(group);
      if (this.loggedInAt !== login || this.current !== "logged_in") return; // the next login checks again
      if (room !== undefined) {
        this.bindings.noCodeNeeded(group);
        continue;
      }
      const code = this.bindings.codeFor(group);
      const before = this.bindings.roomOf(group);
      this.logger.warn(
        before === undefined
          ? "wechat: a group has no room yet; to bind it, type this in its room (the code works once)"
          : "wechat: the room bound to a group is not there after this login; to bind it again, type this in its room (the code works once)",
        { group, type: bindCommand(code), ...(before === undefined ? {} : { boundRoom: before }), page: this.loginPagePath },
      );
      this.queue?.push({ kind: "group_binding", channel: "wechat", deliveryId: `binding:unbound:${group}:${login}`, group, status: "unbound" });
    }
  }

  /** The chat id the core knows a room by: its group, when it is that group's room; else the room's own id. */
  private chatIdOfRoom(roomId: string, topic: string): string {
    if (this.options.rooms.includes(roomId)) return roomId;
    const group = this.bindings.groupOf(roomId);
    if (group !== undefined && this.options.rooms.includes(group)) return group;
    if (this.options.rooms.includes(topic)) this.sameTopic(topic, roomId);
    return roomId;
  }

  /** A room that is not the group's has its topic: ignored, and, when the group has its room, reported once. */
  private sameTopic(group: string, roomId: string): void {
    const bound = this.bindings.roomOf(group);
    if (bound === undefined || this.bindings.isPending(group)) {
      // The operators were told to bind the group: this may be its room, waiting for the code.
      this.logger.debug("wechat: a room has the topic of a group that waits for its code", { group, room: roomId });
      return;
    }
    if (this.impostors.has(roomId)) return;
    this.impostors.add(roomId);
    this.logger.warn("wechat: another room has the topic of a bound group; it is ignored and the operators are told", { group, room: roomId, boundRoom: bound });
    const event: GroupBindingEvent = { kind: "group_binding", channel: "wechat", deliveryId: `binding:impostor:${group}:${roomId}`, group, status: "impostor", room: { id: roomId, title: group } };
    this.queue?.push(event);
  }

  /** On a room's join (only when the bot is among `invitees`) or rename event. */
  private async inspectRoom(room: impls.RoomInterface, invitees?: impls.ContactInterface[]): Promise<void> {
    try {
      if (invitees !== undefined && !invitees.some((c) => c.id === this.bot.puppet.currentUserId)) return;
      this.chatIdOfRoom(room.id, await room.topic());
    } catch (err) {
      this.logger.debug("wechat: a room could not be read", { room: room.id, error: describe(err) });
    }
  }

  /** `绑定 <code>` typed in a room: bound, or ignored without a word (an answer would help guessing). */
  private bind(typed: string, roomId: string, topic: string): GroupBindingEvent | null {
    const result = this.bindings.redeem(typed, roomId, topic);
    if (result.kind === "wrong") {
      this.logger.warn("wechat: a wrong or used bind code was typed in a room; ignored", { room: roomId, topic });
      return null;
    }
    if (result.kind === "room_taken") {
      this.logger.warn("wechat: a group's code was typed in the room of another group; not bound, the code still works", {
        group: result.group,
        room: roomId,
        roomIsAlready: result.takenBy,
      });
      return null;
    }
    this.roomIds.set(result.group, roomId);
    this.impostors.delete(roomId);
    this.changed();
    this.logger.info("wechat: a group is bound to a room by its code", { group: result.group, room: roomId, topic });
    return { kind: "group_binding", channel: "wechat", deliveryId: `binding:bound:${result.group}:${roomId}:${Date.now()}`, group: result.group, status: "bound", room: { id: roomId, title: topic } };
  }

  private async mustExist(chatId: string): Promise<void> {
    const puppet = this.bot.puppet;
    const exists = await puppet.contactPayload(chatId).then(
      () => true,
      () => puppet.roomPayload(chatId).then(() => true, () => false),
    );
    if (exists) return;
    if (Date.now() - this.loggedInAt < (this.options.contactsLoadingMs ?? DEFAULT_CONTACTS_LOADING_MS)) {
      throw new DeliveryError(`no WeChat contact or group "${chatId}" yet; contacts may still be loading`, { kind: "retry", afterMs: 30_000 });
    }
    // Web-protocol puppets (wechat4u) give everyone new ids at each login: such a chat is gone for good.
    throw new DeliveryError(`no WeChat contact or group "${chatId}"`, { kind: "permanent" });
  }

  private localId(): string {
    this.sentSeq += 1;
    return `wx-${Date.now().toString(36)}-${this.sentSeq}`;
  }

  private onError(message: string): void {
    const now = Date.now();
    const seen = this.errors.get(message);
    if (seen !== undefined && now - seen.loggedAt < SAME_ERROR_LOGGED_EVERY_MS) {
      seen.repeats += 1;
      return;
    }
    this.errors.set(message, { loggedAt: now, repeats: 0 });
    this.logger.warn("wechat: puppet error", seen?.repeats ? { error: message, repeatsSinceLastLogged: seen.repeats } : { error: message });
  }

  private onScan(qrcode: string, status: types.ScanStatus): void {
    if (status === types.ScanStatus.Scanned) {
      this.current = "scanned";
      this.logger.info("wechat: QR code scanned; confirm the login on the phone");
      this.changed();
      return;
    }
    if (status !== types.ScanStatus.Waiting && status !== types.ScanStatus.Timeout) return;
    if (!qrcode) return;
    this.qr = qrcode;
    this.current = "waiting_for_scan";
    this.logger.info("wechat: waiting for the login QR code to be scanned", { qrcode, page: this.loginPagePath });
    this.options.terminal?.write(`\n${terminalQr(qrcode)}\n用作为机器人的微信扫码登录 / scan with the bot's WeChat: ${qrcode}\n\n`);
    this.changed();
  }

  private onLogin(account: string): void {
    this.current = "logged_in";
    this.qr = undefined;
    this.account = account;
    this.loggedInAt = Date.now();
    this.roomIds.clear();
    this.logger.info("wechat: logged in", { account });
    if (this.loggedOut) this.status("logged_in", account);
    this.loggedOut = false;
    this.changed();
    void this.checkBindings()
      .catch((err: unknown) => this.logger.warn("wechat: the groups' rooms could not be checked", { error: describe(err) }))
      .finally(() => this.changed());
  }

  private onLogout(reason: string | undefined): void {
    if (this.queue === undefined || !this.puppetOn) return; // stopped here: the puppet's own logout is not news
    this.current = "logged_out";
    this.account = undefined;
    this.roomIds.clear();
    this.loggedOut = true;
    this.logger.warn("wechat: logged out; messages to send wait in the outbox until the next scan", { reason });
    this.status("logged_out", reason || undefined);
    this.changed();
  }

  private status(status: "logged_in" | "logged_out", detail: string | undefined): void {
    this.queue?.push({ kind: "channel_status", channel: "wechat", deliveryId: `status:${status}:${Date.now()}`, status, detail });
  }

  private onMessage(message: impls.MessageInterface): void {
    // Read now, queued in arrival order.
    this.queue?.push(
      this.facts(message).then(
        (facts): InboundEvent | null => {
          if (facts === null) return null;
          if (facts.room !== undefined && facts.type === types.Message.Text) {
            const typed = parseBindCommand(stripMention(facts.text.trim(), facts.selfNames));
            if (typed !== null) return this.bind(typed, facts.room.id, facts.room.topic);
          }
          const translation = toInbound(facts);
          if (translation.kind === "event") return translation.event;
          this.logger.debug("wechat: message ignored", { id: message.id, reason: translation.reason });
          return null;
        },
        (err: unknown) => {
          // Recorded with what is known, so the sender hears that it could not be read, as on the other channels.
          const event = this.unreadable(message);
          this.logger.warn(event === null ? "wechat: a message could not be read, nor its sender; skipped" : "wechat: a message could not be read; the sender is told", {
            id: message.id,
            error: describe(err),
          });
          return event;
        },
      ),
    );
  }

  /** Null for the bot's own messages. */
  private async facts(message: impls.MessageInterface): Promise<MessageFacts | null> {
    if (message.self()) return null;
    const talker = message.talker();
    const me = this.bot.currentUser;
    const selfNames = [me.name()];
    const room = message.room();
    let chat: MessageFacts["room"];
    if (room !== undefined) {
      const topic = await room.topic();
      const nickname = await room.alias(me);
      if (nickname) selfNames.push(nickname);
      chat = { chatId: this.chatIdOfRoom(room.id, topic), id: room.id, topic };
    }
    const type = message.type();
    return {
      id: message.id,
      type,
      text: message.text(),
      talker: { id: talker.id, name: talker.name(), official: talker.type() === types.Contact.Official },
      room: chat,
      selfNames,
      location: type === types.Message.Location ? await this.location(message.id) : undefined,
    };
  }

  /** What a message that could not be read still tells: its id, who wrote it, where. Null: not even that, or the bot's own. */
  private unreadable(message: impls.MessageInterface): InboundMessage | null {
    try {
      const payload = message.payload;
      const talkerId = payload?.talkerId || payload?.fromId;
      if (payload === undefined || !talkerId || talkerId === this.bot.puppet.currentUserId) return null;
      const roomId = payload.roomId || undefined;
      return unreadable({ id: message.id, talkerId, room: roomId === undefined ? undefined : { chatId: this.chatIdOfRoom(roomId, "") } });
    } catch {
      return null;
    }
  }

  /** wechaty's own message.toLocation() throws in 1.20; the puppet call works where the puppet can read locations. */
  private async location(messageId: string): Promise<GeoLocation | undefined> {
    try {
      const { latitude, longitude } = await this.bot.puppet.messageLocation(messageId);
      return Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude, longitude } : undefined;
    } catch (err) {
      this.logger.debug("wechat: the puppet cannot read this location", { id: messageId, error: describe(err) });
      return undefined;
    }
  }

  private async onFriendship(friendship: impls.FriendshipInterface): Promise<void> {
    try {
      const contact = friendship.contact();
      const type = friendship.type();
      if (type === types.Friendship.Receive) {
        if (!this.options.acceptFriends) {
          this.logger.info("wechat: friend request left for a person to accept on the phone");
          return;
        }
        await friendship.accept();
        this.logger.info("wechat: friend request accepted");
      } else if (type !== types.Friendship.Confirm) {
        return;
      }
      const added: InboundEvent = {
        kind: "contact_added",
        channel: "wechat",
        // Accepting may be followed by a confirmation: one greeting per contact.
        deliveryId: `friend:${contact.id}`,
        chatId: contact.id,
        sender: contact.name() ? { id: contact.id, displayName: contact.name() } : { id: contact.id },
      };
      this.queue?.push(added);
    } catch (err) {
      this.logger.warn("wechat: a friend request could not be handled", { error: describe(err) });
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
