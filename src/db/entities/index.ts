import { Case } from "./case";
import { CaseEvent } from "./case-event";
import { CaseNumberCounter } from "./case-number-counter";
import { ChatMove } from "./chat-move";
import { Conversation } from "./conversation";
import { InboundMessageRecord } from "./inbound-message";
import { JobRun } from "./job-run";
import { LoginLink } from "./login-link";
import { OutboxMessage } from "./outbox-message";
import { Reminder } from "./reminder";
import { Resident } from "./resident";
import { WebChatMessageRecord } from "./web-chat-message";

export { Case, CaseEvent, CaseNumberCounter, ChatMove, Conversation, InboundMessageRecord, JobRun, LoginLink, OutboxMessage, Reminder, Resident, WebChatMessageRecord };

export const entities = [Case, CaseEvent, CaseNumberCounter, ChatMove, Conversation, InboundMessageRecord, JobRun, LoginLink, OutboxMessage, Reminder, Resident, WebChatMessageRecord];
