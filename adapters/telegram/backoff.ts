import { TelegramApiError } from "node-telegram-bot-api";

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/** 1 s, 2 s, 4 s, ... up to 30 s after the n-th failure in a row, but never less than Telegram's retry_after. */
export function backoffDelay(failures: number, err?: unknown): number {
  const exponential = Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1), MAX_DELAY_MS);
  const retryAfter = err instanceof TelegramApiError ? err.retryAfter : undefined;
  return retryAfter === undefined ? exponential : Math.max(exponential, retryAfter * 1000);
}

/** Waits `ms`; resolves false early if the signal aborts, so loops can stop promptly. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

