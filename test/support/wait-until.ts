/** Polls until `condition` holds; fails after `timeoutMs` with what `explain` says. */
export async function waitUntil(condition: () => boolean, timeoutMs = 3000, explain: () => string = () => "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
