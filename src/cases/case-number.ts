import { nextCaseNumberOfDay } from "../db/repositories/case-number-repository";
import type { Tx } from "../db/tx";
import { dateTimeFormat, isoDate } from "../calendar/date-format";

/** "20261123" for the deployment's local calendar day. */
export function localDay(date: Date, timeZone: string): string {
  const parts = dateTimeFormat("en-CA", timeZone, isoDate).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}${get("month")}${get("day")}`;
}

/**
 * The next public number, e.g. MQ-20261123-0042: short enough to read out on the phone.
 * The counter row is locked by the upsert, so concurrent instances never issue the same number.
 */
export async function issueCaseNumber(tx: Tx, prefix: string, timeZone: string, now: Date): Promise<string> {
  const day = localDay(now, timeZone);
  const last = await nextCaseNumberOfDay(tx, day);
  return `${prefix}-${day}-${String(last).padStart(4, "0")}`;
}

export { findCaseNumber, normalizeCaseNumber } from "../vocabulary/case-number-format";
