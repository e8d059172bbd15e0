/**
 * The resident chat API's shapes: the server's own definitions (the message its feed sends,
 * src/web-chat/web-chat-transport.ts; the 我的诉求 list, src/web-chat/resident-case-shape.ts), so
 * the page reads exactly what it sends.
 */
export type { Button as ChatButton } from "../../src/channels/port";
export type { WebChatMessage as ChatMessage } from "../../src/web-chat/web-chat-transport";
export type { ResidentCase, ResidentCaseStep as CaseStep } from "../../src/web-chat/resident-case-shape";

/** What a post answered: the status and its JSON (the send queue decides on both). */
export interface PostAnswer {
  status: number;
  json: { error?: string; code?: string; retryAfterSeconds?: number; photo?: string; maxBytes?: number };
}
