import type { Attachment, GeoLocation } from "../channels/port";

/**
 * The words a case is described in: its states and the actions on it. A leaf (it imports
 * nothing but the channels' types), so the data layer (src/db) and the core (src/cases) can both name them without
 * importing each other. What each action does is its file in src/cases/actions/.
 */

/** "merged": handled as another resident's case on the same matter (its lead), whose updates this resident hears. */
export const caseStates = ["submitted", "accepted", "in_progress", "resolved", "closed", "rejected", "withdrawn", "merged"] as const;
export type CaseState = (typeof caseStates)[number];

export const openStates: readonly CaseState[] = ["submitted", "accepted", "in_progress"];

export type CaseAction =
  | { type: "accept" }
  | { type: "reply"; text: string }
  | { type: "reject"; reason: string }
  | { type: "transfer"; departmentId: string; reason?: string }
  | { type: "resolve"; text: string }
  | { type: "note"; text: string }
  | { type: "rate"; rating: number }
  | { type: "withdraw" }
  | { type: "extend_request"; days: number; reason: string }
  | { type: "extend_approve" }
  | { type: "extend_deny"; reason: string }
  | { type: "review"; reason: string }
  | { type: "close_unrated" }
  /** The system hands an open case to another cadre of its department: its own left the deployment file. */
  | { type: "reassign" }
  /** 指派: a department's lead or a supervisor hands the case to a named cadre of its department. */
  | { type: "assign"; cadreId: string; note?: string }
  /**
   * 补充: the resident adds words, photos or the place to their open case: an emergency's
   * details, or a repeat appeal on the same matter (`repeat`), which counts as a 人次, not a 件.
   */
  | { type: "supplement"; text: string; repeat: boolean; photos?: Attachment[]; location?: GeoLocation; quiet?: boolean }
  /** 合并: this case is the same matter as the open case `into` (another resident's), which leads from now on. */
  | { type: "merge"; into: string }
  /** 恢复办理: the lead `lead` this case was merged into was withdrawn by its resident; this one is handled again on its own, in `state`. */
  | { type: "unmerge"; lead: string; state: CaseState };

export type ActionType = CaseAction["type"];

/** 复查 (the first review, by the answering department's higher body) or 复核 (the one re-review, a level above that). */
export type ReviewStage = "review" | "re_review";

/** A rating at or below this reopens the case for re-handling (重办). */
export const reopenRatingAtMost = 2;

export function isOpen(state: CaseState): boolean {
  return openStates.includes(state);
}
