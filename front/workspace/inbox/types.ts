/**
 * What the cadre inbox API answers: the server's own definition (src/http/dashboard/json-shapes.ts),
 * which its routes are typed by, so the pages read exactly what it sends.
 */
import type { CadreAction, InboxView } from "../../../src/http/dashboard/json-shapes";
import type { CaseState } from "../../shared/vocabulary";

export type {
  CadreAction,
  CannedReply,
  CaseChange,
  CaseDetail,
  Desk,
  DueKind,
  ExtensionState,
  InboxAnswer,
  InboxRow,
  InboxView,
  Named,
  TimelineEvent,
} from "../../../src/http/dashboard/json-shapes";
export type { CaseState } from "../../shared/vocabulary";

/** The inbox's filters, in the order the page shows them. */
export const INBOX_VIEWS = ["open", "mine", "unassigned", "due_soon", "overdue", "urgent"] as const satisfies readonly InboxView[];

/** The case view's buttons, in the order the page shows them (the server says which apply). */
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
] as const satisfies readonly CadreAction[];

export const OPEN_STATES: readonly CaseState[] = ["submitted", "accepted", "in_progress"];
