import { NetworkError, ParseError, TelegramApiError, TimeoutError } from "node-telegram-bot-api";
import { DeliveryError } from "../../src/channels/port";

/**
 * Maps a failed Bot API call to what the outbox should do. The library's own retries are
 * off (maxRetries 0), so every failure lands here once and the outbox owns the retrying.
 */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;

  if (err instanceof TelegramApiError) {
    const what = `Telegram ${err.errorCode}: ${err.description}`;
    if (err.errorCode === 429) {
      return new DeliveryError(what, { kind: "retry", afterMs: (err.retryAfter ?? 1) * 1000 });
    }
    // "group chat was upgraded to a supergroup chat": the same message goes to the new id.
    const movedTo = err.migrateToChatId;
    if (movedTo !== undefined) return new DeliveryError(what, { kind: "chat_moved", toChatId: String(movedTo) });
    if (err.errorCode >= 500) return new DeliveryError(what, { kind: "retry" });
    // 401/404 mean the bot token is wrong or revoked: no fault of this message, and it can
    // still be delivered once an operator fixes the configuration.
    if (err.errorCode === 401 || err.errorCode === 404) return new DeliveryError(what, { kind: "retry" });
    // A resident who blocked the bot (or deleted their account) is their choice, not a fault:
    // written off without troubling the operators.
    if (err.errorCode === 403 && /blocked by the user|user is deactivated/i.test(err.description)) {
      return new DeliveryError(what, { kind: "permanent", blocked: true });
    }
    // Other 403s (kicked from the group), 400 (chat not found, bad request): sending the same
    // request again gives the same answer, but an operator can fix the cause (add the bot to the
    // group again, correct the configuration) and send it again: a dead letter.
    return new DeliveryError(what, { kind: "permanent" });
  }

  // The request may never have reached Telegram (or its answer was garbled by a proxy).
  if (err instanceof NetworkError || err instanceof TimeoutError || err instanceof ParseError) {
    return new DeliveryError(err.message, { kind: "retry" });
  }
  // Unknown failures are not evidence that the message is undeliverable, nor that it will pass:
  // retried, and counted toward the outbox's attempts bound, so a message that fails this way
  // every time becomes a dead letter instead of blocking its chat for good. (The failures
  // above are outages and flood waits: those are bounded by the message's age only.)
  return new DeliveryError(err instanceof Error ? err.message : String(err), { kind: "retry", unknown: true });
}

/** A short description of an error for a log line (winston drops an Error's non-enumerable fields). */
export function describeError(err: unknown): string {
  if (err instanceof TelegramApiError) return `Telegram ${err.errorCode}: ${err.description}`;
  if (err instanceof Error) return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
  return String(err);
}
