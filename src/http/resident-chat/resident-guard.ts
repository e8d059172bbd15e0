import type { ServerResponse } from "node:http";
import type { Clock } from "../../clock";
import { sendJson } from "../http-io";
import { addressKey } from "../../limits/address-key";
import { memoryRateLimiters, type RateLimiter, type RateLimiterFactory } from "../../limits/rate-limiter";
import { StreamSlots } from "./stream-slots";

/**
 * Limits on the resident side of the web chat, where anyone can get a new identity (a cookie from
 * POST /chat/session, or simply a fresh cookie jar) for every message: per client address, and
 * overall for new residents (a botnet has many addresses). The per-resident limits of the core
 * (src/inbound/flood-guard.ts, appealsPerHour) cannot see this: to them each new identity is a
 * well-behaved newcomer.
 *
 * Where a "new resident" is counted: at its first admitted message, not when POST /chat/session
 * makes its cookie. Making an identity stays free and never refused, because
 * - the server keeps nothing per identity (resident-identity.ts derives the chat from the secret),
 *   so any well-formed secret a client mints itself already is an identity: a count at
 *   /chat/session would be skipped by a flood, while a message cannot be;
 * - only a message carries the text that tells an urgent appeal, so only there can the urgent
 *   reserve let a fresh browser's emergency through at the limit while the cap stays hard;
 * - a page view (a cleared browser, a crawler) would otherwise use up a busy hall's newcomers
 *   without filing anything, and a refused /chat/session would keep the page from even starting.
 */
export interface ResidentLimits {
  /** Messages from one address (an IPv6 /64) in any minute, all its residents together. */
  messagesPerMinutePerAddress: number;
  /** Identities this service has not seen before, from one address in any hour. */
  newResidentsPerHourPerAddress: number;
  /** New identities from all addresses together in any minute. */
  newResidentsPerMinute: number;
  /** Extra room in each of the three limits above that only urgent messages may use. */
  urgentReserve: number;
  /** Open live-update streams from one address… */
  streamsPerAddress: number;
  /** …and from all residents together. */
  streamsTotal: number;
}

/** A county's defaults (config/default.yaml has the same): see the README's limits paragraph. */
export const DEFAULT_RESIDENT_LIMITS: ResidentLimits = {
  messagesPerMinutePerAddress: 120,
  newResidentsPerHourPerAddress: 30,
  newResidentsPerMinute: 60,
  urgentReserve: 5,
  streamsPerAddress: 50,
  streamsTotal: 2000,
};

export interface ResidentGuardOptions {
  limits: ResidentLimits;
  clock: Clock;
  /** Whether a text reads as urgent (the deployment's urgent words). */
  looksUrgent: (text: string) => boolean;
  /** The polite sentence for a refused resident, in their language. */
  refusalText: (languageCode: string | undefined, retryAfterSeconds: number) => string;
  /** Where the counts are kept (the service: the database); this process's memory unless told otherwise. */
  rateLimiters?: RateLimiterFactory;
  /** Which residents were let in before (the service: the database); this process's memory unless told otherwise. */
  knownResidents?: KnownResidents;
  /** Told once a minute per address and reason that someone is being turned away. */
  onRefused?: (what: { reason: RefusalReason; address?: string; retryAfterSeconds: number }) => void;
}

export type RefusalReason = "messages" | "new_residents" | "new_residents_overall" | "streams" | "streams_total";

/**
 * How long after an urgent-sounding message the same resident's next messages (the confirm tap,
 * the community they pick) may still use the reserve, so the whole urgent appeal gets through.
 */
const URGENT_CONVERSATION_MS = 15 * 60_000;
/** Residents remembered in memory as known; the least recently seen beyond this count as new again. */
const KNOWN_RESIDENTS = 50_000;
/** How stale a known resident's last sight may get before a message writes it again (so not every message writes). */
const SEEN_EVERY_MS = 24 * 60 * 60_000;
/** EventSource retries on its own; this only tells other clients how long to leave it. */
const STREAM_RETRY_MS = 30_000;

/**
 * The rule for urgent appeals. Abuse limits apply to everyone: if "燃气泄漏" in the text lifted
 * them, a flood would simply say "燃气泄漏". But a real emergency must never be turned away
 * because the village behind the same address was busy, so each limit has a small reserve
 * (`urgentReserve`) on top that only urgent messages, and the rest of an urgent resident's
 * conversation, may use. The hard cap is the limit plus the reserve, urgent or not. Under the
 * limits urgent appeals are not slowed at all, and the core's per-resident appealsPerHour still
 * lets them through.
 */
export class ResidentGuard {
  private readonly messages: Window;
  private readonly newPerAddress: Window;
  private readonly newOverall: Window;
  private readonly known: KnownResidents;
  private readonly streams: StreamSlots;
  private readonly lastTold = new Map<string, number>();

  constructor(private readonly options: ResidentGuardOptions) {
    const make = options.rateLimiters ?? memoryRateLimiters;
    this.known = options.knownResidents ?? new MemoryKnownResidents(KNOWN_RESIDENTS);
    const { limits } = options;
    const window = (name: string, limit: number, windowMs: number): Window => ({
      normal: make(`web.${name}`, limit, windowMs),
      reserve: limits.urgentReserve > 0 ? make(`web.${name}.urgent`, limits.urgentReserve, windowMs) : undefined,
    });
    this.messages = window("messages", limits.messagesPerMinutePerAddress, 60_000);
    this.newPerAddress = window("new-residents", limits.newResidentsPerHourPerAddress, 3_600_000);
    this.newOverall = window("new-residents-overall", limits.newResidentsPerMinute, 60_000);
    this.streams = new StreamSlots(limits.streamsPerAddress, limits.streamsTotal);
  }

  /** Answers 429 and returns true if this message is over a limit; otherwise counts it. */
  async refusesMessage(res: ServerResponse, m: { address: string; chat: string; text?: string; languageCode?: string }): Promise<boolean> {
    const now = this.options.clock.now();
    const key = addressKey(m.address);
    const known = await this.known.get(m.chat);
    const urgentText = m.text !== undefined && this.options.looksUrgent(m.text);
    const urgent = urgentText || (known !== undefined && known.urgentUntil > now.getTime());
    const steps: Step[] = [{ window: this.messages, key, reason: "messages" }];
    if (!known) {
      steps.push({ window: this.newPerAddress, key, reason: "new_residents" });
      steps.push({ window: this.newOverall, key: "all", reason: "new_residents_overall" });
    }
    const refused = await takeAll(steps, now, urgent);
    if (refused) {
      this.refuse(res, { ...refused, status: 429 }, m.languageCode);
      return true;
    }
    const urgentUntil = urgentText ? now.getTime() + URGENT_CONVERSATION_MS : (known?.urgentUntil ?? 0);
    if (!known || urgentUntil !== known.urgentUntil || now.getTime() - known.seenAt >= SEEN_EVERY_MS) {
      await this.known.remember(m.chat, { urgentUntil, seenAt: now.getTime() });
    }
    return false;
  }

  /**
   * Answers 429 (this address has enough open) or 503 (the service has) and returns true if no
   * stream may be opened; otherwise holds a slot until the response closes, however it closes.
   */
  refusesStream(res: ServerResponse, address: string, languageCode?: string): boolean {
    const key = addressKey(address);
    const held = this.streams.hold(key);
    if (held === "ok") {
      // A browser that has already gone would never fire "close": there is nothing to open for it.
      if (res.destroyed || !res.socket || res.socket.destroyed) {
        this.streams.release(key);
        return true;
      }
      res.once("close", () => this.streams.release(key));
      return false;
    }
    const total = held === "total";
    this.refuse(res, { status: total ? 503 : 429, reason: total ? "streams_total" : "streams", key: total ? "all" : key, retryAfterMs: STREAM_RETRY_MS }, languageCode);
    return true;
  }

  private refuse(res: ServerResponse, r: Refusal & { status: 429 | 503 }, languageCode: string | undefined): void {
    const retryAfterSeconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
    this.tell(r.reason, r.key, retryAfterSeconds);
    sendJson(
      res,
      r.status,
      { error: this.options.refusalText(languageCode, retryAfterSeconds), code: "rate_limited", reason: r.reason, retryAfterSeconds },
      { "Retry-After": String(retryAfterSeconds) },
    );
  }

  /** Once a minute per address (or overall) and reason is enough for the log; a flood would otherwise flood it too. */
  private tell(reason: RefusalReason, key: string, retryAfterSeconds: number): void {
    const now = this.options.clock.now().getTime();
    const id = `${reason} ${key}`;
    if ((this.lastTold.get(id) ?? -Infinity) > now - 60_000) return;
    if (this.lastTold.size > 1000) this.lastTold.clear();
    this.lastTold.set(id, now);
    this.options.onRefused?.({ reason, ...(key === "all" ? {} : { address: key }), retryAfterSeconds });
  }
}

/** One limit and its urgent reserve. */
interface Window {
  normal: RateLimiter;
  reserve: RateLimiter | undefined;
}

interface Step {
  window: Window;
  key: string;
  reason: RefusalReason;
}

/** Which limit refused, under which key ("all" for the overall one), and for how long. */
interface Refusal {
  reason: RefusalReason;
  key: string;
  retryAfterMs: number;
}

/** Counts the request in every window, or in none: what one window took is given back when a later one refuses. */
async function takeAll(steps: Step[], now: Date, urgent: boolean): Promise<Refusal | undefined> {
  const taken: { limiter: RateLimiter; key: string }[] = [];
  for (const step of steps) {
    let decision = await step.window.normal.take(step.key, now);
    let limiter = step.window.normal;
    if (!decision.ok && urgent && step.window.reserve) {
      const reserve = await step.window.reserve.take(step.key, now);
      if (reserve.ok) limiter = step.window.reserve;
      decision = reserve.ok ? reserve : { ok: false, retryAfterMs: Math.min(decision.retryAfterMs, reserve.retryAfterMs) };
    }
    if (!decision.ok) {
      for (const t of taken) await t.limiter.giveBack(t.key, now);
      return { reason: step.reason, key: step.key, retryAfterMs: decision.retryAfterMs };
    }
    taken.push({ limiter, key: step.key });
  }
  return undefined;
}

/**
 * The resident chats the limits have let in. Only an admitted message makes a chat known (opening
 * a stream or getting a cookie does not), so a new identity costs a new-resident slot before it
 * can file anything. Kept where every instance sees it (the service's is in the database), so a
 * resident whose requests land on different instances is new once, and the rest of an urgent
 * conversation may use the reserve on whichever instance its next message lands. Times in ms.
 */
export interface KnownResidents {
  get(chat: string): Promise<KnownResident | undefined>;
  remember(chat: string, known: KnownResident): Promise<void>;
}

export interface KnownResident {
  /** Until when the chat's messages may use the urgent reserve (0: not urgent). */
  urgentUntil: number;
  /** When it was last written; rewritten once a day at most. */
  seenAt: number;
}

/** Known residents in this process's memory, least recently seen first: for the adapter run without a database. */
class MemoryKnownResidents implements KnownResidents {
  private readonly chats = new Map<string, KnownResident>();

  constructor(private readonly capacity: number) {}

  get(chat: string): Promise<KnownResident | undefined> {
    const entry = this.chats.get(chat);
    if (entry) {
      this.chats.delete(chat);
      this.chats.set(chat, entry);
    }
    return Promise.resolve(entry && { ...entry });
  }

  remember(chat: string, known: KnownResident): Promise<void> {
    this.chats.delete(chat);
    this.chats.set(chat, { ...known });
    if (this.chats.size > this.capacity) {
      const oldest = this.chats.keys().next();
      if (!oldest.done) this.chats.delete(oldest.value);
    }
    return Promise.resolve();
  }
}
