/** What the cadre inbox API answers (src/http/dashboard/inbox/inbox-json.ts, src/http/dashboard/case-json.ts). */
export interface Named {
  id: string;
  name: string;
}

export const INBOX_VIEWS = ["open", "mine", "unassigned", "due_soon", "overdue", "urgent"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export type CaseState = "submitted" | "accepted" | "in_progress" | "resolved" | "closed" | "rejected" | "withdrawn" | "merged";
export type DueKind = "accept" | "answer" | "finish";
export type ExtensionState = "requested" | "approved" | "denied";

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

export interface InboxAnswer {
  view: InboxView;
  rows: InboxRow[];
  counts: Record<InboxView, number>;
  limit: number;
  now: string;
}

export const CADRE_ACTIONS = [
  "accept",
  "reply",
  "transfer",
  "extend_request",
  "resolve",
  "reject",
  "note",
  "assign",
  "merge",
  "extend_approve",
  "extend_deny",
] as const;
export type CadreAction = (typeof CADRE_ACTIONS)[number];

export interface TimelineEvent {
  at: string;
  type: string;
  actorKind: "resident" | "cadre" | "system";
  actor: string | null;
  body: string | null;
  internal: boolean;
  transfer: { from: string; to: string } | null;
  rating: number | null;
}

export interface CaseDetail {
  number: string;
  state: CaseState;
  urgent: boolean;
  overdue: boolean | null;
  category: Named;
  community: Named | null;
  department: Named;
  cadre: Named;
  cadreId: string;
  text: string;
  createdAt: string;
  answerDueAt: string;
  rating: number | null;
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
  deadlines: { accept: string; answer: string; finish: string | null };
  extension: { state: ExtensionState; days: number | null; reason: string | null } | null;
  actions: CadreAction[];
}

export interface CannedReply {
  title: string;
  text: string;
}

export interface Desk {
  cannedReplies: CannedReply[];
  colleagues: (Named & { department: string })[];
  maxExtensionDays: number;
}

/** What the event stream says of a case that changed (src/cases/case-changes.ts). */
export interface CaseChange {
  number: string;
  departmentId: string;
  fromDepartmentId?: string;
  urgent: boolean;
  state: CaseState;
  event: string;
}

export const OPEN_STATES: readonly CaseState[] = ["submitted", "accepted", "in_progress"];
