/** The resident chat API's shapes (adapters/web/types.ts, src/web-chat/resident-cases.ts), as the page reads them. */

export interface ChatButton {
  label: string;
  data: string;
}

export interface ChatMessage {
  id: string;
  seq: number;
  at: string;
  from: { kind: "bot" } | { kind: "resident" } | { kind: "cadre"; account: string; name: string };
  text: string;
  buttons?: ChatButton[][];
  replyToMessageId?: string;
  replyPreview?: string;
  alarm?: boolean;
  photo?: { kind: "photo"; fileId: string; channel: string };
  location?: { latitude: number; longitude: number };
  clientMessageId?: string;
}

export interface CaseStep {
  at: string;
  atText: string;
  type: string;
  typeName: string;
  actor: string;
  body: string | null;
}

export interface ResidentCase {
  number: string;
  state: string;
  stateName: string;
  open: boolean;
  urgent: boolean;
  category: string;
  community: string | null;
  department: string;
  text: string;
  createdAt: string;
  createdAtText: string;
  dueAt: string | null;
  dueAtText: string | null;
  dueFor: "answer" | "finish" | null;
  photos: number;
  hasLocation: boolean;
  timeline: CaseStep[];
  /** What the resident may do now, as the core decides (src/web-chat/resident-cases.ts). */
  canWithdraw: boolean;
  reviewUntil: string | null;
  reviewUntilText: string | null;
}

/** What a post answered: the status and its JSON (the send queue decides on both). */
export interface PostAnswer {
  status: number;
  json: { error?: string; code?: string; retryAfterSeconds?: number; photo?: string; maxBytes?: number };
}
