/** Timing helpers: high-resolution clocks, percentiles, closed- and open-loop runners, this process's memory. */

export function nowMs(): number {
  return performance.now();
}

/** The q-quantile (0..1) of the values, by the nearest-rank method; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencies(values: readonly number[]): Latencies {
  return { p50: quantile(values, 0.5), p95: quantile(values, 0.95), p99: quantile(values, 0.99), max: quantile(values, 1) };
}

export interface RunResult {
  /** Operations per second over the whole run. */
  perSecond: number;
  latency: Latencies;
  elapsedMs: number;
}

/**
 * Runs `count` operations with at most `concurrency` in flight (a closed loop: each worker starts
 * its next operation when the last one ends) and times each.
 */
export async function closedLoop(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<RunResult> {
  const times: number[] = [];
  let next = 0;
  const started = nowMs();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = nowMs();
      await op(i);
      times.push(nowMs() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const elapsedMs = nowMs() - started;
  return { perSecond: (count * 1000) / elapsedMs, latency: latencies(times), elapsedMs };
}

/**
 * Starts operations at a fixed rate whatever happens to earlier ones (an open loop, as residents
 * do not wait for each other), and times each from its scheduled start, so queueing counts.
 */
export async function openLoop(count: number, perSecond: number, op: (i: number) => Promise<void>): Promise<RunResult & { achieved: number }> {
  const times: number[] = [];
  const started = nowMs();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - nowMs();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      op(i).then(() => {
        times.push(nowMs() - due);
      }),
    );
  }
  await Promise.all(pending);
  const elapsedMs = nowMs() - started;
  return { perSecond: (count * 1000) / elapsedMs, achieved: (count * 1000) / elapsedMs, latency: latencies(times), elapsedMs };
}

export function rssMb(): number {
  return process.memoryUsage.rss() / 1024 / 1024;
}

/** Times one async call in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = nowMs();
  const value = await fn();
  return { ms: nowMs() - t0, value };
}
