import type { CaseState, ReviewStage } from "../vocabulary/case-states";

/*
 * What GET /chat/cases answers (src/web-chat/resident-cases.ts builds it), as one definition the
 * resident page reads too (front/resident/chat-types.ts). Types only, importing nothing but
 * src/vocabulary, so the page's compiler can read it.
 */

/** One step of a case as its resident may read it: departments act, never named cadres; no internal note. */
export interface ResidentCaseStep {
  at: string;
  /** The time as the bot writes it, in the deployment's time zone. */
  atText: string;
  type: string;
  typeName: string;
  /** The department that acted, or "". */
  actor: string;
  body: string | null;
}

/** A case on the resident page's 我的诉求 list: what /status and /case tell the resident, no more. */
export interface ResidentCase {
  number: string;
  state: CaseState;
  stateName: string;
  open: boolean;
  urgent: boolean;
  category: string;
  community: string | null;
  department: string;
  text: string;
  createdAt: string;
  createdAtText: string;
  /** What the resident waits for next (the answer, or the end of handling), while the case is open. */
  dueAt: string | null;
  dueAtText: string | null;
  /** What is due then: the first answer, or the end of handling. */
  dueFor: "answer" | "finish" | null;
  photos: number;
  hasLocation: boolean;
  timeline: ResidentCaseStep[];
  /** The resident may withdraw it now (撤回): the core's own checks, so the page offers nothing it would refuse. */
  canWithdraw: boolean;
  /** The last moment the resident may ask for a review (申请复查), while they still may; null otherwise. */
  reviewUntil: string | null;
  reviewUntilText: string | null;
  /** What that request would be: a review (复查), or the one re-review (复核) after a review's answer. */
  reviewStage: ReviewStage | null;
}
