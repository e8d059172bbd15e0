import { openStates, reopenRatingAtMost } from "../vocabulary/case-states";

/**
 * What "overdue", "answered in time", "resolved" and "satisfied" mean, as SQL over the columns of
 * `cases` (aliased `c`), in one place: the ledger's filters and every statistic use these, so a
 * case counted overdue in a chart is the one the overdue filter lists. `$now` is a parameter.
 */

const openList = openStates.map((s) => `'${s}'`).join(", ");

/** Still owed an outcome: submitted, accepted or in progress. */
export const isOpen = `c.state IN (${openList})`;

/** When the resident first heard an answer: a reply or the result, or the reason for a rejection. */
export const answeredAt = `coalesce(c.first_answer_at, CASE WHEN c.state = 'rejected' THEN c.closed_at END)`;

/** The next deadline an open case must meet: to accept, to answer first, to finish. */
export const nextDeadline = `LEAST(CASE WHEN c.state = 'submitted' THEN c.accept_due_at END,
  CASE WHEN c.first_answer_at IS NULL THEN c.answer_due_at END,
  CASE WHEN c.state <> 'submitted' THEN c.finish_due_at END)`;

/** Open and past one of its deadlines: not accepted, not answered or not finished in time. */
export function isOverdue(now: string): string {
  return `(${isOpen} AND ${nextDeadline} < ${now})`;
}

/**
 * Whether the case counts for the response rate: it was answered, or its deadline passed while it
 * was open. A case withdrawn before its deadline with no answer is nobody's failure and is left out;
 * a case merged into another resident's (合并) is answered with that one, which counts.
 */
export function responseCounts(now: string): string {
  return `(c.state <> 'merged' AND (${answeredAt} IS NOT NULL OR c.answer_due_at <= least(${now}, coalesce(c.closed_at, ${now}))))`;
}

export const answeredInTime = `(${answeredAt} <= c.answer_due_at)`;

/** Owed a solution: everything but rejected and withdrawn cases, and those merged into another (that one is owed). */
export const isOwed = `c.state NOT IN ('rejected', 'withdrawn', 'merged')`;

/** A matter (件): a case not merged into another resident's case on the same matter. */
export const isMatter = `c.lead_case_id IS NULL`;

/** People (人次) a case stands for: its resident, once more for each time they reported it again. */
export const peopleOfCase = `(1 + c.repeats)`;

/** Resolved now (a low rating reopens a case and clears this). */
export const isResolved = `c.resolved_at IS NOT NULL`;

/** A rating that closed the case, by the same threshold the state machine uses to reopen it. */
export const isSatisfied = `c.rating > ${reopenRatingAtMost}`;

/**
 * Hours from filing to `column`, for averages: in double precision (date_part), since extract()
 * answers in numeric, whose arithmetic made up a third of the statistics' time over a million cases.
 */
export function hoursSinceFiling(column: string): string {
  return `date_part('epoch', ${column} - c.created_at) / 3600`;
}

/**
 * Microseconds from filing to `column`, exactly (a bigint): what the statistics of final cases keep
 * added up (src/db/repositories/final-case-stats-repository.ts), where a float would drift with
 * every case added and taken away again.
 */
export function microsSinceFiling(column: string): string {
  return `((extract(epoch FROM ${column}) - extract(epoch FROM c.created_at)) * 1000000)::bigint`;
}
