import { durationParts } from "../../front/workspace/dashboard/duration";

/** The dashboard's averages read as a person says them: minutes, hours or days, never "0.0 小时". */
describe("a duration as the dashboard shows it", () => {
  const shown = (hours: number) => {
    const p = durationParts(hours);
    return p.underOneMinute ? "< 1 min" : `${p.value} ${p.unit}`;
  };

  test("under an hour in whole minutes, and under a minute as such", () => {
    expect(shown(0)).toBe("< 1 min");
    expect(shown(0.01)).toBe("< 1 min");
    expect(shown(4 / 60)).toBe("4 minutes");
    expect(shown(0.5)).toBe("30 minutes");
    expect(shown(59.4 / 60)).toBe("59 minutes");
  });

  test("from an hour to two days in hours, one decimal only where it tells something", () => {
    // 59.6 minutes rounds to an hour: "1 hours", not "60 minutes" nor "1.0".
    expect(shown(59.6 / 60)).toBe("1 hours");
    expect(shown(2.46)).toBe("2.5 hours");
    expect(shown(2.04)).toBe("2 hours");
    expect(shown(13.6)).toBe("14 hours");
    expect(shown(47.4)).toBe("47 hours");
  });

  test("from two days in days", () => {
    // 47.9 hours rounds to 48: two days, not "48 hours".
    expect(shown(47.9)).toBe("2 days");
    expect(shown(48)).toBe("2 days");
    expect(shown(84)).toBe("3.5 days");
    expect(shown(24 * 17.4)).toBe("17 days");
  });

  test("a negative average (a clock set back) is not shown as a negative time", () => {
    expect(shown(-3)).toBe("< 1 min");
  });
});
