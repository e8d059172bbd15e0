/**
 * The case and its timeline events as the core holds them: plain records (defined in the leaf
 * src/vocabulary/ so src/db's repositories can map rows to them without importing the core).
 */
export type { CaseRecord, CaseEventRecord, ActorKind, EventType, EventData, CaseChannel } from "../vocabulary/case-record";
