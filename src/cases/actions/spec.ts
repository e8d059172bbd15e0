import type { Attachment, GeoLocation, OutboundMessage } from "../../channels/port";
import type { Refusal } from "../../vocabulary/refusals";
import type { CaseRecord, CaseEventRecord } from "../case-record";
import type { Cadre } from "../../config/schema";
import { responsibleCadre } from "../../routing/assign";
import type { Directory } from "../../config/directory";
import type { Texts } from "../../texts";
import type { CaseView, CommandName } from "../../texts/texts";
import type { TimeLimits } from "../time-limits";
import type { Views } from "../views";
import { openStates, type ActionType, type CaseAction, type CaseState } from "../state-machine";
import { noticeOfEvent, residentNoticePath, type NoticeRequest } from "../../notices/notice-issuer";

export type Actor = { kind: "resident"; residentId: number } | { kind: "cadre"; cadre: Cadre } | { kind: "system" };

export type { Refusal } from "../../vocabulary/refusals";

export type ActionOf<T extends ActionType> = Extract<CaseAction, { type: T }>;

/**
 * Who may take an action, before any other rule:
 * - "resident": the case's own resident;
 * - "residentOfMatter": the case's own resident, or one whose case was merged into it (合并): they
 *   reported the same matter, and may add to it (补充) though the case is another's;
 * - "cadre": a cadre of the case's department, or a supervisor (src/cases/authority.ts);
 * - "system": the service itself (reminders, start-up), never a person.
 */
export type Who = "resident" | "residentOfMatter" | "cadre" | "system";

/** What an action needs from the rest of the core to decide and to change a case. */
export interface ActionContext {
  directory: Directory;
  limits: TimeLimits;
  now: Date;
  /** The other case the action names (`ActionSpec.other`), locked with this one; null when there is none by that number. */
  other: CaseRecord | null;
}

/** What the change leaves for the timeline event besides its type: its text and its data. */
export interface Recorded {
  body?: string | null;
  data?: CaseEventRecord["data"];
}

type Draft = Omit<OutboundMessage, "chatId">;

/** The resident's chat as a spec sees it; whether it exists at all (an API client reads progress back) is not the spec's business. */
export interface ResidentSide {
  texts: Texts;
  view: CaseView;
  /** The resident's chat shows buttons. */
  tap: boolean;
  /**
   * Set when this resident's own case was merged into this one (合并): their case, as they know it
   * (its number, when they filed it). They hear every step of this one, but what only the case's
   * own resident may do (rate it) is not asked of them.
   */
  mergedFrom: CaseView | null;
}

/** The messages an action may cause, each to one kind of audience; the notifier decides the chats, the masking and the queue. */
export interface Messages {
  /** The deployment's language, for everything cadres read. */
  g: Texts;
  views: Views;
  directory: Directory;
  toResident(make: (r: ResidentSide) => Draft | Draft[]): Promise<void>;
  /** The case card again (after a transfer), with a line under it. */
  card(extraLine: string | null): Promise<void>;
  /** Every group of the case's department; `mention` is set when `who` has an account on that chat's channel. */
  toGroups(make: (mention: (cadre: Cadre) => OutboundMessage["mentions"]) => Draft): Promise<void>;
  /** Photos and a place the resident sent, to every group of the department (as the card's are). */
  attachmentsToGroups(photos: readonly Attachment[], location: GeoLocation | null): Promise<void>;
  toSupervisors(message: Draft): Promise<void>;
  /** Every group of another department than the case's (the one a review took it from). */
  toDepartment(departmentId: string, message: Draft): Promise<void>;
  /** One cadre: in private if they have an account on a channel that is on, else mentioned in the department's groups. */
  toCadre(cadre: Cadre, privately: Draft, inGroup: (mention: OutboundMessage["mentions"]) => Draft): Promise<void>;
}

/**
 * The name of a cadre's chat command that takes an action: its key for `t.usage(...)`. "mine" and
 * "case" read rather than act, "withdraw" and "review" are the resident's (src/commands/).
 */
export type ActionCommandName = Exclude<CommandName, "mine" | "case" | "withdraw" | "review">;

/** What parsing a cadre's command and acknowledging it may look at. */
export interface ChatContext {
  /** The cadre who typed it. */
  cadre: Cadre;
  /** The deployment's language. */
  t: Texts;
  directory: Directory;
}

/** How a cadre asks for the action in a chat: "/accept MQ-…", "受理 MQ-…", or a reply to the case card. */
export interface ChatCommand<T extends ActionType> {
  /** The command's name; its usage text is `t.usage(command)`. */
  command: ActionCommandName;
  /** Every word that means it: the Latin one (counts only with a slash) and the Chinese ones (with or without). */
  words: readonly string[];
  /** The rest of the message (after the command and the case number) as the action, or the text to answer when it is missing or wrong. */
  parse(rest: string, ctx: ChatContext): ActionOf<T> | string;
  /** What the cadre reads once the action is done on case `number`. */
  ack(t: Texts, action: ActionOf<T>, number: string, ctx: ChatContext): string;
}

export interface ActionSpec<T extends ActionType> {
  /** The number of another case the action concerns (a merge's lead): CaseService.apply locks it too and hands it over in the context. */
  other?: (action: ActionOf<T>) => string;
  /** The states the action is allowed from. */
  from: readonly CaseState[];
  /** Where it leads: a state, "stays", or a rule (a rating reopens or closes). */
  to: CaseState | "stays" | ((action: ActionOf<T>) => CaseState);
  who: Who;
  /** Rules beyond the state table and `who`, checked in order after them; null: allowed. */
  refuse?: (c: CaseRecord, action: ActionOf<T>, actor: Actor, ctx: ActionContext) => Refusal | null;
  /** What the action changes on the case (its state is set by the service from `to`). */
  change?: (c: CaseRecord, action: ActionOf<T>, ctx: ActionContext, next: CaseState) => Recorded | void;
  /**
   * The written notice the action issues to the resident (受理告知书, 意见书…), from the case as
   * changed; none when it returns null. Issued in the action's transaction, its hash in the event.
   */
  notice?: (c: CaseRecord, action: ActionOf<T>, ctx: ActionContext) => NoticeRequest | null;
  /** Whether the resident sees the timeline event ("internal": the department's own business). */
  event: "public" | "internal";
  /** The messages the committed change causes. */
  messages?: (m: Messages, c: CaseRecord, event: CaseEventRecord, extra: { transferredFrom: string }) => Promise<void>;
  /** The cadre's chat command for it, if cadres take it by typing (src/cadre/cadre-desk.ts). */
  chat?: ChatCommand<T>;
  /**
   * What then happens, by the service, to each case merged into this one (a withdrawn lead
   * releases them); `from` is the state this case was in before the action.
   */
  thenToMerged?: (c: CaseRecord, from: CaseState) => CaseAction;
}

export const allOpen: readonly CaseState[] = openStates;

// Shared pieces of change.

/** Accepted now, if not before: the finish deadline starts. */
export function acceptIfNot(c: CaseRecord, ctx: ActionContext): void {
  if (c.acceptedAt) return;
  c.acceptedAt = ctx.now;
  c.finishDueAt = ctx.limits.finishDue(ctx.now, c);
}

/** The department's cadre for the case's community, else its first handler. */
export function replaceCadre(c: CaseRecord, ctx: ActionContext): string {
  const from = c.cadreId;
  c.cadreId = responsibleCadre(ctx.directory, c.departmentId, c.communityId).id;
  return from;
}

/**
 * Back to work (重办 or 复查) with a new finish deadline; the resolution no longer stands. A cadre
 * who has left since (resolved cases are not reassigned at start) is replaced, so the reopened
 * case has someone to answer for it; the event's data says who was replaced.
 */
export function reopen(c: CaseRecord, finishDueAt: Date, ctx: ActionContext): { reassignedFrom: string } | null {
  c.resolvedAt = null;
  c.closedAt = null;
  c.finishDueAt = finishDueAt;
  if (ctx.directory.isCadreOf(c.departmentId, c.cadreId)) return null;
  return { reassignedFrom: replaceCadre(c, ctx) };
}

export const isSupervisor = (actor: Actor) => actor.kind === "cadre" && actor.cadre.role === "supervisor";

// Shared pieces of messages.

/** The resident hears one sentence. */
export const residentHears =
  (say: (r: ResidentSide, c: CaseRecord, e: CaseEventRecord) => string) =>
  async (m: Messages, c: CaseRecord, e: CaseEventRecord): Promise<void> =>
    m.toResident((r) => ({ text: say(r, c, e) }));

/** The resident hears one sentence, with the notice the event issued (see `withNotice`). */
export const residentHearsWithNotice =
  (say: (r: ResidentSide, c: CaseRecord, e: CaseEventRecord) => string) =>
  async (m: Messages, c: CaseRecord, e: CaseEventRecord): Promise<void> =>
    m.toResident((r) => withNotice(r, c, e, say(r, c, e)));

/** The department's groups read one line. */
export const groupsRead =
  (say: (g: Texts, c: CaseRecord, e: CaseEventRecord, m: Messages) => string) =>
  async (m: Messages, c: CaseRecord, e: CaseEventRecord): Promise<void> =>
    m.toGroups(() => ({ text: say(m.g, c, e, m) }));

/** Several messages, one after another. */
export const both =
  (...parts: ((m: Messages, c: CaseRecord, e: CaseEventRecord, extra: { transferredFrom: string }) => Promise<void>)[]) =>
  async (m: Messages, c: CaseRecord, e: CaseEventRecord, extra: { transferredFrom: string }): Promise<void> => {
    for (const part of parts) await part(m, c, e, extra);
  };

/**
 * The resident's message about the event, with what it adds when the event issued a notice: its
 * title and number, in the web chat the link their browser opens it by (with their cookie only),
 * and the PDF itself as a document for the channels that can carry one (Telegram). A resident
 * whose case was merged into this one is not its addressee, and hears nothing of it.
 */
export function withNotice(r: ResidentSide, c: CaseRecord, e: CaseEventRecord, text: string): Draft {
  const notice = noticeOfEvent(e.data);
  if (!notice || r.mergedFrom) return { text };
  const title = r.texts.notice.title(notice.kind);
  return {
    text: text + "\n\n" + r.texts.noticeIssued(title, notice.number, c.channel === "web" ? residentNoticePath(notice.id) : null),
    document: { kind: "notice", id: notice.id, fileName: `${title}-${notice.number}.pdf` },
  };
}
