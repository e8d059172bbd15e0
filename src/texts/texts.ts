import type { Refusal } from "../vocabulary/refusals";
import type { CaseState, ReviewStage } from "../vocabulary/case-states";
import type { ChannelName } from "../channels/port";
import type { EventType } from "../vocabulary/case-record";
import type { EmergencyKind } from "../vocabulary/emergency-kinds";

/** What a text needs to know about a case; names are already resolved, dates already formatted. */
export interface CaseView {
  number: string;
  state: CaseState;
  category: string;
  community: string | null;
  department: string;
  cadre: string;
  urgent: boolean;
  text: string;
  createdAt: string;
  acceptDueAt: string;
  /** The first answer's deadline. */
  answerDueAt: string;
  finishDueAt: string | null;
  reviewCount: number;
  rating: number | null;
  photos: number;
  hasLocation: boolean;
}

export interface EventView {
  at: string;
  type: EventType;
  /** Who acted, as the reader may see it (a department for the resident, a name for cadres). */
  actor: string;
  body: string | null;
  internal: boolean;
}

export interface DraftView {
  text: string;
  category: string | null;
  community: string | null;
  urgent: boolean;
  photos: number;
  hasLocation: boolean;
}

/** Column headings of the ledger's CSV export. */
export interface LedgerColumns {
  number: string;
  state: string;
  urgent: string;
  category: string;
  community: string;
  department: string;
  cadre: string;
  createdAt: string;
  answerDueAt: string;
  acceptedAt: string;
  firstAnswerAt: string;
  resolvedAt: string;
  closedAt: string;
  rating: string;
  overdue: string;
  text: string;
}

/** Column headings of the statistics' CSV export. */
export interface StatsColumns {
  department: string;
  community: string;
  category: string;
  month: string;
  filed: string;
  responseRate: string;
  resolutionRate: string;
  satisfactionRate: string;
  hoursToAccept: string;
  hoursToAnswer: string;
  hoursToFinish: string;
  open: string;
  overdue: string;
  rated: string;
  total: string;
  noCommunity: string;
  /** 人次: residents' appeals, repeats included. */
  people: string;
  /** 件: matters, several residents' merged cases counted once. */
  matters: string;
}

export type CommandName =
  | "accept"
  | "reject"
  | "reply"
  | "transfer"
  | "resolve"
  | "note"
  | "mine"
  | "case"
  | "withdraw"
  | "extend"
  | "approve"
  | "deny"
  | "review"
  | "assign"
  | "merge";

/** The stage of a deadline a reminder is about. */
export type NudgeStage = "accept_soon" | "accept_overdue" | "answer_soon" | "answer_overdue" | "finish_soon" | "finish_overdue";

export interface DigestCounts {
  new: number;
  open: number;
  dueToday: number;
  overdue: number;
  unrated: number;
}

/** Why a case action was refused, beyond "not in this state" (which `cannotDo` says). */
export type RefusalReason = Exclude<Refusal, "not_allowed" | "not_found" | "not_yours">;

/**
 * Every sentence the service says, in one language. Adding a key here makes the compiler
 * ask for it in every language.
 *
 * `tap`: the chat has buttons. Without them (WeChat) a prompt says only what to reply, never
 * "tap". `quote`: replying to a message in this chat quotes its text (WeChat's 引用).
 */
/** The written notices a case's actions issue (src/notices/): which one, by its kind. */
export type NoticeKind = "accepted" | "not_accepted" | "extended" | "answer" | "review_answer" | "re_review_answer";

/** What a notice's text says of its case; dates already written out (2026年12月1日). */
export interface NoticeFacts {
  caseNumber: string;
  filedOn: string;
  /** The appeal's words, shortened. */
  matter: string;
  department: string;
  /** Why (不予受理, 延期); the answer (意见书). */
  reason: string;
  /** The deadline the notice names: the answer's (受理), the extended one (延期), the last day to ask for a review (意见书). */
  until: string;
  /** Who the resident may ask next (复查, 复核): a department's name; null when that body is outside this deployment. */
  nextBody: string | null;
}

/**
 * A written notice's words. Its body is legal text (信访工作条例), written in Simplified Chinese
 * and shown in Traditional characters where the deployment writes those; the English one is a
 * translation, for a deployment that works in English.
 */
export interface NoticeTexts {
  title(kind: NoticeKind): string;
  /** 主送: the resident by name, or 反映人 when they gave none. */
  addressee(name: string | null): string;
  /** The body's paragraphs. */
  body(kind: NoticeKind, facts: NoticeFacts): string[];
  /** 发文字号: 〔2026〕3号. */
  number(year: number, serial: number): string;
  /** 成文日期: 2026年12月1日. */
  date(year: number, month: number, day: number): string;
  /** Under each page: — 1 —. */
  page(n: number): string;
}

export interface Texts {
  /** The written notices (src/notices/). */
  notice: NoticeTexts;
  /** The resident hears a notice was issued; `link`: where their browser opens it (the web chat), else null. */
  noticeIssued(title: string, number: string, link: string | null): string;
  dateTime(date: Date, timeZone: string): string;
  stateName(state: CaseState): string;
  eventName(type: EventType): string;

  // Residents
  greeting(serviceName: string): string;
  residentHelp: string;
  describeProblem: string;
  /** After the way in to reporting an official (反映干部作风问题, 举报): whom and what, and who handles it (信访工作条例 Art. 30). */
  reportPrompt(body: string): string;
  /** An appeal read as a report: who handles it, and that the accused never get it. */
  reportGoesTo(body: string): string;
  askCategory(options: string[], tap: boolean): string;
  /** Asking with the likeliest categories only; the last option (`otherCategoriesOption`) shows them all. */
  askLikelyCategory(options: string[], tap: boolean): string;
  otherCategoriesOption: string;
  askCommunity(options: string[], tap: boolean): string;
  communityUnknownOption: string;
  choiceNotUnderstood(tap: boolean): string;
  /** Something that is neither "confirm", "cancel" nor more of the appeal, at the summary. */
  confirmNotUnderstood(tap: boolean): string;
  summary(draft: DraftView, tap: boolean): string;
  confirmButton: string;
  cancelButton: string;
  photoAdded(count: number): string;
  locationAdded: string;
  cancelled: string;
  nothingToCancel: string;
  textTruncated(limit: number): string;
  receipt(c: CaseView): string;
  /** What to do now, right after an emergency's receipt; `line`: a number to call (the gas company's), if configured; null kind: urgent by other means. */
  emergencyAdvice(kind: EmergencyKind | null, line: string | null): string;
  /** After an emergency's receipt and advice: the details wanted, which go to case `number`. */
  emergencyDetails(number: string): string;
  /** The resident's further words were added to case `number` (补充). */
  supplementAdded(number: string, tap: boolean): string;
  /** A repeat appeal (同一信访事项): "您在 … 已反映过此事（编号 …）", the words added to that case. */
  alreadyReported(c: CaseView, tap: boolean, mine: CaseView | null): string;
  /** The button (and what to reply) to file the words as a new matter instead. */
  newMatterButton: string;
  /** In the supplement step, something that is neither words nor "new matter". */
  supplementHint(number: string, tap: boolean): string;
  statusList(cases: CaseView[]): string;
  noCases: string;
  caseForResident(c: CaseView, events: EventView[]): string;
  caseNotFound(number: string): string;
  needCaseNumber(command: string): string;
  withdrawn(number: string): string;
  cannotDo(number: string, state: CaseState): string;
  unsupportedContent: string;
  unknownCommand: string;
  somethingWentWrong: string;
  slowDown: string;
  appealLimitReached(perHour: number): string;
  /** The web chat's answer to a browser over a limit of its network (address), with when to try again. */
  webTooManyRequests(retryAfterSeconds: number): string;

  // Updates to residents
  acceptedUpdate(c: CaseView): string;
  replyUpdate(c: CaseView, text: string): string;
  rejectedUpdate(c: CaseView, reason: string): string;
  transferredUpdate(c: CaseView): string;
  resolvedUpdate(c: CaseView, text: string): string;
  ratePrompt(number: string, tap: boolean): string;
  ratingLabels: [string, string, string, string, string];
  ratingThanks(number: string, rating: number): string;
  reopenedUpdate(c: CaseView): string;
  /** The review (复查) or re-review (复核) was taken up; `c.department` is the body that handles it now. */
  reviewOpened(c: CaseView, stage: ReviewStage): string;
  extensionApprovedUpdate(c: CaseView, days: number, reason: string): string;
  stillHandling(c: CaseView): string;
  ratingReminder(number: string): string;
  closedUnrated(number: string): string;

  // Cadres
  card(c: CaseView, mention: string): string;
  cardHint(quote: boolean): string;
  photoCaption(number: string): string;
  photoOnOtherChannel(number: string, count: number): string;
  locationLine(latitude: number, longitude: number): string;
  cadreHelp: string;
  notACadre: string;
  groupNotBound(chatId: string): string;
  chatIdAnswer(channel: string, chatId: string): string;
  notYourCase(number: string): string;
  usage(command: CommandName): string;
  unknownDepartment(name: string, known: string[]): string;
  sameDepartment(number: string): string;
  ackAccepted(number: string): string;
  ackReplied(number: string): string;
  ackRejected(number: string): string;
  ackTransferred(number: string, department: string): string;
  ackResolved(number: string): string;
  ackNoted(number: string): string;
  transferredIn(number: string, from: string, reason: string | null): string;
  ratedNotice(number: string, rating: number): string;
  reopenedNotice(number: string, rating: number, mention: string): string;
  withdrawnNotice(number: string): string;
  /** To the department's groups: the resident added to the case (`repeat`: they reported the same matter again). */
  supplementNotice(number: string, text: string, repeat: boolean): string;
  /** To the resident whose case `number` was merged into `lead` (合并). */
  mergedUpdate(number: string, lead: string): string;
  /** To the department's groups: `number` was merged into `lead`. */
  mergedNotice(number: string, lead: string): string;
  /** To the resident whose case `number` had been merged into `lead`: `lead` was withdrawn, theirs is handled on its own again. */
  unmergedUpdate(number: string, lead: string): string;
  /** To the department's groups: the same. */
  unmergedNotice(number: string, lead: string): string;
  /** On a new case's card (`number`): it may be the matter of the open case `lead`, which `people` residents reported. */
  possiblySame(lead: string, people: number, number: string): string;
  ackMerged(number: string, lead: string): string;
  mine(cases: CaseView[]): string;
  noOpenCases: string;
  caseForCadre(c: CaseView, events: EventView[]): string;

  // Time limits, reminders and escalation
  nudge(c: CaseView, stage: NudgeStage, mention: string): string;
  escalation(c: CaseView, stage: NudgeStage, cadre: string): string;
  extensionRequested(c: CaseView, cadre: string, days: number, reason: string): string;
  extensionApprovedNotice(c: CaseView, days: number): string;
  extensionDeniedNotice(number: string, reason: string): string;
  /** Under the case card, to the reviewing body's groups: whose answer (`from`) the resident disputes, and why. */
  reviewNotice(c: CaseView, stage: ReviewStage, from: string, reason: string): string;
  /** To the groups of the department whose answer is disputed: the review went to `reviewer`. */
  reviewForwarded(number: string, stage: ReviewStage, reviewer: string): string;
  closedUnratedNotice(number: string): string;
  /** To the department's group: the cadre who answered for the case left it (`from`), `mention` answers now. */
  reassignedNotice(number: string, from: string, mention: string): string;
  /** To the cadre a case was assigned to (指派), in private; `note`: what the assigner added. */
  assignedToYou(c: CaseView, by: string, note: string | null): string;
  /** The same in the department's group, when the cadre has no private chat with the bot. */
  assignedNotice(number: string, by: string, mention: string, note: string | null): string;
  unknownCadre(name: string, known: string[]): string;
  ackAssigned(number: string, cadre: string): string;
  /** A cadre the timeline names but the deployment file no longer lists: their id, as recorded. */
  departedCadre(id: string): string;
  ackExtensionRequested(number: string): string;
  ackApproved(number: string): string;
  ackDenied(number: string): string;
  refused(reason: RefusalReason, number: string, maxExtensionDays: number): string;
  dailyDigest(department: string, date: string, counts: DigestCounts): string;
  weeklyDigest(week: string, rows: { department: string; counts: DigestCounts }[]): string;
  /** A one-time link to the dashboard (台账), sent to a cadre's private chat. */
  loginLink(url: string, minutes: number): string;
  loginLinkPrivateOnly: string;

  // Exports
  ledgerColumns: LedgerColumns;
  statsColumns: StatsColumns;
  yes: string;
  no: string;

  // Operators
  channelName(channel: ChannelName): string;
  /** `detail`: why, as the platform says it. */
  channelLoggedOut(channel: ChannelName, detail: string | null): string;
  /** `detail`: the account's name. */
  channelLoggedIn(channel: ChannelName, detail: string | null): string;
  /** Messages on `channel` were set aside as undeliverable; `waiting`: dead letters there now; `link`: the dashboard's list. */
  deadLetterAlarm(channel: ChannelName, waiting: number, link: string | null): string;
  /** The internal timeline note when a supervisor sends a dead letter of the case again. */
  deadLetterRetriedNote(channel: ChannelName): string;
  /** A group (its configured name) was bound to a chat by its one-time code: to the operators and the group. */
  groupBound(channel: ChannelName, group: string): string;
  /** A group has no chat (never bound, or gone after a new login): its messages wait; bind it with the code. */
  groupUnbound(channel: ChannelName, group: string): string;
  /** Another chat has a bound group's name: ignored. */
  groupImpostor(channel: ChannelName, group: string): string;
}

/**
 * What the web chat's residents read instead of "send /status": its page has quick-reply chips
 * (反映问题 · 我的诉求 · 查询进度 · 帮助) and a 我的诉求 list with every case's timeline, so these
 * texts point at those. The chips' names are the page's (front/locales/<language>/resident.ts).
 * Commands without a chip (撤回, 复查) are named by their Chinese words, which work without a slash.
 */
export type WebChatWording = Pick<Texts, "greeting" | "residentHelp" | "receipt" | "statusList" | "caseNotFound" | "unknownCommand" | "closedUnrated">;
