import { addDays, fromLocal, minutesOf, toLocal, weekdayOf } from "./local-time";

export interface CalendarSettings {
  timezone: string;
  /** Days of the week off, 0 = Sunday. */
  weekend: number[];
  /** Days off that would be working days ("2026-10-01"). */
  holidays: string[];
  /** Weekend days that are working days (调休 make-up days). */
  workdays: string[];
  /** When a working day ends: deadlines in working days fall at this time. */
  endOfDay: string;
}

/** Working days of a government office: weekends off, public holidays, and make-up working days. */
export class WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;

  constructor(private readonly settings: CalendarSettings) {
    this.holidays = new Set(settings.holidays);
    this.workdays = new Set(settings.workdays);
  }

  get timezone(): string {
    return this.settings.timezone;
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return !this.settings.weekend.includes(weekdayOf(date));
  }

  /** The end of the n-th working day after `from`'s local day: "within 3 working days". */
  addWorkingDays(from: Date, n: number): Date {
    let date = toLocal(from, this.timezone).date;
    for (let counted = 0; counted < n; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) counted += 1;
    }
    return fromLocal(date, this.settings.endOfDay, this.timezone);
  }

  /** Whether `at` falls in the window [from, to) of local clock times, which may span midnight. */
  inDailyWindow(at: Date, from: string, to: string): boolean {
    const local = toLocal(at, this.timezone);
    const m = local.hour * 60 + local.minute;
    const start = minutesOf(from);
    const end = minutesOf(to);
    return start <= end ? m >= start && m < end : m >= start || m < end;
  }

  /** The next moment the local clock shows `time`, at or after `at`. */
  nextLocalTime(at: Date, time: string): Date {
    const today = toLocal(at, this.timezone).date;
    const candidate = fromLocal(today, time, this.timezone);
    return candidate.getTime() >= at.getTime() ? candidate : fromLocal(addDays(today, 1), time, this.timezone);
  }
}
