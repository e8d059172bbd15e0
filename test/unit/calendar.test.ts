import { fromLocal, toLocal } from "../../src/calendar/local-time";
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
