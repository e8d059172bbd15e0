import { cnPublicHolidayNotices } from "../../src/calendar/cn-public-holidays";
import { fromLocal, toLocal, weekdayOf } from "../../src/calendar/local-time";
import { daysBetween, nationalSchedule } from "../../src/calendar/national-schedule";
import { WorkingCalendar } from "../../src/calendar/working-calendar";
import { TimeLimits } from "../../src/cases/time-limits";
import { loadSettings } from "../../src/config/load";
import { deploymentSchema } from "../../src/config/schema";

const tz = "Asia/Shanghai";
const at = (local: string) => fromLocal(local.slice(0, 10), local.slice(11), tz);
const show = (d: Date) => {
  const l = toLocal(d, tz);
  return `${l.date} ${String(l.hour).padStart(2, "0")}:${String(l.minute).padStart(2, "0")}`;
};

// National Day week 2026 as a county might configure it: Thu 1st to Wed 7th off, Sat 10th worked.
const calendar = new WorkingCalendar({
  timezone: tz,
  weekend: [0, 6],
  holidays: ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
  workdays: ["2026-10-10"],
  endOfDay: "18:00",
});

describe("local time in the deployment's zone", () => {
  test("a local wall-clock time round-trips through UTC", () => {
    expect(at("2026-11-23 09:00").toISOString()).toBe("2026-11-23T01:00:00.000Z");
    expect(show(new Date("2026-11-23T16:30:00Z"))).toBe("2026-11-24 00:30");
  });
});

describe("the working calendar", () => {
  test("weekends are skipped: Friday + 1 working day is Monday evening", () => {
    expect(show(calendar.addWorkingDays(at("2026-11-20 10:00"), 1))).toBe("2026-11-23 18:00");
  });

  test("holidays are skipped and make-up working days count", () => {
    // Wed 30 Sep + 2 working days: Thu 1st–Wed 7th off (weekend and holidays), Thu 8th, Fri 9th.
    expect(show(calendar.addWorkingDays(at("2026-09-30 15:00"), 2))).toBe("2026-10-09 18:00");
    // Fri 9th + 1: Saturday 10th is a make-up working day.
    expect(show(calendar.addWorkingDays(at("2026-10-09 09:00"), 1))).toBe("2026-10-10 18:00");
  });

  test("quiet hours span midnight", () => {
    expect(calendar.inDailyWindow(at("2026-11-23 23:10"), "22:00", "08:00")).toBe(true);
    expect(calendar.inDailyWindow(at("2026-11-24 07:59"), "22:00", "08:00")).toBe(true);
    expect(calendar.inDailyWindow(at("2026-11-24 08:00"), "22:00", "08:00")).toBe(false);
    expect(show(calendar.nextLocalTime(at("2026-11-23 23:10"), "08:00"))).toBe("2026-11-24 08:00");
  });
});

describe("the State Council's holiday schedule, on by default", () => {
  const deployment = loadSettings({}).deployment;
  const county = (calendar: Partial<typeof deployment.calendar> = {}) => new WorkingCalendar({ timezone: tz, ...deployment.calendar, ...calendar });
  const due = (c: WorkingCalendar, from: string, n: number) => show(c.addWorkingDays(at(from), n));

  test("春节 2026 is skipped and its two make-up Saturdays are worked", () => {
    // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), 二: 2月15日（周日）至23日（周一）放假调休，
    // 共9天。2月14日（周六）、2月28日（周六）上班。
    const calendar = county();
    expect(due(calendar, "2026-02-13 10:00", 1)).toBe("2026-02-14 18:00"); // Friday + 1: the make-up Saturday
    expect(due(calendar, "2026-02-14 10:00", 1)).toBe("2026-02-24 18:00"); // nine days off, then Tuesday
    // Fri 13th + 6: Sat 14th, Tue 24th … Fri 27th, and Saturday 28th.
    expect(due(calendar, "2026-02-13 10:00", 6)).toBe("2026-02-28 18:00");
  });

  test("国庆 2025, eight days with 中秋, is skipped and its make-up Sunday and Saturday are worked", () => {
    // 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号), 六: 10月1日（周三）至8日（周三）
    // 放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    const calendar = county();
    expect(due(calendar, "2025-09-26 10:00", 1)).toBe("2025-09-28 18:00"); // Friday + 1: the make-up Sunday
    expect(due(calendar, "2025-09-30 10:00", 1)).toBe("2025-10-09 18:00");
    expect(due(calendar, "2025-09-30 10:00", 3)).toBe("2025-10-11 18:00"); // Thu 9th, Fri 10th, Sat 11th
  });

  test("春节 2025 starts on 除夕 under the 2024 rules (国务院令第797号)", () => {
    // The same notice, 二: 1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    expect(due(county(), "2025-01-27 10:00", 1)).toBe("2025-02-05 18:00");
  });

  test("a county's own holiday adds to the national ones, and can fall on a national make-up day", () => {
    // Tuesday 3 March 2026 and Saturday 28 February: this county's own (invented) festival days.
    const calendar = county({ holidays: ["2026-03-03", "2026-02-28"] });
    expect(due(calendar, "2026-03-02 10:00", 1)).toBe("2026-03-04 18:00");
    expect(due(calendar, "2026-02-14 10:00", 1)).toBe("2026-02-24 18:00"); // 春节 still off
    expect(calendar.isWorkingDay("2026-02-28")).toBe(false);
    expect(calendar.isWorkingDay("2026-02-14")).toBe(true);
  });

  test("a county that switches the national schedule off counts weekends only", () => {
    expect(due(county({ nationalSchedule: false }), "2026-02-13 10:00", 1)).toBe("2026-02-16 18:00");
  });

  test("a year whose notice does not ship is named at start, from December for the next year", () => {
    const calendar = county();
    expect(calendar.uncoveredNationalYear(at("2026-06-01 09:00"))).toBeNull();
    expect(calendar.uncoveredNationalYear(at("2026-12-01 09:00"))).toBe(2027);
    expect(calendar.uncoveredNationalYear(at("2027-01-04 09:00"))).toBe(2027);
    // A county that added the year's dates itself is not told again; nor one that switched the schedule off.
    expect(county({ holidays: ["2027-01-01"] }).uncoveredNationalYear(at("2027-01-04 09:00"))).toBeNull();
    expect(county({ nationalSchedule: false }).uncoveredNationalYear(at("2027-01-04 09:00"))).toBeNull();
  });
});

describe("the shipped holiday notices", () => {
  // A date of the calendar (no 30 February), written as the configuration writes them.
  const isRealDate = (d: string) => {
    const t = new Date(`${d}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  };

  test("ship 2023 to 2026, one notice a year, each with its title, date and source", () => {
    expect(cnPublicHolidayNotices.map((n) => n.year)).toEqual([2023, 2024, 2025, 2026]);
    for (const n of cnPublicHolidayNotices) {
      expect(n.title).toBe(`国务院办公厅关于${n.year}年部分节假日安排的通知`);
      if (n.number !== null) expect(n.number).toMatch(new RegExp(`^国办发明电〔${n.year - 1}〕\\d+号$`));
      expect(isRealDate(n.issued) && n.issued < `${n.year}-01-01`).toBe(true);
      expect(n.source).toMatch(/^https:\/\/\S+$/);
      expect(n.sourceNote.length).toBeGreaterThan(0);
    }
  });

  test("every date parses, each period is as long as its 共N天, and every make-up day is a weekend day", () => {
    for (const { year, periods } of cnPublicHolidayNotices) {
      for (const p of periods) {
        for (const d of [p.from, p.to, ...p.workdays]) expect([d, isRealDate(d)]).toEqual([d, true]);
        expect([p.name, daysBetween(p.from, p.to).length]).toEqual([p.name, p.days]);
        // A period ends in its notice's year (2023's 元旦 began on 31 December 2022).
        expect([p.name, p.to.slice(0, 4)]).toEqual([p.name, String(year)]);
        for (const d of p.workdays) expect([d, [0, 6].includes(weekdayOf(d))]).toEqual([d, true]);
      }
    }
  });

  test("no date is both a holiday and a make-up working day, or listed twice", () => {
    const { holidays, workdays } = nationalSchedule();
    expect(holidays.filter((d) => workdays.includes(d))).toEqual([]);
    expect(new Set(holidays).size).toBe(holidays.length);
    expect(new Set(workdays).size).toBe(workdays.length);
  });
});

describe("time limits", () => {
  const base = loadSettings({}).deployment;

  test("the defaults: urgent appeals within hours, ordinary ones in working days", () => {
    const limits = new TimeLimits(base, calendar);
    const created = at("2026-11-20 10:00"); // a Friday
    expect(show(limits.acceptDue(created, { categoryId: "city", urgent: true }))).toBe("2026-11-20 10:30");
    expect(show(limits.acceptDue(created, { categoryId: "city", urgent: false }))).toBe("2026-11-23 18:00");
    expect(show(limits.firstAnswerDue(created, { categoryId: "city", urgent: false }))).toBe("2026-11-25 18:00");
    // Gas leaks are faster even when not flagged urgent.
    expect(show(limits.acceptDue(created, { categoryId: "gas", urgent: false }))).toBe("2026-11-20 14:00");
  });

  test("no configuration can exceed the Regulations on Letters and Visits", () => {
    const result = deploymentSchema.safeParse({
      ...base,
      timeLimits: { ...base.timeLimits, normal: { accept: "16d", firstAnswer: "3d", finish: "61d" }, maxExtension: "45d", reviewWindow: "31d" },
    });
    const messages = result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/timeLimits\.normal\.accept: .*15 days/),
        expect.stringMatching(/timeLimits\.normal\.finish: .*60 days/),
        expect.stringMatching(/timeLimits\.maxExtension: .*30 days/),
        expect.stringMatching(/timeLimits\.reviewWindow: .*30 days/),
      ]),
    );
  });

  test("working days that run past a legal bound over long holidays are cut to it", () => {
    const fortyDaysOff = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2026, 11, 1 + i)).toISOString().slice(0, 10));
    const long = new WorkingCalendar({ timezone: tz, weekend: [0, 6], holidays: fortyDaysOff, workdays: [], endOfDay: "18:00" });
    const limits = new TimeLimits({ ...base, timeLimits: { ...base.timeLimits, normal: { ...base.timeLimits.normal, accept: "15wd" } } }, long);
    const created = at("2026-11-30 10:00");
    expect(limits.acceptDue(created, { categoryId: "city", urgent: false }).getTime() - created.getTime()).toBe(15 * 86_400_000);
  });

  test("an extension is at most 30 days", () => {
    expect(new TimeLimits(base, calendar).maxExtensionDays).toBe(30);
  });

  test("a deployment file that asks for more than the law allows is refused at start", () => {
    expect(() => deploymentSchema.parse({ ...base, timeLimits: { ...base.timeLimits, maxExtension: "40d" } })).toThrow(/30 days/);
  });
});
