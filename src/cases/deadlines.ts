import type { Deployment } from "../config/schema";

const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30m" | "4h" | "3d" → milliseconds (the config schema guarantees the shape). */
export function durationMs(duration: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([mhd])$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${duration}`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

/** When the resident can expect a first answer. */
export function answerDue(createdAt: Date, urgent: boolean, deployment: Deployment): Date {
  return new Date(createdAt.getTime() + durationMs(urgent ? deployment.answerWithin.urgent : deployment.answerWithin.normal));
}
