import type { ChatMessage, PostAnswer, ResidentCase } from "./chat-types";

/**
 * The resident chat API (src/http/resident-chat/resident-chat-routes.ts). The chat is known by an HttpOnly
 * cookie the server sets on POST /chat/session: no script here can read it, and no chat id goes
 * into a URL or a body. Posts answer {status, json} instead of throwing: a 429 or a 503 is not
 * a failure here but a reason to wait or retry (send-queue.ts), and a network error is a 0.
 */
export class ChatApi {
  /** The page's language, so the bot and the 我的诉求 list answer in it. */
  constructor(private readonly language: () => string) {}

  post(path: string, body: unknown): Promise<PostAnswer> {
    return this.send(path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  }

  /** A resized photo as the raw body; the server checks its bytes and size. */
  postPhoto(photo: Blob): Promise<PostAnswer> {
    return this.send("/chat/photos", { method: "POST", body: photo, headers: { "Content-Type": photo.type || "application/octet-stream" } });
  }

  async cases(): Promise<ResidentCase[]> {
    const response = await fetch("/chat/cases", { credentials: "same-origin", headers: { Accept: "application/json", "Accept-Language": this.language() } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as { cases: ResidentCase[] };
    return body.cases;
  }

  eventsUrl(after: number): string {
    return `/chat/events?after=${after}`;
  }

  private async send(path: string, init: RequestInit): Promise<PostAnswer> {
    let response: Response;
    try {
      response = await fetch(path, { ...init, credentials: "same-origin", headers: { Accept: "application/json", "Accept-Language": this.language(), ...init.headers } });
    } catch {
      return { status: 0, json: {} };
    }
    const json = (await response.json().catch(() => ({}))) as PostAnswer["json"];
    return { status: response.status, json };
  }
}

export function isChatMessage(value: unknown): value is ChatMessage {
  const m = value as Partial<ChatMessage> | null;
  return typeof m === "object" && m !== null && typeof m.id === "string" && typeof m.seq === "number" && typeof m.text === "string";
}
