import type { ChatApi } from "./chat-api";
import type { PostAnswer } from "./chat-types";

/**
 * This browser's chat: POST /chat/session until the server has set the cookie. Minqing never
 * refuses one, but a proxy in front may answer 429 with when to come back: then `ensure` resolves
 * with that answer (a message waiting for it goes back into the box, as for a refused message)
 * and the next call asks again; no retrying in a loop.
 */
export class Identity {
  private pending: Promise<PostAnswer | null> | null = null;
  private waiters: (() => void)[] = [];

  constructor(private readonly api: ChatApi) {}

  /** Null once the chat exists; a 429 answer if a proxy said to wait. */
  ensure(): Promise<PostAnswer | null> {
    if (this.pending) return this.pending;
    let delay = 1000;
    const pending = new Promise<PostAnswer | null>((resolve) => {
      const attempt = async () => {
        const answer = await this.api.post("/chat/session", {});
        if (answer.status === 200) {
          resolve(null);
          this.waiters.splice(0).forEach((wake) => wake());
          return;
        }
        if (answer.status === 429 && typeof answer.json.retryAfterSeconds === "number") {
          this.pending = null;
          resolve(answer);
          return;
        }
        window.setTimeout(() => void attempt(), delay);
        delay = Math.min(delay * 2, 30_000);
      };
      void attempt();
    });
    this.pending = pending;
    return pending;
  }

  /** The cookie is gone (cleared, or expired): the next ensure() asks for a chat again. */
  forget(): void {
    this.pending = null;
  }

  /**
   * Resolves once this browser has its chat, waiting as long as a 429 said between asks, or less
   * if a message the resident sent meanwhile got the chat first.
   */
  async ready(): Promise<void> {
    const limited = await this.ensure();
    if (!limited) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        window.clearTimeout(timer);
        resolve();
      };
      const timer = window.setTimeout(wake, (limited.json.retryAfterSeconds ?? 1) * 1000);
      this.waiters.push(wake);
    });
    return this.ready();
  }
}
