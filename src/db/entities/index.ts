import { CadreSessionRecord } from "./cadre-session";
import { Case } from "./case";
import { CaseEvent } from "./case-event";
import { CaseNumberCounter } from "./case-number-counter";
import { ChatMove } from "./chat-move";
import { Conversation } from "./conversation";
import { InboundMessageRecord } from "./inbound-message";
import { InstanceRow } from "./instance";
import { JobRun } from "./job-run";
import { LeaseRow } from "./lease";
import { LoginFailure } from "./login-failure";
import { LoginLink } from "./login-link";
import { LoginTrust } from "./login-trust";
import { Notice } from "./notice";
import { NoticeNumberCounter } from "./notice-number-counter";
import { OutboxMessage } from "./outbox-message";
import { RateLimitCount } from "./rate-limit-count";
import { Reminder } from "./reminder";
import { Resident } from "./resident";
import { WebChatMessageRecord } from "./web-chat-message";
import { WebKnownResident } from "./web-known-resident";
import { WebPhoto } from "./web-photo";

export { CadreSessionRecord, Case, CaseEvent, CaseNumberCounter, ChatMove, Conversation, InboundMessageRecord, InstanceRow, JobRun, LeaseRow, LoginFailure, LoginLink, LoginTrust, Notice, NoticeNumberCounter, OutboxMessage, RateLimitCount, Reminder, Resident, WebChatMessageRecord, WebKnownResident, WebPhoto };

export const entities = [CadreSessionRecord, Case, CaseEvent, CaseNumberCounter, ChatMove, Conversation, InboundMessageRecord, InstanceRow, JobRun, LeaseRow, LoginFailure, LoginLink, LoginTrust, Notice, NoticeNumberCounter, OutboxMessage, RateLimitCount, Reminder, Resident, WebChatMessageRecord, WebKnownResident, WebPhoto];
