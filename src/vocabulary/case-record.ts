import type { Attachment, ChannelName, GeoLocation } from "../channels/port";
import type { ActionType, CaseState } from "./case-states";

/** Where a resident is reached: a chat channel, or "api" (the filing system reads the case itself). */
export type CaseChannel = ChannelName | "api";

/**
 * A case as the core sees it: a plain record, read and written by src/db/repositories/
 * case-repository.ts (which checks every row it maps). Not the TypeORM entity: the core never
 * holds one, so the data layer may change how it stores a case without the core noticing.
 */
export interface CaseRecord {
  id: number;
  /** Readable aloud over the phone: MQ-20261123-0042. */
  number: string;
  residentId: number;
  /** Where updates go: the channel and chat the resident used ("api": nowhere; the filing system reads them). */
  channel: CaseChannel;
  chatId: string;
  text: string;
  photos: Attachment[];
  location: GeoLocation | null;
  categoryId: string;
  communityId: string | null;
  urgent: boolean;
  departmentId: string;
  cadreId: string;
  state: CaseState;
  rating: number | null;
  createdAt: Date;
  /** By when the department must accept or reject it. */
  acceptDueAt: Date;
  /** By when the resident gets a first answer. */
  answerDueAt: Date;
  /** By when it must be finished: set on acceptance, moved by an approved extension or a reopening. */
  finishDueAt: Date | null;
  /** The one extension a case may get: requested by a handler, decided by a supervisor. */
  extensionState: "requested" | "approved" | "denied" | null;
  extensionDays: number | null;
  extensionReason: string | null;
  /** Reviews (复查) the resident asked for, counted apart from re-handling after a low rating. */
  reviewCount: number;
  /** Times the resident reported this matter again (added as 补充, see actions/supplement.ts). */
  repeats: number;
  /** The lead case this one was merged into (state "merged"): the same matter, another resident. */
  leadCaseId: number | null;
  /** A report about a department or an official (信访工作条例 Art. 30): the department it accuses, which never sees it. */
  accusedDepartmentId: string | null;
  /** The accused department's cadre the report names, if any: they never see it either. */
  accusedCadreId: string | null;
  /** When the resident last heard about this case, so silence can be noticed. */
  residentNotifiedAt: Date | null;
  acceptedAt: Date | null;
  firstAnswerAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
}

export type ActorKind = "resident" | "cadre" | "system";
export type EventType = ActionType | "created";
export type EventData = Record<string, string | number | boolean | null>;

/** One line of a case's append-only timeline: the audit log and the source of every update. */
export interface CaseEventRecord {
  id: number;
  caseId: number;
  at: Date;
  type: EventType;
  actorKind: ActorKind;
  actorId: string | null;
  /** Whether the resident may see this event (internal notes are not public). */
  public: boolean;
  body: string | null;
  data: EventData | null;
}
