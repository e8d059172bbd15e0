import { dateTimeFormat, isoDate } from "../calendar/date-format";

/** "20261123" for the deployment's local calendar day. */
export function localDay(date: Date, timeZone: string): string {
  const parts = dateTimeFormat("en-CA", timeZone, isoDate).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}${get("month")}${get("day")}`;
}

/**
 * The public number of the day's `counter`-th case, e.g. MQ-20261123-0042: short enough to read
 * out on the phone. The counter is taken with the filing (filing-repository.ts's reserveFiling),
 * which locks the day's row, so concurrent instances never issue the same number.
 */
export function caseNumber(prefix: string, day: string, counter: number): string {
  return `${prefix}-${day}-${String(counter).padStart(4, "0")}`;
}

export { findCaseNumber, normalizeCaseNumber } from "../vocabulary/case-number-format";
