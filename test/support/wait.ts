/**
 * Polls `probe` until it returns something other than undefined or false, and returns that.
 * Fault tests wait for conditions this way rather than sleeping for a guessed time, so they
 * pass on a loaded machine and do not wait longer than needed on a fast one.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number; what: string | (() => string | Promise<string>) },
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      // A probe may fail while what it looks at is down (a database restarting): try again.
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const what = typeof options.what === "string" ? options.what : await options.what();
      const cause = lastError === undefined ? "" : ` (last probe failed: ${String(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(options.intervalMs ?? 50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `promise`'s value, or `onTimeout` if it takes longer than `ms` (the timer does not outlive it). */
export async function within<T, U>(promise: Promise<T>, ms: number, onTimeout: U): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<U>((resolve) => (timer = setTimeout(() => resolve(onTimeout), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
