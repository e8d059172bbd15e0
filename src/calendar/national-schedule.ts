import { cnPublicHolidayNotices, type HolidayNotice } from "./cn-public-holidays";
import { addDays } from "./local-time";

/** The State Council's days off and make-up working days, as date lists for the working calendar. */
export interface NationalSchedule {
  holidays: string[];
  workdays: string[];
  /** The years whose notice ships: outside them only weekends count. */
  years: number[];
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

export function nationalSchedule(notices: readonly HolidayNotice[] = cnPublicHolidayNotices): NationalSchedule {
  const periods = notices.flatMap((n) => n.periods);
  return {
    holidays: periods.flatMap((p) => daysBetween(p.from, p.to)),
    workdays: periods.flatMap((p) => p.workdays),
    years: notices.map((n) => n.year),
  };
}
