import { Case } from "./case";
import { CaseEvent } from "./case-event";
import { CaseNumberCounter } from "./case-number-counter";
import { ChatMove } from "./chat-move";
import { Conversation } from "./conversation";
import { InboundMessageRecord } from "./inbound-message";
import { LoginLink } from "./login-link";
import { OutboxMessage } from "./outbox-message";
import { Resident } from "./resident";

export { Case, CaseEvent, CaseNumberCounter, ChatMove, Conversation, InboundMessageRecord, LoginLink, OutboxMessage, Resident };

export const entities = [Case, CaseEvent, CaseNumberCounter, ChatMove, Conversation, InboundMessageRecord, LoginLink, OutboxMessage, Resident];
