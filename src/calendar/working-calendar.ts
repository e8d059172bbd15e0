import { addDays, fromLocal, minutesOf, toLocal, weekdayOf } from "./local-time";
import { nationalSchedule } from "./national-schedule";

export interface CalendarSettings {
  timezone: string;
  /** Days of the week off, 0 = Sunday. */
  weekend: number[];
  /** The State Council's holidays and make-up days (src/calendar/cn-public-holidays.ts) as well as the lists below. */
  nationalSchedule?: boolean;
  /** Days off that would be working days ("2026-10-01"): the county's own, on top of the national ones. */
  holidays: string[];
  /** Weekend days that are working days (调休 make-up days): the county's own, on top of the national ones. */
  workdays: string[];
  /** When a working day ends: deadlines in working days fall at this time. */
  endOfDay: string;
}

/** Working days of a government office: weekends off, public holidays, and make-up working days. */
export class WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  /** The years the national schedule covers; none when it is off. */
  readonly nationalYears: number[];

  constructor(private readonly settings: CalendarSettings) {
    const national = settings.nationalSchedule ? nationalSchedule() : { holidays: [], workdays: [], years: [] };
    const countyHolidays = new Set(settings.holidays);
    const countyWorkdays = new Set(settings.workdays);
    // The county's word is last: its own festival on a national make-up Saturday is a day off, and
    // a day it works (a local exception) is worked even inside a national holiday.
    this.holidays = new Set([...national.holidays.filter((d) => !countyWorkdays.has(d)), ...countyHolidays]);
    this.workdays = new Set([...national.workdays.filter((d) => !countyHolidays.has(d)), ...countyWorkdays]);
    this.nationalYears = national.years;
  }

  get timezone(): string {
    return this.settings.timezone;
  }

  /**
   * This year, or from December next year too (the notice comes out in November or December), when
   * the national schedule is on but does not cover it and the county's own lists name no day of it.
   */
  uncoveredNationalYear(now: Date): number | null {
    if (!this.settings.nationalSchedule) return null;
    const today = toLocal(now, this.timezone).date;
    const year = Number(today.slice(0, 4));
    const years = today.slice(5, 7) === "12" ? [year, year + 1] : [year];
    const countyYears = new Set([...this.settings.holidays, ...this.settings.workdays].map((d) => Number(d.slice(0, 4))));
    return years.find((y) => !this.nationalYears.includes(y) && !countyYears.has(y)) ?? null;
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
