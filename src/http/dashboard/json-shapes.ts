import type { CaseState } from "../../vocabulary/case-states";
import type { ActorKind, EventType } from "../../vocabulary/case-record";
import type { ReviewStage } from "../../vocabulary/case-states";
import type { Rates, StatsCounts, StatsDimension } from "../../vocabulary/stats-figures";

/**
 * What the workspace's API answers, as one definition: the routes build these (their builders
 * are typed by them) and the pages read them (front/workspace/inbox/types.ts and
 * front/workspace/dashboard/types.ts re-export them), so a field the server drops or renames is a
 * compile error in the page that reads it. Types only, importing nothing but src/vocabulary, so
 * the pages' compiler can read it.
 */

export interface Named {
  id: string;
  name: string;
}

export type DueKind = "accept" | "answer" | "finish";
export type ExtensionState = "requested" | "approved" | "denied";

/** The inbox's filters (我的案件): their names are the `view` of GET /dashboard/api/inbox. */
export type InboxView = "open" | "mine" | "unassigned" | "due_soon" | "overdue" | "urgent";

/** The actions the workspace offers as buttons: every one a chat command offers (src/http/dashboard/case-actions.ts). */
export type CadreAction = "accept" | "reply" | "reject" | "transfer" | "resolve" | "note" | "extend_request" | "extend_approve" | "extend_deny" | "assign" | "merge";

/** A card of the inbox (src/http/dashboard/inbox/inbox-json.ts). */
export interface InboxRow {
  number: string;
  state: CaseState;
  urgent: boolean;
  category: Named;
  community: Named | null;
  department: Named;
  cadre: Named;
  mine: boolean;
  text: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string | null;
  dueKind: DueKind | null;
  extensionState: ExtensionState | null;
  photoCount: number;
}

/** GET /dashboard/api/inbox?view=… */
export interface InboxAnswer {
  view: InboxView;
  rows: InboxRow[];
  counts: Record<InboxView, number>;
  limit: number;
  now: string;
}

/** A ledger line (台账) and a row of the overdue list (src/http/dashboard/case-json.ts). */
export interface CaseRow {
  number: string;
  state: CaseState;
  urgent: boolean;
  /** Past its deadline; null for an open case with no deadline left to miss: neither overdue nor in time. */
  overdue: boolean | null;
  category: Named;
  community: Named | null;
  department: Named;
  cadre: Named;
  text: string;
  createdAt: string;
  answerDueAt: string;
  rating: number | null;
}

/** GET /dashboard/api/cases: one page of the ledger. */
export interface CasePage {
  rows: CaseRow[];
  total: number;
  totalIsAtLeast: boolean;
  page: number;
  size: number;
}

/** One step of a case's timeline, as its cadres see it: who acted, internal notes included. */
export interface TimelineEvent {
  at: string;
  type: EventType;
  actorKind: ActorKind;
  actor: string | null;
  body: string | null;
  internal: boolean;
  transfer: { from: string; to: string } | null;
  rating: number | null;
  /** For a review: 复查, or the one re-review (复核). */
  reviewStage: ReviewStage | null;
}

/** A written notice issued on the case (src/notices/), with where its cadres open it. */
export interface CaseNotice {
  at: string;
  /** The notice's title as printed: 信访事项受理告知书. */
  title: string;
  /** 发文字号: 〔2026〕3号. */
  number: string;
  /** SHA-256 of the PDF, as the timeline recorded it. */
  sha256: string;
  pdfUrl: string;
  htmlUrl: string;
}

/** GET /dashboard/api/cases/<number>: the ledger's case page. */
export interface LedgerCase extends CaseRow {
  /** The written notices, the first issued first. */
  notices: CaseNotice[];
  viaApi: boolean;
  /** How many photos the resident sent, on any channel. */
  photos: number;
  /** Where the web chat's photos can be loaded by the case's cadres (other channels' photos stay in their groups). */
  photoUrls: string[];
  location: { latitude: number; longitude: number } | null;
  acceptedAt: string | null;
  firstAnswerAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  timeline: TimelineEvent[];
  actions: CadreAction[];
}

/** What the inbox's case view adds to the ledger's case (src/http/dashboard/inbox/inbox-json.ts). */
export interface DeskFields {
  cadreId: string;
  deadlines: { accept: string; answer: string; finish: string | null };
  extension: { state: ExtensionState; days: number | null; reason: string | null } | null;
  actions: CadreAction[];
}

/** GET /dashboard/api/inbox/cases/<number>: the case view, with every deadline and what this cadre may do now. */
export type CaseDetail = LedgerCase & DeskFields;

export interface CannedReply {
  title: string;
  text: string;
}

/** GET /dashboard/api/inbox/desk: the department's 常用语, whom a case can be assigned to, the extension's bound. */
export interface Desk {
  cannedReplies: CannedReply[];
  colleagues: (Named & { department: string })[];
  maxExtensionDays: number;
}

/** What the live stream says of a case that changed (src/cases/case-changes.ts). */
export interface CaseChange {
  number: string;
  departmentId: string;
  fromDepartmentId?: string;
  urgent: boolean;
  state: CaseState;
  event: string;
}

/** The counts of a group of cases and their rates (src/vocabulary/stats-figures.ts). */
export type StatsFigures = StatsCounts & Rates;

export type { StatsDimension };

/** GET /dashboard/api/stats?by=… */
export interface StatsAnswer {
  by: StatsDimension;
  rows: (StatsFigures & { key: string | null; name: string | null })[];
  total: StatsFigures;
}

/** GET /dashboard/api/charts */
export interface ChartsAnswer {
  trend: { month: string; filed: number; resolved: number; responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null }[];
  backlog: { bandsDays: readonly number[]; bands: { band: number; open: number; overdue: number }[] };
  heat: { categoryId: string; communityId: string | null; cases: number; category: string; community: string | null }[];
  overdue: { rows: CaseRow[]; total: number; totalIsAtLeast: boolean };
}

/** Where an undelivered message was going, in words a supervisor reads (never a resident's id). */
export type ChatOf = { kind: "department"; name: string } | { kind: "supervisors" } | { kind: "operators" } | { kind: "cadre"; name: string } | { kind: "resident" };

/** A row of 未送达 (GET /dashboard/api/dead-letters). */
export interface DeadLetter {
  id: number;
  channel: string;
  chat: ChatOf;
  case: string | null;
  text: string | null;
  attempts: number;
  failures: number;
  reason: "refused" | "attempts" | "age";
  firstError: string | null;
  lastError: string | null;
  createdAt: string;
  deadAt: string;
  ageSeconds: number;
}
