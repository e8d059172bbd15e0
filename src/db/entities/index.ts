import { Case } from "./case";
import { CaseEvent } from "./case-event";
import { CaseNumberCounter } from "./case-number-counter";
import { ChatMove } from "./chat-move";
import { Conversation } from "./conversation";
import { InboundMessageRecord } from "./inbound-message";
import { InstanceRow } from "./instance";
import { JobRun } from "./job-run";
import { LeaseRow } from "./lease";
import { LoginLink } from "./login-link";
import { OutboxMessage } from "./outbox-message";
import { Reminder } from "./reminder";
import { Resident } from "./resident";

export { Case, CaseEvent, CaseNumberCounter, ChatMove, Conversation, InboundMessageRecord, InstanceRow, JobRun, LeaseRow, LoginLink, OutboxMessage, Reminder, Resident };

export const entities = [Case, CaseEvent, CaseNumberCounter, ChatMove, Conversation, InboundMessageRecord, InstanceRow, JobRun, LeaseRow, LoginLink, OutboxMessage, Reminder, Resident];
