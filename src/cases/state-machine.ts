/**
 * The life of a case as a pure function: which action is allowed in which state and where
 * it leads. `CaseService.apply` is the only caller that changes a case.
 */

export const caseStates = ["submitted", "accepted", "in_progress", "resolved", "closed", "rejected", "withdrawn"] as const;
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
  | { type: "reassign" };

export type ActionType = CaseAction["type"];

const allowedFrom: Record<ActionType, readonly CaseState[]> = {
  accept: ["submitted"],
  reply: ["submitted", "accepted", "in_progress"],
  reject: ["submitted", "accepted"],
  transfer: ["submitted", "accepted", "in_progress"],
  // Solved on the spot (现场办结) needs no separate acceptance.
  resolve: ["submitted", "accepted", "in_progress"],
  note: caseStates,
  rate: ["resolved"],
  withdraw: ["submitted", "accepted", "in_progress"],
  // An extension moves the finish deadline, which exists once the case is accepted.
  extend_request: ["accepted", "in_progress"],
  extend_approve: ["accepted", "in_progress"],
  extend_deny: ["accepted", "in_progress"],
  // 复查: the resident disputes the answer; also after a rating closed the case.
  review: ["resolved", "closed"],
  close_unrated: ["resolved"],
  reassign: openStates,
};

/** A rating at or below this reopens the case for re-handling (重办). */
export const reopenRatingAtMost = 2;

export function canApply(state: CaseState, action: ActionType): boolean {
  return allowedFrom[action].includes(state);
}

/** The state after `action`, or null if the action is not allowed in `state`. */
export function nextState(state: CaseState, action: CaseAction): CaseState | null {
  if (!canApply(state, action.type)) return null;
  switch (action.type) {
    case "accept":
      return "accepted";
    case "reply":
      return "in_progress";
    case "reject":
      return "rejected";
    case "transfer":
      return "submitted";
    case "resolve":
      return "resolved";
    case "note":
      return state;
    case "rate":
      return action.rating <= reopenRatingAtMost ? "in_progress" : "closed";
    case "withdraw":
      return "withdrawn";
    case "extend_request":
    case "extend_approve":
    case "extend_deny":
      return state;
    case "review":
      return "in_progress";
    case "close_unrated":
      return "closed";
    case "reassign":
      return state;
  }
}

export function isOpen(state: CaseState): boolean {
  return openStates.includes(state);
}
