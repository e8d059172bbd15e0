/**
 * The service's own words for a case (src/vocabulary/, a leaf that imports nothing of the core),
 * as types only: the pages' texts must name every state and timeline event the server can send,
 * and the compiler says so when the server gains one.
 */
export type { CaseState } from "../../src/vocabulary/case-states";
export type { EventType } from "../../src/vocabulary/case-record";
