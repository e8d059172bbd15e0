/**
 * A duration as a person says it: minutes under an hour, hours under two days, days beyond —
 * never "0.0 小时" for a case accepted in four minutes. Pure, so a unit test pins it
 * (test/unit/front-duration.test.ts); the page puts the unit's word around the value.
 */
export type DurationUnit = "minutes" | "hours" | "days";

export interface DurationParts {
  /** Formatted with at most one decimal, and none from 10 up: "4", "2.5", "17". */
  value: string;
  unit: DurationUnit;
  /** Below one minute: shown as "< 1 minute". */
  underOneMinute: boolean;
}

const MINUTES_UP_TO_HOURS = 60;
const HOURS_UP_TO_DAYS = 48;

export function durationParts(hours: number): DurationParts {
  const minutes = Math.max(0, hours) * 60;
  if (minutes < 1) return { value: "1", unit: "minutes", underOneMinute: true };
  if (Math.round(minutes) < MINUTES_UP_TO_HOURS) return { value: String(Math.round(minutes)), unit: "minutes", underOneMinute: false };
  // 47.8 hours would read "48 小时": from there on, days.
  if (Math.round(hours) < HOURS_UP_TO_DAYS) return { value: oneDecimal(hours), unit: "hours", underOneMinute: false };
  return { value: oneDecimal(hours / 24), unit: "days", underOneMinute: false };
}

/** 2.46 → "2.5", 2.04 → "2", 13.6 → "14": a decimal only where it tells something. */
function oneDecimal(x: number): string {
  if (x >= 10) return String(Math.round(x));
  const rounded = Math.round(x * 10) / 10;
  // 59.7 minutes rounds to 60 and is shown as hours: "1", never "1.0".
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}
