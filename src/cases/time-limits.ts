import type { WorkingCalendar } from "../calendar/working-calendar";
import { legalBoundDays, type Deployment } from "../config/schema";
import type { ReviewStage } from "../vocabulary/case-states";

type Stage = "accept" | "firstAnswer" | "finish";

export type { ReviewStage } from "../vocabulary/case-states";

const dayMs = 86_400_000;
const unitMs = { m: 60_000, h: 3_600_000, d: dayMs } as const;

/** "30m" | "4h" | "3d" → milliseconds (the config schema guarantees the shape). */
export function durationMs(duration: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([mhd])$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${duration}`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

/**
 * The deadlines of a case: the deployment's policy per urgency and category, in calendar or
 * working time, never later than the Regulations on Letters and Visits allow.
 */
export class TimeLimits {
  constructor(
    private readonly deployment: Deployment,
    private readonly calendar: WorkingCalendar,
  ) {}

  acceptDue(from: Date, c: { categoryId: string; urgent: boolean }): Date {
    return this.capped(from, this.after(from, this.limit(c, "accept")), legalBoundDays.accept);
  }

  firstAnswerDue(from: Date, c: { categoryId: string; urgent: boolean }): Date {
    return this.capped(from, this.after(from, this.limit(c, "firstAnswer")), legalBoundDays.finish);
  }

  /** From acceptance (or reopening): the case must be finished by then. */
  finishDue(from: Date, c: { categoryId: string; urgent: boolean }): Date {
    return this.capped(from, this.after(from, this.limit(c, "finish")), legalBoundDays.finish);
  }

  /** From the request: a review (复查) or a re-review (复核) must be answered by then. */
  reviewDue(from: Date, stage: ReviewStage): Date {
    const limits = this.deployment.timeLimits;
    if (stage === "re_review") return this.capped(from, this.after(from, limits.reReview ?? limits.review), legalBoundDays.reReview);
    return this.capped(from, this.after(from, limits.review), legalBoundDays.review);
  }

  /** The last moment a review may be asked for, `resolvedAt` being when the answer was given. */
  reviewWindowEnd(resolvedAt: Date): Date {
    return this.capped(resolvedAt, this.after(resolvedAt, this.deployment.timeLimits.reviewWindow), legalBoundDays.reviewWindow);
  }

  /** The most days a supervisor may extend a case by. */
  get maxExtensionDays(): number {
    const limit = this.deployment.timeLimits.maxExtension;
    const days = limit.endsWith("wd") ? Number.parseFloat(limit) : durationMs(limit) / dayMs;
    return Math.min(Math.floor(days), legalBoundDays.maxExtension);
  }

  private limit(c: { categoryId: string; urgent: boolean }, stage: Stage): string {
    const urgency = c.urgent ? "urgent" : "normal";
    return this.deployment.timeLimits.categories[c.categoryId]?.[urgency]?.[stage] ?? this.deployment.timeLimits[urgency][stage];
  }

  private after(from: Date, limit: string): Date {
    const working = /^(\d+)\s*wd$/.exec(limit);
    return working ? this.calendar.addWorkingDays(from, Number(working[1])) : new Date(from.getTime() + durationMs(limit));
  }

  private capped(from: Date, due: Date, boundDays: number): Date {
    return new Date(Math.min(due.getTime(), from.getTime() + boundDays * dayMs));
  }
}
